package dev.rollback.spi.helpers;

import java.time.Duration;

/**
 * The one seam through which adapters wait: between retries, between polls, before a scale-down.
 * Production code uses {@link #system()}; tests inject one that records the requested waits and
 * returns at once, or one that advances a virtual clock. Time itself is read from a {@link
 * java.time.Clock}; together the two are all a test needs to drive an adapter without real time.
 *
 * <p>Implementations must be thread-safe and must throw {@link InterruptedException} when the
 * waiting thread is interrupted.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Returns the sleeper that blocks the calling thread with {@link Thread#sleep(long, int)}; a zero
   * or negative duration returns at once.
   */
  static Sleeper system() {
    return SystemSleeper.INSTANCE;
  }

  /**
   * Blocks for {@code duration}; a zero or negative duration returns at once.
   *
   * @throws InterruptedException if interrupted while waiting (the interrupt status is cleared, as
   *     {@link Thread#sleep(long)} does)
   */
  void sleep(Duration duration) throws InterruptedException;
}
