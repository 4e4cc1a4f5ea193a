package dev.rollback.notify.internal;

import dev.rollback.notify.InvalidConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Collects every broken rule of a configuration so that one exception reports them all. Messages
 * name the field and the rule; a rule on a secret never shows the value.
 */
public final class Problems {
  private static final Pattern HEADER_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final List<String> problems = new ArrayList<>();

  /** Records {@code problem} when {@code broken} holds; returns {@code !broken}. */
  public boolean check(boolean broken, String problem) {
    if (broken) {
      problems.add(problem);
    }
    return !broken;
  }

  /** Records that {@code field} is null when {@code value} is null; returns whether it is present. */
  public boolean present(@Nullable Object value, String field) {
    return check(value == null, field + " must not be null");
  }

  /** Checks {@code value} is present and not blank. */
  public void notBlank(@Nullable String value, String field) {
    if (value == null) {
      present(null, field);
    } else {
      check(value.isBlank(), field + " must not be blank");
    }
  }

  /**
   * The longest duration a setting may have: a year, beyond any sensible timeout or backoff, and
   * far from the limits of the nanoseconds that sleeps, backoffs and HTTP timeouts are computed in.
   */
  public static final Duration MAX_DURATION = Duration.ofDays(365);

  /** Checks {@code value} is present, positive and at most {@link #MAX_DURATION}. */
  public void positive(@Nullable Duration value, String field) {
    if (value == null) {
      present(null, field);
    } else if (check(value.isZero() || value.isNegative(), field + " must be positive but was " + value)) {
      atMostAYear(value, field);
    }
  }

  /** Checks {@code value} is present, not negative and at most {@link #MAX_DURATION}. */
  public void notNegative(@Nullable Duration value, String field) {
    if (value == null) {
      present(null, field);
    } else if (check(value.isNegative(), field + " must not be negative but was " + value)) {
      atMostAYear(value, field);
    }
  }

  private void atMostAYear(Duration value, String field) {
    check(value.compareTo(MAX_DURATION) > 0,
        field + " must be at most " + MAX_DURATION + " (365 days) but was " + value);
  }

  /** Checks {@code value} is between {@code min} and {@code max}, both inclusive. */
  public void between(long value, long min, long max, String field) {
    check(
        value < min || value > max,
        field + " must be between " + min + " and " + max + " but was " + value);
  }

  /** Checks {@code name} is an HTTP header name (an RFC 9110 token). */
  public void headerName(String name, String field) {
    check(!HEADER_TOKEN.matcher(name).matches(), field + " '" + name + "' is not an HTTP header name");
  }

  /**
   * Checks that {@code value} is an absolute http or https URI. When {@code secret} holds, the
   * message does not show the value.
   */
  public @Nullable URI httpUri(@Nullable String value, String field, boolean secret) {
    if (value == null) {
      present(null, field);
      return null;
    }
    String shown = secret ? "" : " '" + value + "'";
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
      if (check(!http || uri.getHost() == null, field + shown + " must be an absolute http or https URI")) {
        return uri;
      }
    } catch (URISyntaxException e) {
      problems.add(field + shown + " is not a valid URI" + (secret ? "" : ": " + e.getReason()));
    }
    return null;
  }

  /** Throws an {@link InvalidConfigException} listing every recorded problem, if there is one. */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
  }
}
