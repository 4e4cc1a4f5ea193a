package dev.rollback.core.internal.format;

/**
 * The one way the library writes a JSON string literal (RFC 8259), used by both of its JSON
 * writers: the run document's ({@code core.internal.Json}) and the postmortem's. Escapes quote,
 * backslash, every control character and DEL, U+2028/U+2029 (which JavaScript treats as line
 * ends) and a surrogate without its other half, so that any Java string round-trips and no reader
 * chokes on the text.
 */
public final class JsonStrings {
  private JsonStrings() {}

  /** Appends {@code s} to {@code out} as a JSON string literal, quotes included. */
  public static void quote(StringBuilder out, String s) {
    out.append('"');
    int plain = 0; // s[plain, i) is appended as it is, in one piece
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escape = switch (c) {
        case '"' -> "\\\"";
        case '\\' -> "\\\\";
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        case '\b' -> "\\b";
        case '\f' -> "\\f";
        default -> c < 0x20 || c == '\u2028' || c == '\u2029' || c == 0x7f || unpaired(s, i)
            ? String.format("\\u%04x", (int) c) : null;
      };
      if (escape != null) {
        out.append(s, plain, i).append(escape);
        plain = i + 1;
      }
    }
    if (plain == 0) {
      out.append(s);
    } else {
      out.append(s, plain, s.length());
    }
    out.append('"');
  }

  /** Whether {@code s[i]} is half of a surrogate pair without its other half. */
  private static boolean unpaired(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
  }
}
