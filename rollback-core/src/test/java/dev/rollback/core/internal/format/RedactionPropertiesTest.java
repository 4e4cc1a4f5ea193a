package dev.rollback.core.internal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 12: redaction hides the value of every secret-sounding key, in every key family, case and
 * separator style, quoted values whole; it reads each character of a text a bounded number of
 * times, whatever the text; it keeps a bounded part of a long text; and redacting twice changes
 * nothing.
 */
class RedactionPropertiesTest {
  /** The key families of the issue, as the words people write them with. */
  private static final List<List<String>> FAMILIES = List.of(
      List.of("token"), List.of("access", "token"), List.of("secret"), List.of("client", "secret"),
      List.of("password"), List.of("passwd"), List.of("pass"), List.of("pwd"), List.of("credential"),
      List.of("credentials"), List.of("api", "key"), List.of("auth"), List.of("private", "key"),
      List.of("passphrase"), List.of("session", "id"), List.of("cookie"));
  private static final List<String> PREFIXES = List.of("db", "admin", "client", "pg", "x", "my", "app", "service");
  private static final List<String> SUFFIXES = List.of("value", "file", "hash", "v2", "b64");

  /** Every value's words start with this, which nothing else in the texts contains. */
  private static final String MARK = "q7V";

  /** Pieces secrets are recognised by, and pieces that made the old regexes backtrack. */
  static final List<String> PIECES = List.of(
      "bearer", "Bearer ", "BASIC ", "basic", "authorization", "Proxy-Authorization", "password", "PASSWD", "pwd",
      "secret", "token", "api_key", "apikey", "access-key", "private_key", "credentials", "auth", "cookie",
      "session_id", "sessionid", "signature", "sig", ":", "=", " ", "\t", "\n", "\"", "'", "@", "://", "/", "-", "_",
      ".", ",", ";", "&", "?", "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", "eyJ", "eyJhbGciOi",
      "abcdefghijklmnopqrstuvwxyz", "0123456789", "ABCDEFGHIJKLMNOP", "ghp_", "github_pat_", "xoxb-", "glpat-",
      "sk_live_", "rk_test_", "AKIA", "ASIA", "AIza", "hooks.slack.com/services/", "discord.com/api/webhooks/",
      "discordapp.com", "https", "user", "[REDACTED]", "\\", "\u212A", "é", "→", "😀", "a", "a-", "a.", "x://");

  private enum Style { CAMEL, PASCAL, SNAKE, SCREAMING_SNAKE, KEBAB, DOTTED, FLAT, FLAT_UPPER }

  @Provide
  Arbitrary<String> keys() {
    Arbitrary<List<String>> words = Combinators.combine(
        Arbitraries.of(PREFIXES).optional(), Arbitraries.of(FAMILIES), Arbitraries.of(SUFFIXES).optional())
        .as((prefix, family, suffix) -> {
          List<String> all = new ArrayList<>();
          prefix.ifPresent(all::add);
          all.addAll(family);
          suffix.ifPresent(all::add);
          return all;
        });
    return Combinators.combine(words, Arbitraries.of(Style.class)).as(RedactionPropertiesTest::styled);
  }

