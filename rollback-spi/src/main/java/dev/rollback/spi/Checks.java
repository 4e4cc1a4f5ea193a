package dev.rollback.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Constructor checks shared by the value types; every message names the field and the rule. */
final class Checks {
  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  private Checks() {}

  static <T> T present(@Nullable T value, String field) {
    if (value == null) {
      throw new InvalidValueException(field + " must not be null");
    }
    return value;
  }

  static String notBlank(@Nullable String value, String field) {
    String v = present(value, field);
    if (v.isBlank()) {
      throw new InvalidValueException(field + " must not be blank");
    }
    return v;
  }

  /** The longest cluster name: a DNS-1123 subdomain's limit, room for an EKS ARN or a kubeconfig context. */
  static final int MAX_CLUSTER_LENGTH = 253;

  /**
   * Checks a free-form name that goes into logs and file names: non-blank, at most {@code
   * maxLength} characters, and no control, format (bidirectional overrides, zero-width) or line and
   * paragraph separator characters.
   */
  static String printableName(@Nullable String value, String field, int maxLength) {
    String v = notBlank(value, field);
    if (v.length() > maxLength) {
      throw new InvalidValueException(field + " " + shown(v) + " has " + v.length() + " characters; at most "
          + maxLength + " are allowed");
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      int type = Character.getType(c);
      if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        throw new InvalidValueException(field + " " + shown(v) + " has the control or format character "
            + String.format("U+%04X", (int) c) + " at index " + i + "; names must be printable");
      }
    }
    return v;
  }

  /**
   * Returns {@code value} quoted for a message: at most its first 64 characters, with every
   * character below U+0020, DEL and U+0080 to U+009F written as a backslash, {@code u} and four hex digits, and its length
   * when it was cut.
   */
  static String shown(String value) {
    int n = Math.min(value.length(), 64);
    StringBuilder out = new StringBuilder(n + 24).append('\'');
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('\'');
    if (n < value.length()) {
      out.append("… (").append(value.length()).append(" characters)");
    }
    return out.toString();
  }

  static String dnsLabel(@Nullable String value, String field) {
    String v = present(value, field);
    if (v.length() > 63 || !DNS_1123_LABEL.matcher(v).matches()) {
      throw new InvalidValueException(
          field
              + " '"
              + value
              + "' is not a DNS-1123 label: at most 63 lower-case letters, digits or '-',"
              + " starting and ending with a letter or digit");
    }
    return v;
  }

  static String dnsSubdomain(@Nullable String value, String field) {
    String v = present(value, field);
    if (v.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(v).matches()) {
      throw new InvalidValueException(
          field
              + " '"
              + value
              + "' is not a DNS-1123 subdomain: at most 253 characters of dot-separated"
              + " lower-case labels of letters, digits or '-'");
    }
    return v;
  }

  static String labelValue(@Nullable String value, String field) {
    String v = present(value, field);
    if (v.length() > 63 || !LABEL_VALUE.matcher(v).matches()) {
      throw new InvalidValueException(
          field
              + " '"
              + value
              + "' is not a Kubernetes label value: 1 to 63 letters, digits, '-', '_' or '.',"
              + " starting and ending with a letter or digit");
    }
    return v;
  }

  static int notNegative(int value, String field) {
    if (value < 0) {
      throw new InvalidValueException(field + " must be >= 0 but was " + value);
    }
    return value;
  }

  static <T> List<T> list(@Nullable List<T> values, String field) {
    List<T> v = present(values, field);
    for (int i = 0; i < v.size(); i++) {
      if (v.get(i) == null) {
        throw new InvalidValueException(field + "[" + i + "] must not be null");
      }
    }
    return List.copyOf(v);
  }

  static Map<String, String> orderedMap(@Nullable Map<String, String> values, String field) {
    Map<String, String> copy = new LinkedHashMap<>();
    present(values, field).forEach(
        (k, v) -> {
          if (k == null || v == null) {
            throw new InvalidValueException(field + " must not hold null keys or values");
          }
          copy.put(k, v);
        });
    return Collections.unmodifiableMap(copy);
  }

  static <T> List<T> nonEmptyList(@Nullable List<T> values, String field) {
    List<T> copy = list(values, field);
    if (copy.isEmpty()) {
      throw new InvalidValueException(field + " must not be empty");
    }
    return copy;
  }
}
