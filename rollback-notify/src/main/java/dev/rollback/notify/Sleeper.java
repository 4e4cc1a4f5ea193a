package dev.rollback.notify;

import java.time.Duration;

/**
 * Waits between delivery attempts and between repeats of a smoke check. Tests inject one that
 * records the requested delays and returns at once.
 *
 * <p>Implementations must be thread-safe and must throw {@link InterruptedException} when the
 * waiting thread is interrupted.
 */
@FunctionalInterface
public interface Sleeper {

  /** Returns the sleeper that blocks the calling thread with {@link Thread#sleep(long)}. */
  static Sleeper system() {
    return duration -> {
      if (!duration.isZero() && !duration.isNegative()) {
        Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
      }
    };
  }

  /**
   * Blocks for {@code duration}.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;
}