  private static String styled(List<String> words, Style style) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      switch (style) {
        case CAMEL -> out.append(i == 0 ? w : capitalized(w));
        case PASCAL -> out.append(capitalized(w));
        case SNAKE -> out.append(i == 0 ? "" : "_").append(w);
        case SCREAMING_SNAKE -> out.append(i == 0 ? "" : "_").append(w.toUpperCase(Locale.ROOT));
        case KEBAB -> out.append(i == 0 ? "" : "-").append(capitalized(w));
        case DOTTED -> out.append(i == 0 ? "" : ".").append(w);
        case FLAT -> out.append(w);
        case FLAT_UPPER -> out.append(w.toUpperCase(Locale.ROOT));
      }
    }
    return out.toString();
  }

  private static String capitalized(String w) {
    return Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }

  @Provide
  Arbitrary<String> valueWords() {
    return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars("-_./+%")
        .ofMinLength(0).ofMaxLength(16).map(w -> MARK + w);
  }

  @Provide
  Arbitrary<String> context() {
    return Arbitraries.of("", "error: ", "env ", "GET /x?page=1&", "{\"a\": 1, ", "config loaded; ", "- ", "\n");
  }

  @Property(tries = 2000)
  void hidesAnUnquotedValueOfEverySecretKey(
      @ForAll("context") String before, @ForAll("keys") String key, @ForAll("valueWords") String value) {
    for (String pair : List.of(key + "=" + value, key + ": " + value, key + ":" + value, key + " = " + value,
        key + "=" + value + "&page=2")) {
      String text = before + pair + " and more";
      String redacted = Redaction.text(text);
      assertFalse(redacted.contains(MARK), text + " -> " + redacted);
      assertTrue(redacted.endsWith(" and more"), text + " -> " + redacted);
    }
  }

  @Property(tries = 2000)
  void hidesAQuotedValueWholeSpacesIncluded(
      @ForAll("context") String before, @ForAll("keys") String key,
      @ForAll("valueWords") String first, @ForAll("valueWords") String second) {
    String value = first + " " + second + "  " + first;
    for (String pair : List.of("\"" + key + "\": \"" + value + "\"", key + "='" + value + "'",
        key + ": \"" + value + "\"", "'" + key + "' => '" + value + "'")) {
      String text = before + pair + ", next";
      String redacted = Redaction.text(text);
      assertFalse(redacted.contains(MARK), text + " -> " + redacted);
      assertTrue(redacted.endsWith(", next"), text + " -> " + redacted);
    }
  }

  @Provide
  Arbitrary<String> adversarial() {
    // A few pieces repeated to 32 K characters: the shapes whose attempts read far ahead.
    return Arbitraries.of(PIECES).list().ofMinSize(1).ofMaxSize(4)
        .map(list -> String.join("", list))
        .map(unit -> unit.repeat(32 * 1024 / unit.length() + 1));
  }

  @Property(tries = 300)
  void readsEachCharacterABoundedNumberOfTimes(@ForAll("adversarial") String text) {
    CountingText counting = new CountingText(text);
    String redacted = Redaction.whole(counting);
    assertEquals(Redaction.whole(text), redacted);
    assertTrue(counting.reads <= 16L * text.length(),
        counting.reads + " reads of " + text.length() + " characters: " + text.substring(0, 40));
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> unit = Arbitraries.of(PIECES).list().ofMaxSize(16).map(list -> String.join("", list));
    return Combinators.combine(unit, Arbitraries.integers().between(1, 1000)).as(String::repeat);
  }

  @Property(tries = 1000)
  void redactingTwiceChangesNothing(@ForAll("texts") String text) {
    String once = Redaction.text(text);
    assertEquals(once, Redaction.text(once));
  }

  /** Found by {@link #redactingTwiceChangesNothing}: a private key masked right after a scheme's {@code //}. */
  @org.junit.jupiter.api.Test
  void aMaskRightAfterASchemeIsNotTakenForUserInformation() {
    String text = "-----END RSA PRIVATE KEY-----bearer@bearer://-----BEGIN RSA PRIVATE KEY----------END RSA PRIVATE"
        + " KEY-----bearer@bearer://-----BEGIN RSA PRIVATE KEY-----";
    String once = Redaction.text(text);
    assertEquals("-----END RSA PRIVATE KEY-----bearer@bearer://[REDACTED]bearer@bearer://[REDACTED]", once);
    assertEquals(once, Redaction.text(once));
    assertEquals("see https://[REDACTED]@example.com", Redaction.text("see https://alice:hunter2@example.com"),
        "user information is still masked");
  }

  @Property(tries = 1000)
  void keepsABoundedPartOfALongText(@ForAll("texts") String text) {
    String kept = Redaction.text(text);
    assertTrue(kept.length() <= Redaction.LIMIT, kept.length() + " of " + text.length());
    if (text.length() > Redaction.LIMIT || Redaction.whole(text).length() > Redaction.LIMIT) {
      assertTrue(kept.endsWith(Redaction.NOTE_START + text.length() + Redaction.NOTE_END), kept);
    } else {
      assertEquals(Redaction.whole(text), kept);
    }
  }

  @Property(tries = 300)
  void aSecretAcrossTheCutIsHiddenWhole(@ForAll("keys") String key, @ForAll("valueWords") String value) {
    String padding = "x".repeat(Redaction.KEPT - key.length() - 2);
    for (String text : List.of(padding + key + "=\"" + value + " " + value + "\" tail".repeat(2000),
        padding + "a " + key + ": " + value + " tail".repeat(2000))) {
      String kept = Redaction.text(text);
      assertFalse(kept.contains(MARK), kept.substring(Redaction.KEPT - 40));
    }
  }

  /** A text that counts how often its characters are read. */
  private static final class CountingText implements CharSequence {
    private final String text;
    long reads;

    CountingText(String text) {
      this.text = text;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      reads++;
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      reads += end - start;
      return text.substring(start, end);
    }

    @Override
    public String toString() {
      reads += text.length();
      return text;
    }
  }
}
