package dev.rollback.core.internal;

import dev.rollback.core.InvalidConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with a configuration, each problem naming the field and the rule, so that
 * a builder reports every bad setting at once. The checks word their rules the same way for every
 * builder. Not thread-safe.
 */
public final class Problems {
  /**
   * The longest duration a setting may have. A year is beyond any deadline, interval or lease that
   * makes sense for a rollback, and far enough from the limits of {@link java.time.Instant} and of
   * a scheduler's nanoseconds that every sum and product the engine forms stays exact.
   */
  public static final Duration MAX_DURATION = Duration.ofDays(365);

  /** The most attempts a retry setting may ask for. */
  public static final int MAX_ATTEMPTS = 100;

  private final List<String> problems = new ArrayList<>();

  /** Adds a problem in the builder's own words. */
  public Problems add(String problem) {
    problems.add(problem);
    return this;
  }

  /** Checks that {@code value} is not blank. */
  public Problems notBlank(String field, String value) {
    if (value.isBlank()) {
      problems.add(field + " must not be blank");
    }
    return this;
  }

  /** Checks that {@code value} is longer than zero. */
  public Problems positive(String field, Duration value) {
    if (value.isZero() || value.isNegative()) {
      problems.add(field + " must be positive but was " + value);
    }
    return this;
  }

  /**
   * Checks that {@code value} is longer than zero and at most {@link #MAX_DURATION}; returns
   * whether it is.
   */
  public boolean within(String field, Duration value) {
    if (value.isZero() || value.isNegative()) {
      problems.add(field + " must be positive but was " + value);
      return false;
    }
    if (value.compareTo(MAX_DURATION) > 0) {
      problems.add(field + " must be at most " + MAX_DURATION + " (365 days) but was " + value);
      return false;
    }
    return true;
  }

  /** Checks that {@code min <= value <= max}, worded as {@link #atLeast} below; returns whether it is. */
  public boolean between(String field, int value, int min, int max) {
    if (value < min) {
      atLeast(field, value, min);
      return false;
    }
    if (value > max) {
      problems.add(field + " must be at most " + max + " but was " + value);
      return false;
    }
    return true;
  }

  /** Checks that {@code value} is zero or longer. */
  public Problems notNegative(String field, Duration value) {
    if (value.isNegative()) {
      problems.add(field + " must not be negative but was " + value);
    }
    return this;
  }

  /** Checks that {@code value >= min}. */
  public Problems atLeast(String field, int value, int min) {
    if (value < min) {
      problems.add(field + " must be >= " + min + " but was " + value);
    }
    return this;
  }

  /** Checks that {@code value} is finite and {@code > bound} (NaN fails). */
  public Problems finiteAbove(String field, double value, int bound) {
    if (!(value > bound) || Double.isInfinite(value)) {
      problems.add(field + " must be a finite number > " + bound + " but was " + value);
    }
    return this;
  }

  /** Checks that {@code value} is finite and {@code >= bound} (NaN fails). */
  public Problems finiteAtLeast(String field, double value, int bound) {
    if (!(value >= bound) || Double.isInfinite(value)) {
      problems.add(field + " must be a finite number >= " + bound + " but was " + value);
    }
    return this;
  }

  /** Answers whether nothing is wrong so far. */
  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /**
   * Throws when anything is wrong.
   *
   * @param what the configuration, e.g. {@code RollbackPolicy}
   * @throws InvalidConfigurationException listing every problem, in the order found
   */
  public void throwIfAny(String what) {
    if (!problems.isEmpty()) {
      throw exception(what);
    }
  }

  /** Returns the exception listing every problem, for a builder that throws it itself. */
  public InvalidConfigurationException exception(String what) {
    return new InvalidConfigurationException(what, problems);
  }
}
