package dev.rollback.testkit.values;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.ImageReference;
import dev.rollback.spi.InvalidValueException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Issue 12: value types answer bad input with a message, never a crash. An image reference of any
 * length is judged in bounded stack (the regex recursed once per repetition and overflowed the
 * stack at a few kilobytes), with the limit in the message; a cluster name with a control, format
 * or line separator character is refused, naming the character.
 */
class ValueTypeLimitsProperties {

  /** Long strings of the shapes the reference grammar repeats: path components, separators, labels. */
  @Provide
  Arbitrary<String> longReferences() {
    Arbitrary<String> unit = Arbitraries.of("a-", "a.", "a_", "a__", "a/", "a.b/", "ab--", "0", "a", "x.y.", ":1", "@");
    Arbitrary<Integer> length = Arbitraries.integers().between(540 + 1, 200_000);
    return Combinators.combine(unit, length, Arbitraries.of("", "registry.example.com/", "localhost:5000/"))
        .as((u, n, prefix) -> prefix + u.repeat(n / u.length() + 1) + "a");
  }

  @Property(tries = 200)
  void aReferenceOfAnyLengthIsJudgedWithoutCrashing(@ForAll("longReferences") String value) {
    assertFalse(assertDoesNotThrow(() -> ImageReference.isValid(value)));
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> ImageReference.of(value));
    assertTrue(e.getMessage().contains("ImageReference.value") && e.getMessage().contains(
        value.length() + " characters; an image reference has at most " + 540),
        e.getMessage());
    assertTrue(e.getMessage().length() < 300, "the message quotes a bounded part: " + e.getMessage().length());
  }

  @Property(tries = 200)
  void aValidReferenceUpToTheLimitIsAccepted(
      @ForAll @IntRange(min = 1, max = 60) int components, @ForAll @IntRange(min = 1, max = 3) int width) {
    StringBuilder path = new StringBuilder("registry.example.com/");
    for (int i = 0; i < components && path.length() + width + 1 < 250; i++) {
      path.append(i == 0 ? "" : "/").append("a".repeat(width));
    }
    String value = path + ":" + "t".repeat(128) + "@sha512:" + "0".repeat(128);
    assertTrue(value.length() <= 540, value.length() + " characters");
    assertEquals("t".repeat(128), ImageReference.of(value).tag());
    assertTrue(ImageReference.isValid(value));
  }

  @Provide
  Arbitrary<Character> unprintable() {
    return Arbitraries.oneOf(
        Arbitraries.chars().range('\u0000', '\u001f'), Arbitraries.of('\u007f', '\u0085', '\u009b'),
        Arbitraries.of('\u2028', '\u2029', '\u200b', '\u200e', '\u202e', '\u2066', '\ufeff'));
  }

  @Property(tries = 300)
  void aClusterNameWithAnUnprintableCharacterIsRefusedNamingIt(
      @ForAll("unprintable") char c, @ForAll @IntRange(min = 0, max = 20) int at) {
    String cluster = "prod-eu-1".repeat(3).substring(0, at) + c + "-x";
    InvalidValueException e =
        assertThrows(InvalidValueException.class, () -> DeploymentRef.of(cluster, "shop", "checkout"));
    assertTrue(e.getMessage().startsWith("DeploymentRef.cluster "), e.getMessage());
    assertTrue(e.getMessage().contains(String.format("U+%04X", (int) c) + " at index " + at), e.getMessage());
    assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), "the message is one line");
  }

  @Property(tries = 100)
  void aClusterNameLongerThan253CharactersIsRefused(@ForAll @IntRange(min = 254, max = 100_000) int length) {
    InvalidValueException e =
        assertThrows(InvalidValueException.class, () -> DeploymentRef.of("c".repeat(length), "shop", "checkout"));
    assertTrue(e.getMessage().contains(length + " characters; at most 253 are allowed"), e.getMessage());
  }

  @Property(tries = 100)
  void printableClusterNamesAreKept(@ForAll("printable") String cluster) {
    assertEquals(cluster, DeploymentRef.of(cluster, "shop", "checkout").cluster());
  }

  @Provide
  Arbitrary<String> printable() {
    return Arbitraries.strings().withCharRange('!', '~').withChars("é ü😀:/@").ofMinLength(1).ofMaxLength(253)
        .filter(s -> !s.isBlank() && s.length() <= 253);
  }
}
