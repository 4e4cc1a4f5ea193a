package dev.rollback.core.postmortem;

/** Escapes text for CommonMark, so that nothing an adapter says can become markup. */
final class Md {
  private static final String PUNCTUATION = "\\`*_[]<>|#~&!";
  /** The characters {@link #text} does not copy as they are: controls, DEL and {@link #PUNCTUATION}. */
  private static final boolean[] SPECIAL = new boolean[0x80];

  static {
    for (int c = 0; c < 0x20; c++) {
      SPECIAL[c] = true;
    }
    SPECIAL[0x7f] = true;
    for (int i = 0; i < PUNCTUATION.length(); i++) {
      SPECIAL[PUNCTUATION.charAt(i)] = true;
    }
  }

  private Md() {}

  /**
   * Appends {@code text} as inline CommonMark text on one line: line breaks become spaces, and
   * every character that could start markup (emphasis, links, HTML, code, table cells, headings,
   * entities) is backslash-escaped, which CommonMark allows for any ASCII punctuation.
   */
  static void text(StringBuilder out, String text) {
    text(out, text, firstSpecial(text));
  }

  /**
   * Adds {@code text} to {@code doc} as {@link #text(StringBuilder, String)} writes it; when
   * nothing in it needs escaping and it is long, the document keeps the string itself.
   */
  static void text(Doc doc, String text) {
    int first = firstSpecial(text);
    if (first < 0) {
      doc.append(text);
    } else {
      text(doc.out(), text, first);
    }
  }

  /** Returns the index of the first character {@link #text} does not copy as it is, or -1. */
  static int firstSpecial(String text) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < SPECIAL.length && SPECIAL[c]) {
        return i;
      }
    }
    return -1;
  }

  /** Appends {@code text} escaped, {@code first} being {@link #firstSpecial} of it. */
  private static void text(StringBuilder out, String text, int first) {
    if (first < 0) {
      out.append(text);
      return;
    }
    int n = text.length();
    int plain = 0; // text[plain, i) is appended as it is, in one piece
    for (int i = first; i < n; i++) {
      char c = text.charAt(i);
      if (c >= SPECIAL.length || !SPECIAL[c]) {
        continue;
      }
      out.append(text, plain, i);
      plain = i + 1;
      if (c == '\r' || c == '\n') {
        if (!(c == '\n' && i > 0 && text.charAt(i - 1) == '\r')) {
          out.append(' ');
        }
      } else if (c < 0x20 || c == 0x7f) {
        out.append(' ');
      } else {
        out.append('\\').append(c);
      }
    }
    out.append(text, plain, n);
  }

  /**
   * Appends {@code text} as a code span: fenced by more backticks than it contains in a row, with
   * pipes escaped so that the span also works inside a GFM table cell. Runs of control characters
   * (line breaks included) become one space.
   */
  static void code(StringBuilder out, String text) {
    int n = text.length();
    // Control characters become spaces, never backticks, so the runs of backticks are the text's own.
    int longest = 0;
    int run = 0;
    for (int i = 0; i < n; i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    boolean pad = n > 0 && (text.charAt(0) == '`' || text.charAt(n - 1) == '`');
    fence(out, longest + 1);
    if (pad) {
      out.append(' ');
    }
    boolean inControlRun = false;
    int plain = 0; // text[plain, i) is appended as it is, in one piece
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x20) {
        out.append(text, plain, i);
        plain = i + 1;
        if (!inControlRun) {
          out.append(' ');
        }
        inControlRun = true;
        continue;
      }
      inControlRun = false;
      if (c == '|') {
        out.append(text, plain, i).append('\\');
        plain = i; // the pipe itself starts the next piece
      }
    }
    if (plain == 0) {
      out.append(text);
    } else {
      out.append(text, plain, n);
    }
    if (pad) {
      out.append(' ');
    }
    fence(out, longest + 1);
  }

  private static void fence(StringBuilder out, int backticks) {
    for (int i = 0; i < backticks; i++) {
      out.append('`');
    }
  }
}
