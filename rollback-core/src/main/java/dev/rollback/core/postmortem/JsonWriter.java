package dev.rollback.core.postmortem;

import dev.rollback.core.internal.format.JsonStrings;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A small streaming writer of pretty-printed JSON (RFC 8259): objects, arrays, strings, numbers,
 * booleans and null. Strings are escaped as every JSON the library writes ({@link JsonStrings}).
 * Non-finite numbers are written as null (the run document, which must read back what it wrote,
 * writes their names instead).
 * Not thread-safe; one document per writer.
 */
final class JsonWriter {
  private final StringBuilder out;
  /** Per open container, outermost first: whether it has a member yet. */
  private boolean[] hasMembers = new boolean[8];
  /** How many containers are open. */
  private int depth;
  private boolean afterName;

  /** Creates a writer whose buffer first holds {@code capacity} characters. */
  JsonWriter(int capacity) {
    out = new StringBuilder(capacity);
  }

  JsonWriter beginObject() {
    value();
    out.append('{');
    push();
    return this;
  }

  JsonWriter endObject() {
    return close('}');
  }

  JsonWriter beginArray() {
    value();
    out.append('[');
    push();
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

  /** Writes {@code name} and the instant as its ISO-8601 string ({@link Instant#toString()}), or null. */
  JsonWriter field(String name, @Nullable Instant value) {
    name(name);
    if (value == null) {
      return value((String) null);
    }
    value();
    out.append('"');
    Times.instant(out, value);
    out.append('"');
    return this;
  }

  /** Writes {@code name} and the duration as its ISO-8601 string ({@link Duration#toString()}), or null. */
  JsonWriter field(String name, @Nullable Duration value) {
    name(name);
    if (value == null) {
      return value((String) null);
    }
    value();
    out.append('"');
    Times.iso(out, value);
    out.append('"');
    return this;
  }

  /** Returns the document, which ends with a line break. */
  @Override
  public String toString() {
    if (depth != 0) {
      throw new IllegalStateException("the JSON document is not closed");
    }
    String document = out.append('\n').toString();
    out.setLength(out.length() - 1);
    return document;
  }

  private void push() {
    if (depth == hasMembers.length) {
      hasMembers = Arrays.copyOf(hasMembers, depth * 2);
    }
    hasMembers[depth++] = false;
  }

  private JsonWriter close(char bracket) {
    if (depth == 0) {
      throw new NoSuchElementException("no open container to close");
    }
    boolean hadMembers = hasMembers[--depth];
    if (hadMembers) {
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
    if (depth != 0) {
      separate();
    }
  }

  private void separate() {
    if (depth == 0) {
      throw new IllegalStateException("a member outside an object");
    }
    if (hasMembers[depth - 1]) {
      out.append(',');
    }
    hasMembers[depth - 1] = true;
    newline();
  }

  private void newline() {
    out.append('\n');
    for (int i = 0; i < depth; i++) {
      out.append("  ");
    }
  }

  private void quote(String s) {
    JsonStrings.quote(out, s);
  }
}
