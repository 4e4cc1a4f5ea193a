package dev.rollback.spi.helpers;

/**
 * Short, one-line excerpts of text that leaves an adapter: a response body in an error message, a
 * check's detail. The one way adapters cut text, so that every message reads alike.
 */
public final class Excerpt {
  private Excerpt() {}

  /**
   * Returns {@code text} with every secret {@code redactor} knows masked, surrounding whitespace
   * removed, every run of whitespace (line breaks included) made one space, and cut to at most
   * {@code max} characters ({@link #truncate}). Redaction comes before cutting, so that a secret
   * cut in half cannot survive as a prefix.
   *
   * @throws IllegalArgumentException if {@code max < 1}
   */
  public static String of(String text, int max, Redactor redactor) {
    return truncate(redactor.redact(text.strip()).replaceAll("\\s+", " "), max);
  }

  /**
   * Returns {@code s} cut to at most {@code max} characters, ending in an ellipsis ({@code …})
   * when cut; never splits a surrogate pair.
   *
   * @throws IllegalArgumentException if {@code max < 1}
   */
  public static String truncate(String s, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1 but was " + max);
    }
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "…";
  }
}
