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
