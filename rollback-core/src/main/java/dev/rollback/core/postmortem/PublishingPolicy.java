package dev.rollback.core.postmortem;

import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the engine publishes a postmortem: each publisher gets up to {@code attempts} attempts, each
 * bounded by {@code timeout}, with {@code backoff} before the second attempt and twice as long
 * before each further one. Publishing starts when the run reaches <i>End</i>; the run's result
 * completes when every publisher succeeded or ran out of attempts.
 *
 * @param attempts attempts per publisher, 1 to 10
 * @param timeout the deadline of one attempt, positive
 * @param backoff the wait before the second attempt, zero or positive
 */
public record PublishingPolicy(int attempts, Duration timeout, Duration backoff) {

  /** Validates every field and reports every problem at once. */
  public PublishingPolicy {
    List<String> problems = new ArrayList<>();
    if (attempts < 1 || attempts > 10) {
      problems.add("attempts must be between 1 and 10 but was " + attempts);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      problems.add("timeout must be positive but was " + timeout);
    }
    if (backoff == null || backoff.isNegative()) {
      problems.add("backoff must not be negative but was " + backoff);
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException("PublishingPolicy", problems);
    }
    Objects.requireNonNull(timeout);
    Objects.requireNonNull(backoff);
  }

  /** Returns 3 attempts of at most 30 s each, 2 s apart at first. */
  public static PublishingPolicy ofDefaults() {
    return new PublishingPolicy(3, Duration.ofSeconds(30), Duration.ofSeconds(2));
  }

  /** Returns the wait after failed attempt {@code attempt} (1-based). */
  public Duration backoffAfter(int attempt) {
    return backoff.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 20));
  }
}
