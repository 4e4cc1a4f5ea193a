package dev.rollback.core.internal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollback.core.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 13: both JSON writers escape strings one way, and the run document reads back what it wrote. */
class JsonStringsTest {

  private static String quoted(String s) {
    StringBuilder out = new StringBuilder();
    JsonStrings.quote(out, s);
    return out.toString();
  }

  @Test
  void escapesWhatJsonAndJavaScriptReadersChokeOn() {
    assertEquals("\"a\\\"b\\\\c\\n\\u0001\\u007f\\u2028\\ud800x\"", quoted("a\"b\\c\n\u0001\u007f\u2028\ud800x"));
    assertEquals("\"\ud83d\ude00 plain\"", quoted("\ud83d\ude00 plain"), "a surrogate pair is kept as it is");
  }

  @Test
  void theRunDocumentReadsBackWhatItWrote() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("text", "line\u2028break \u007f \ud800 \"quoted\"");
    doc.put("ratio", Double.NaN);
    doc.put("list", List.of(1L, "two"));
    String written = Json.write(doc);
    assertEquals("{\"text\":\"line\\u2028break \\u007f \\ud800 \\\"quoted\\\"\",\"ratio\":\"NaN\",\"list\":[1,\"two\"]}",
        written);
    Map<?, ?> read = (Map<?, ?>) Json.parse(written);
    assertEquals(doc.get("text"), read.get("text"));
    assertEquals("NaN", read.get("ratio"), "a non-finite number is kept by name");
  }
}
