package dev.rollback.core.postmortem.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * A small streaming writer of pretty-printed JSON (RFC 8259): objects, arrays, strings, numbers,
 * booleans and null. Strings are escaped completely: quote, backslash, every control character,
 * and U+2028/U+2029 (which JavaScript treats as line ends). Non-finite numbers are written as null.
 * Not thread-safe; one document per writer.
 */
final class JsonWriter {
  private final StringBuilder out = new StringBuilder();
  /** Per open container: whether it has a member yet. */
  private final Deque<boolean[]> open = new ArrayDeque<>();
  private boolean afterName;

  JsonWriter beginObject() {
    value();
    out.append('{');
    open.push(new boolean[] {false});
    return this;
  }

  JsonWriter endObject() {
    return close('}');
  }

  JsonWriter beginArray() {
    value();
    out.append('[');
    open.push(new boolean[] {false});
    return this;
  }

  JsonWriter endArray() {
    return close(']');
  }

  /** Writes a member name; the next call writes its value. */
  JsonWriter name(String name) {
    separate();
    quote(name);
    out.append(": ");
    afterName = true;
    return this;
  }

  JsonWriter value(@Nullable String value) {
    value();
    if (value == null) {
      out.append("null");
    } else {
      quote(value);
    }
    return this;
  }

  JsonWriter value(long value) {
    value();
    out.append(value);
    return this;
  }

  JsonWriter value(double value) {
    value();
    out.append(Double.isFinite(value) ? String.valueOf(value) : "null");
    return this;
  }

  JsonWriter value(boolean value) {
    value();
    out.append(value);
    return this;
  }

  /** Writes {@code name} and its string value (or null). */
  JsonWriter field(String name, @Nullable Object value) {
    return name(name).value(value == null ? null : value.toString());
  }

  @Override
  public String toString() {
    if (!open.isEmpty()) {
      throw new IllegalStateException("the JSON document is not closed");
    }
    return out + "\n";
  }

  private JsonWriter close(char bracket) {
    boolean[] hadMembers = open.pop();
    if (hadMembers[0]) {
      newline();
    }
    out.append(bracket);
    return this;
  }

  /** Before a value: a separator and indentation inside arrays; nothing right after a name. */
  private void value() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (!open.isEmpty()) {
      separate();
    }
  }

  private void separate() {
    boolean[] hasMembers = open.peek();
    if (hasMembers == null) {
      throw new IllegalStateException("a member outside an object");
    }
    if (hasMembers[0]) {
      out.append(',');
    }
    hasMembers[0] = true;
    newline();
  }

  private void newline() {
    out.append('\n').append("  ".repeat(open.size()));
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == 0x7f || unpaired(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
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
