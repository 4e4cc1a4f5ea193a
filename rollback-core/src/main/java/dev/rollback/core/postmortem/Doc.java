package dev.rollback.core.postmortem;

import java.util.Arrays;

/**
 * A document being written, for {@link MarkdownRenderer}: short text goes into a builder, which
 * stays Latin-1 (one byte a character) while its text is; long strings that are written as they
 * are (the diagram, the run's texts that need no escaping, table headers) and the arrows (which
 * are not Latin-1) are kept as they are, with their places. {@link #toString} joins it all into a
 * string of the exact length in one copy. Not thread-safe.
 */
final class Doc {
  /** The shortest string kept as it is; a shorter one costs less to copy than to keep. */
  static final int PIECE_MIN = 40;

  private final StringBuilder out;
  /** The strings kept, and for each the length of {@link #out} where it goes. */
  private String[] pieces = new String[64];
  private int[] at = new int[64];
  private int count;
  private int pieceChars;

  /** Creates a document whose builder has room for {@code capacity} characters. */
  Doc(int capacity) {
    out = new StringBuilder(capacity);
  }

  /** Returns the builder that short text is appended to; appending to it appends to the document. */
  StringBuilder out() {
    return out;
  }

  /** Returns the length of the document so far. */
  int length() {
    return out.length() + pieceChars;
  }

  /** Appends {@code text}, keeping the string itself when it is long. */
  Doc append(String text) {
    if (text.length() >= PIECE_MIN) {
      keep(text);
    } else {
      out.append(text);
    }
    return this;
  }

  /** Appends {@code text} by keeping the string itself, whatever its length. */
  Doc keep(String text) {
    if (count == pieces.length) {
      pieces = Arrays.copyOf(pieces, 2 * count);
      at = Arrays.copyOf(at, 2 * count);
    }
    pieces[count] = text;
    at[count++] = out.length();
    pieceChars += text.length();
    return this;
  }

  /** Removes whitespace at the end of the document, as {@link String#stripTrailing()} would. */
  void stripTrailingWhitespace() {
    while (true) {
      int floor = count == 0 ? 0 : at[count - 1];
      int end = out.length();
      // No whitespace character is a surrogate, so char by char is code point by code point here.
      while (end > floor && Character.isWhitespace(out.charAt(end - 1))) {
        end--;
      }
      out.setLength(end);
      if (end > floor || count == 0) {
        return;
      }
      String last = pieces[count - 1];
      int kept = last.length();
      while (kept > 0 && Character.isWhitespace(last.charAt(kept - 1))) {
        kept--;
      }
      pieceChars -= last.length() - kept;
      if (kept > 0) {
        pieces[count - 1] = last.substring(0, kept);
        return;
      }
      count--;
    }
  }

  /** Returns the document. */
  @Override
  public String toString() {
    if (count == 0) {
      return out.toString();
    }
    String[] all = new String[2 * count + 1];
    int from = 0;
    for (int i = 0; i < count; i++) {
      all[2 * i] = at[i] == from ? "" : out.substring(from, at[i]);
      all[2 * i + 1] = pieces[i];
      from = at[i];
    }
    all[2 * count] = from == out.length() ? "" : out.substring(from);
    return String.join("", all);
  }
}
