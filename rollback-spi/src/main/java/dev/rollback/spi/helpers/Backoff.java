package dev.rollback.spi.helpers;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * An exponential backoff: the wait before retry {@code n} (1-based) is {@code initial * 2^(n-1)},
 * never more than {@code max}, shortened by up to {@code jitter} of itself at random so that
 * clients that failed together do not retry together. A server's {@code Retry-After} (see {@link
 * RetryAfter}) lengthens the wait to what it asks; whether a {@code Retry-After} is too long to
 * honour at all is the caller's rule ({@link #exceeds}).
 *
 * <pre>{@code
 * Backoff backoff = Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(5)).withJitter(0.5);
 * Duration wait = backoff.delay(retry, random, RetryAfter.parse(header, clock.instant()).orElse(null));
 * sleeper.sleep(wait);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final double jitter;

  private Backoff(Duration initial, Duration max, double jitter) {
    this.initial = initial;
    this.max = max;
    this.jitter = jitter;
  }

  /**
   * Returns the backoff that starts at {@code initial} and doubles up to {@code max}, without
   * jitter. A zero {@code initial} retries at once every time (then {@code max} may be zero too).
   *
   * @throws InvalidConfigurationException if either is negative or longer than a year, or {@code
   *     max} is shorter than {@code initial}
   */
  public static Backoff exponential(Duration initial, Duration max) {
    ConfigProblems problems = ConfigProblems.of("Backoff");
    boolean both = problems.notNegativeWithin("initial", initial) & problems.notNegativeWithin("max", max);
    if (both) {
      problems.check(max.compareTo(initial) < 0,
          "max " + max + " must not be shorter than initial " + initial);
    }
    problems.throwIfAny();
    return new Backoff(initial, max, 0.0);
  }

  /**
   * Returns a copy that shortens each wait by up to {@code fraction} of itself at random: 0 is no
   * jitter, 0.5 waits between half and all of the computed delay, 1 between nothing and all of it.
   *
   * @throws InvalidConfigurationException if {@code fraction} is not within [0, 1]
   */
  public Backoff withJitter(double fraction) {
    ConfigProblems problems = ConfigProblems.of("Backoff");
    problems.check(!(fraction >= 0.0 && fraction <= 1.0),
        "jitter must be between 0 and 1 but was " + fraction);
    problems.throwIfAny();
    return new Backoff(initial, max, fraction);
  }

  /** Returns the wait before the first retry. */
  public Duration initial() {
    return initial;
  }

  /** Returns the longest computed wait. */
  public Duration max() {
    return max;
  }

  /** Returns the fraction of each wait that jitter may take away. */
  public double jitter() {
    return jitter;
  }

  /**
   * Returns the wait before retry {@code retry} without jitter: {@code initial * 2^(retry-1)}, at
   * most {@link #max()}.
   *
   * @throws IllegalArgumentException if {@code retry < 1}
   */
  public Duration delay(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be >= 1 but was " + retry);
    }
    int shift = Math.min(retry - 1, 62);
    long initialNanos = initial.toNanos();
    if (initialNanos == 0) {
      return Duration.ZERO;
    }
    long maxNanos = max.toNanos();
    return initialNanos > (maxNanos >> shift) ? max : Duration.ofNanos(initialNanos << shift);
  }

  /**
   * Returns the wait before retry {@code retry} with jitter drawn from {@code random}, which
   * answers uniform values in [0, 1) (values outside are clamped).
   */
  public Duration delay(int retry, DoubleSupplier random) {
    Duration base = delay(retry);
    if (jitter == 0.0) {
      return base;
    }
    double u = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
    return Duration.ofNanos((long) (base.toNanos() * (1.0 - jitter * u)));
  }

  /**
   * Returns the wait before retry {@code retry}, with jitter, lengthened to {@code retryAfter} when
   * the server asked for longer (a server that says when to come back knows its load better).
   */
  public Duration delay(int retry, DoubleSupplier random, @Nullable Duration retryAfter) {
    Duration computed = delay(retry, random);
    return retryAfter != null && retryAfter.compareTo(computed) > 0 ? retryAfter : computed;
  }

  /**
   * Answers whether a server's {@code retryAfter} asks for longer than {@code limit}, the longest
   * wait the caller is willing to honour; such a failure should end the retries with a message
   * naming both.
   */
  public static boolean exceeds(@Nullable Duration retryAfter, Duration limit) {
    return retryAfter != null && retryAfter.compareTo(limit) > 0;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Backoff b && b.initial.equals(initial) && b.max.equals(max) && b.jitter == jitter;
  }

  @Override
  public int hashCode() {
    return Objects.hash(initial, max, jitter);
  }

  @Override
  public String toString() {
    return "Backoff[initial=" + initial + ", max=" + max + ", jitter=" + jitter + "]";
  }
}
