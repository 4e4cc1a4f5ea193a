package dev.rollback.spi.helpers;

import java.time.Duration;

/** {@link Sleeper#system()}: real sleeps on the calling thread. */
enum SystemSleeper implements Sleeper {
  INSTANCE;

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (duration.isZero() || duration.isNegative()) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted before a zero-length sleep");
      }
      return;
    }
    long millis = duration.toMillis();
    Thread.sleep(millis, (int) (duration.minusMillis(millis).toNanos()));
  }

  @Override
  public String toString() {
    return "Sleeper.system()";
  }
}
