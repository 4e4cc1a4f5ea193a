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
