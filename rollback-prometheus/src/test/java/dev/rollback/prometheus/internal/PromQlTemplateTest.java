package dev.rollback.prometheus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PromQlTemplateTest {
  private static Map<String, @Nullable String> values(String cluster) {
    Map<String, @Nullable String> v = new HashMap<>();
    v.put("cluster", cluster);
    v.put("namespace", "shop");
    v.put("name", "cart");
    v.put("version", "1.4.2");
    return v;
  }

  @Test
  void fillsPlaceholdersInsideDoubleQuotedStrings() {
    PromQlTemplate t =
        PromQlTemplate.parse(
            "sum(rate(x{cluster=\"{cluster}\",ns=\"{namespace}\",app=\"{name}\",v=\"{version}\"}[1m]))");

    assertEquals(
        "sum(rate(x{cluster=\"eu\",ns=\"shop\",app=\"cart\",v=\"1.4.2\"}[1m]))",
        t.render(values("eu")));
  }

  @Test
  void escapesQuotesBackslashesAndControlCharacters() {
    PromQlTemplate t = PromQlTemplate.parse("x{c=\"{cluster}\"}");

    assertEquals("x{c=\"a\\\"b\\\\c\\nd\\x01\"}", t.render(values("a\"b\\c\nd\u0001")));
  }

  @Test
  void escapesForTheQuoteTheValueSitsIn() {
    PromQlTemplate t = PromQlTemplate.parse("x{c='{cluster}'}");

    assertEquals("x{c='it\\'s \"q\"'}", t.render(values("it's \"q\"")));
  }

  @Test
  void refusesPlaceholdersOutsideStringsOrInRawStrings() {
    IllegalArgumentException bare =
        assertThrows(IllegalArgumentException.class, () -> PromQlTemplate.parse("x{ns={namespace}}"));
    IllegalArgumentException raw =
        assertThrows(IllegalArgumentException.class, () -> PromQlTemplate.parse("x{ns=`{namespace}`}"));

    assertTrue(bare.getMessage().contains("{namespace} at offset 5"), bare.getMessage());
    assertTrue(raw.getMessage().contains("raw string"), raw.getMessage());
  }

  @Test
  void refusesUnknownPlaceholdersInStringsAndUnclosedStrings() {
    IllegalArgumentException typo =
        assertThrows(IllegalArgumentException.class, () -> PromQlTemplate.parse("x{ns=\"{namesapce}\"}"));
    IllegalArgumentException unclosed =
        assertThrows(IllegalArgumentException.class, () -> PromQlTemplate.parse("x{ns=\"{namespace}}"));

    assertTrue(typo.getMessage().contains("unknown placeholder {namesapce}"), typo.getMessage());
    assertTrue(unclosed.getMessage().contains("not closed"), unclosed.getMessage());
  }

  @Test
  void escapedQuotesAndCommentsDoNotConfuseTheScanner() {
    PromQlTemplate t =
        PromQlTemplate.parse("x{a=\"say \\\"hi\\\"\",ns=\"{namespace}\"} # uses {name} in a comment");

    assertEquals("x{a=\"say \\\"hi\\\"\",ns=\"shop\"} # uses {name} in a comment", t.render(values("c")));
    assertFalse(t.uses("name"));
    assertTrue(t.uses("namespace"));
  }

  @Test
  void regexQuantifiersAndLabelBracesAreLeftAlone() {
    PromQlTemplate t = PromQlTemplate.parse("x{code=~\"5[0-9]{2}\",ns=\"{namespace}\"}");

    assertEquals("x{code=~\"5[0-9]{2}\",ns=\"shop\"}", t.render(values("c")));
  }

  @Test
  void renderingWithoutAValueForAUsedPlaceholderFails() {
    PromQlTemplate t = PromQlTemplate.parse("x{v=\"{version}\"}");
    Map<String, @Nullable String> v = values("c");
    v.put("version", null);

    assertThrows(IllegalArgumentException.class, () -> t.render(v));
  }
}
