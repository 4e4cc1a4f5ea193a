package dev.rollback.prometheus.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A PromQL query with placeholders such as {@code {namespace}}, each inside a quoted PromQL string
 * literal, so that a substituted value can only ever be string content: it is escaped for the
 * quote it sits in and cannot end the literal or change the query's structure.
 *
 * <p>Parsing rejects a known placeholder outside a double- or single-quoted string (including raw
 * back-quoted strings, which cannot escape anything), an unknown placeholder inside a string
 * (usually a typo that would silently match nothing), and an unterminated string. Immutable and
 * thread-safe.
 */
public final class PromQlTemplate {
  /** The placeholders a template may use. */
  public static final Set<String> PLACEHOLDERS = Set.of("cluster", "namespace", "name", "version");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

  private sealed interface Part permits Literal, Placeholder {}

  private record Literal(String text) implements Part {}

  private record Placeholder(String name, char quote) implements Part {}

  private final String source;
  private final List<Part> parts;

  private PromQlTemplate(String source, List<Part> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
  }

  /**
   * Parses {@code source}.
   *
   * @throws IllegalArgumentException naming the problem and its offset when the template is not
   *     safe to fill in
   */
  public static PromQlTemplate parse(String source) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    char quote = 0; // 0 outside a string, else the quote character that opened it
    int stringStart = -1;
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (quote == 0 && c == '#') {
        int end = source.indexOf('\n', i);
        end = end < 0 ? source.length() : end;
        literal.append(source, i, end);
        i = end;
        continue;
      }
      if (c == '{') {
        Matcher m = PLACEHOLDER.matcher(source).region(i, source.length());
        if (m.lookingAt()) {
          String name = m.group(1);
          boolean known = PLACEHOLDERS.contains(name);
          if (known && (quote == '"' || quote == '\'')) {
            parts.add(new Literal(literal.toString()));
            literal.setLength(0);
            parts.add(new Placeholder(name, quote));
            i = m.end();
            continue;
          }
          if (known) {
            throw new IllegalArgumentException(
                "placeholder {"
                    + name
                    + "} at offset "
                    + i
                    + " must be inside a double-quoted PromQL string, e.g. namespace=\"{"
                    + name
                    + "}\""
                    + (quote == '`' ? " (a back-quoted raw string cannot escape values)" : ""));
          }
          if (quote == '"' || quote == '\'') {
            throw new IllegalArgumentException(
                "unknown placeholder {" + name + "} at offset " + i + "; known: " + known());
          }
        }
      }
      if (quote == 0 && (c == '"' || c == '\'' || c == '`')) {
        quote = c;
        stringStart = i;
      } else if (quote != 0 && quote != '`' && c == '\\' && i + 1 < source.length()) {
        literal.append(c);
        i++;
        c = source.charAt(i);
      } else if (c == quote) {
        quote = 0;
      }
      literal.append(c);
      i++;
    }
    if (quote != 0) {
      throw new IllegalArgumentException(
          "string literal opened with " + quote + " at offset " + stringStart + " is not closed");
    }
    parts.add(new Literal(literal.toString()));
    return new PromQlTemplate(source, parts);
  }

  /** Returns whether the template uses {@code {placeholder}}. */
  public boolean uses(String placeholder) {
    return parts.stream().anyMatch(p -> p instanceof Placeholder ph && ph.name().equals(placeholder));
  }

  /**
   * Returns the query with every placeholder replaced by its escaped value.
   *
   * @throws IllegalArgumentException if a used placeholder has no value
   */
  public String render(Map<String, @Nullable String> values) {
    StringBuilder out = new StringBuilder(source.length() + 32);
    for (Part part : parts) {
      if (part instanceof Literal l) {
        out.append(l.text());
      } else if (part instanceof Placeholder p) {
        String value = values.get(p.name());
        if (value == null) {
          throw new IllegalArgumentException("no value for placeholder {" + p.name() + "}");
        }
        out.append(escape(value, p.quote()));
      }
    }
    return out.toString();
  }

  /**
   * Escapes {@code value} as the content of a PromQL string literal quoted with {@code quote}
   * (PromQL unquotes strings the way Go's {@code strconv.Unquote} does).
   */
  public static String escape(String value, char quote) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c == quote) {
            out.append('\\').append(c);
          } else if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static String known() {
    return PLACEHOLDERS.stream().sorted().map(p -> "{" + p + "}").toList().toString();
  }

  /** Returns the template as written. */
  @Override
  public String toString() {
    return source;
  }
}
