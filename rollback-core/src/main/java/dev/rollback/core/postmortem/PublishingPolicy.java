package dev.rollback.core.postmortem;

import dev.rollback.spi.helpers.Backoff;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * How the engine publishes a postmortem: each publisher gets up to {@code attempts} attempts, each
 * bounded by {@code timeout}, with {@code backoff} before the second attempt and twice as long
 * before each further one. Publishing starts when the run reaches <i>End</i>; the run's result
 * completes when every publisher succeeded or ran out of attempts.
 *
 * @param attempts attempts per publisher, 1 to {@value #MAX_ATTEMPTS}
 * @param timeout the deadline of one attempt, positive, at most 365 days
 * @param backoff the wait before the second attempt, zero to {@link #MAX_BACKOFF} (1 h)
 */
public record PublishingPolicy(int attempts, Duration timeout, Duration backoff) {

  /** The most attempts per publisher. */
  public static final int MAX_ATTEMPTS = 10;

  /**
   * The longest first backoff: 1 h. A run's result completes only when publishing has ended, and
   * the wait doubles before each further attempt.
   */
  public static final Duration MAX_BACKOFF = Duration.ofHours(1);

  /**
   * Validates every field and reports every problem at once.
   *
   * @throws InvalidConfigurationException of configuration {@code PublishingPolicy}, naming each
   *     field and its rule
   */
  public PublishingPolicy {
    ConfigProblems problems = ConfigProblems.of("PublishingPolicy");
    problems.between("attempts", attempts, 1, MAX_ATTEMPTS);
    problems.within("timeout", timeout);
    if (problems.notNegative("backoff", backoff) && backoff != null) {
      problems.check(backoff.compareTo(MAX_BACKOFF) > 0,
          "backoff must be at most " + MAX_BACKOFF + " but was " + backoff);
    }
    problems.throwIfAny();
    Objects.requireNonNull(timeout);
    Objects.requireNonNull(backoff);
  }

  /** Returns 3 attempts of at most 30 s each, 2 s apart at first. */
  public static PublishingPolicy ofDefaults() {
    return new PublishingPolicy(3, Duration.ofSeconds(30), Duration.ofSeconds(2));
  }

  /**
   * Returns the wait after failed attempt {@code attempt} (1-based; below 1 counts as 1): {@code
   * backoff * 2^(attempt-1)}, the library's one {@link Backoff} without jitter (a postmortem
   * publisher is one destination, not a crowd of clients).
   */
  public Duration backoffAfter(int attempt) {
    return Backoff.exponential(backoff, backoff.multipliedBy(1L << (MAX_ATTEMPTS - 1)))
        .delay(Math.max(attempt, 1));
  }
}
