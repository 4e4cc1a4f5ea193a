package dev.rollback.core.postmortem;

import dev.rollback.core.internal.format.Numbers;

/**
 * Escapes text for HTML and SVG (XML 1.0), and formats the numbers the drawings are made of.
 * Every text from the run goes through {@link #text}, so nothing an adapter says becomes markup;
 * the texts were redacted when the {@link dev.rollback.core.postmortem.Postmortem} was built.
 */
final class Xml {
  private Xml() {}

  /**
   * Appends {@code text} escaped for element content and quoted attribute values: {@code & < > "
   * '} as character references, and every character XML 1.0 does not allow (controls other than
   * tab and line breaks, unpaired surrogates, U+FFFE and U+FFFF) as U+FFFD.
   */
  static StringBuilder text(StringBuilder out, String text) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || Character.isSurrogate(c)
              || c == '\uFFFE' || c == '\uFFFF') {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out;
  }

  /** Returns {@link #text} of {@code text}. */
  static String text(String text) {
    return text(new StringBuilder(text.length() + 16), text).toString();
  }

  /** Appends a coordinate rounded to a tenth, without a trailing {@code .0}: {@code 12}, {@code 12.5}. */
  static StringBuilder coordinate(StringBuilder out, double value) {
    long tenths = Math.round(value * 10);
    if (tenths < 0) {
      out.append('-');
      tenths = -tenths;
    }
    out.append(tenths / 10);
    if (tenths % 10 != 0) {
      out.append('.').append(tenths % 10);
    }
    return out;
  }

  /** Returns a value of a metric for people: at most 4 significant digits, e.g. {@code 0.0052}, {@code 1200}. */
  static String number(double value) {
    return Numbers.significant(value, 4);
  }

}
