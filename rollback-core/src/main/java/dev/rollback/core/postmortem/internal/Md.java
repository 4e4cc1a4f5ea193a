package dev.rollback.core.postmortem.internal;

/** Escapes text for CommonMark, so that nothing an adapter says can become markup. */
final class Md {
  private static final String PUNCTUATION = "\\`*_[]<>|#~&!";

  private Md() {}

  /**
   * Returns {@code text} as inline CommonMark text on one line: line breaks become spaces, and
   * every character that could start markup (emphasis, links, HTML, code, table cells, headings,
   * entities) is backslash-escaped, which CommonMark allows for any ASCII punctuation.
   */
  static String text(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n') {
        if (!(c == '\n' && i > 0 && text.charAt(i - 1) == '\r')) {
          out.append(' ');
        }
      } else if (c < 0x20 || c == 0x7f) {
        out.append(' ');
      } else {
        if (PUNCTUATION.indexOf(c) >= 0) {
          out.append('\\');
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Returns {@code text} as a code span: fenced by more backticks than it contains in a row, with
   * pipes escaped so that the span also works inside a GFM table cell.
   */
  static String code(String text) {
    String flat = text.replaceAll("[\\r\\n\\u0000-\\u001f]+", " ");
    int longest = 0;
    int run = 0;
    for (int i = 0; i < flat.length(); i++) {
      run = flat.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    String pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
    return fence + pad + flat.replace("|", "\\|") + pad + fence;
  }
}
