package dev.rollback.prometheus.internal;

import java.time.Duration;

/** Waits between attempts; injected so tests can observe the backoff without waiting. */
@FunctionalInterface
public interface Sleeper {
  /** The real thing: {@link Thread#sleep}. */
  Sleeper THREAD_SLEEP = d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));

  /** Blocks for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;
}
