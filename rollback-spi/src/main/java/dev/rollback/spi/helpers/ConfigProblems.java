package dev.rollback.spi.helpers;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Collects what is wrong with a configuration, so that a builder reports every bad setting at once
 * in one {@link InvalidConfigurationException}. Each check names the field and words its rule the
 * same way for every configuration of the library and its adapters, e.g. {@code maxAttempts must be
 * >= 1 but was 0}. A check given a null value records {@code <field> must not be null}. A rule on a
 * {@link Secret} never shows the value.
 *
 * <pre>{@code
 * ConfigProblems problems = ConfigProblems.of("SlackConfig");
 * problems.notBlank("channel", channel);
 * problems.within("timeout", timeout);
 * problems.throwIfAny();
 * }</pre>
 *
 * <p>Not thread-safe: one collector serves one validation.
 */
public final class ConfigProblems {
  /**
   * The longest duration a setting may have. A year is beyond any deadline, interval, timeout,
   * backoff or lease that makes sense for a rollback, and far enough from the limits of {@link
   * java.time.Instant} and of nanosecond arithmetic that every sum and product stays exact.
   */
  public static final Duration MAX_DURATION = Duration.ofDays(365);

  /** The most attempts a retry setting may ask for. */
  public static final int MAX_ATTEMPTS = 100;

  private static final Pattern HEADER_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final String configuration;
  private final List<String> problems = new ArrayList<>();

  private ConfigProblems(String configuration) {
    this.configuration = configuration;
  }

  /** Returns an empty collector for {@code configuration}, e.g. {@code RollbackPolicy}. */
  public static ConfigProblems of(String configuration) {
    return new ConfigProblems(configuration);
  }

  /** Adds a problem in the configuration's own words; it must name the field and the rule. */
  public ConfigProblems add(String problem) {
    problems.add(problem);
    return this;
  }

  /** Records {@code problem} when {@code broken} holds; returns {@code !broken}. */
  public boolean check(boolean broken, String problem) {
    if (broken) {
      problems.add(problem);
    }
    return !broken;
  }

  /** Records {@code <field> must not be null} when {@code value} is null; returns whether it is present. */
  public boolean present(String field, @Nullable Object value) {
    return check(value == null, field + " must not be null");
  }

  /** Checks that {@code value} is present and not blank; returns whether it is. */
  public boolean notBlank(String field, @Nullable String value) {
    if (value == null) {
      return present(field, null);
    }
    return check(value.isBlank(), field + " must not be blank");
  }

  /** Checks that {@code value} is present and longer than zero; returns whether it is. */
  public boolean positive(String field, @Nullable Duration value) {
    if (value == null) {
      return present(field, null);
    }
    return check(value.isZero() || value.isNegative(), field + " must be positive but was " + value);
  }

  /**
   * Checks that {@code value} is present, longer than zero and at most {@link #MAX_DURATION};
   * returns whether it is.
   */
  public boolean within(String field, @Nullable Duration value) {
    return positive(field, value) && value != null && atMostAYear(field, value);
  }

  /** Checks that {@code value} is present and zero or longer; returns whether it is. */
  public boolean notNegative(String field, @Nullable Duration value) {
    if (value == null) {
      return present(field, null);
    }
    return check(value.isNegative(), field + " must not be negative but was " + value);
  }

  /**
   * Checks that {@code value} is present, zero or longer and at most {@link #MAX_DURATION}; returns
   * whether it is.
   */
  public boolean notNegativeWithin(String field, @Nullable Duration value) {
    return notNegative(field, value) && value != null && atMostAYear(field, value);
  }

  private boolean atMostAYear(String field, Duration value) {
    return check(
        value.compareTo(MAX_DURATION) > 0,
        field + " must be at most " + MAX_DURATION + " (365 days) but was " + value);
  }

  /**
   * Checks that {@code value} is present, at least {@code min} and at most {@link #MAX_DURATION};
   * returns whether it is.
   */
  public boolean atLeast(String field, @Nullable Duration value, Duration min) {
    if (value == null) {
      return present(field, null);
    }
    return check(value.compareTo(min) < 0, field + " must be at least " + min + " but was " + value)
        && atMostAYear(field, value);
  }

  /** Checks that {@code value >= min}; returns whether it is. */
  public boolean atLeast(String field, long value, long min) {
    return check(value < min, field + " must be >= " + min + " but was " + value);
  }

  /** Checks that {@code value <= max}; returns whether it is. */
  public boolean atMost(String field, long value, long max) {
    return check(value > max, field + " must be at most " + max + " but was " + value);
  }

  /** Checks that {@code min <= value <= max}; returns whether it is. */
  public boolean between(String field, long value, long min, long max) {
    return check(
        value < min || value > max,
        field + " must be between " + min + " and " + max + " but was " + value);
  }

  /** Checks that {@code value} is finite and {@code > bound} (NaN fails); returns whether it is. */
  public boolean finiteAbove(String field, double value, double bound) {
    return check(
        !(value > bound) || Double.isInfinite(value),
        field + " must be a finite number > " + shown(bound) + " but was " + value);
  }

  /** Checks that {@code value} is finite and {@code >= bound} (NaN fails); returns whether it is. */
  public boolean finiteAtLeast(String field, double value, double bound) {
    return check(
        !(value >= bound) || Double.isInfinite(value),
        field + " must be a finite number >= " + shown(bound) + " but was " + value);
  }

  private static String shown(double bound) {
    return bound == Math.rint(bound) && Math.abs(bound) < 1e15
        ? Long.toString((long) bound)
        : Double.toString(bound);
  }

  /** Checks that {@code name} is an HTTP header name (an RFC 9110 token); returns whether it is. */
  public boolean headerName(String field, @Nullable String name) {
    if (name == null) {
      return present(field, null);
    }
    return check(!HEADER_TOKEN.matcher(name).matches(), field + " '" + name + "' is not an HTTP header name");
  }

  /**
   * Checks that {@code value} is an absolute http or https URI with a host, and returns it; returns
   * null (and records why) when it is not. When {@code secret} holds, the message does not show the
   * value: a webhook URL is a credential.
   */
  public @Nullable URI httpUri(String field, @Nullable String value, boolean secret) {
    if (value == null) {
      present(field, null);
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

  /** Answers whether nothing is wrong so far. */
  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** Returns the problems found so far, in the order found. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * Throws when anything is wrong.
   *
   * @throws InvalidConfigurationException listing every problem, in the order found
   */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw exception();
    }
  }

  /**
   * Returns the exception listing every problem, for a caller that throws it itself.
   *
   * @throws IllegalStateException if nothing is wrong
   */
  public InvalidConfigurationException exception() {
    if (problems.isEmpty()) {
      throw new IllegalStateException(configuration + " has no problems to report");
    }
    return new InvalidConfigurationException(configuration, problems);
  }
}
