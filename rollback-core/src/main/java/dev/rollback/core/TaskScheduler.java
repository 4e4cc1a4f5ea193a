package dev.rollback.core;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The engine's only source of time: a clock and a way to run tasks later.
 *
 * <p>The engine runs all of its own logic as tasks on this scheduler and never blocks in them; it
 * runs adapter calls on a separate executor. So thousands of runs can wait for readiness at once on
 * a single scheduler thread. The testkit supplies a virtual-time implementation.
 */
public interface TaskScheduler {

  /** Returns the clock the engine reads time from. */
  Clock clock();

  /**
   * Runs {@code task} once after {@code delay} (zero or more). Tasks due at the same time run in
   * the order they were scheduled. Implementations must be thread-safe.
   */
  Cancellable schedule(Duration delay, Runnable task);

  /** Runs {@code task} as soon as possible. */
  default void execute(Runnable task) {
    schedule(Duration.ZERO, task);
  }

  /**
   * Returns a scheduler backed by {@code executor} and the system UTC clock. The caller owns the
   * executor and shuts it down.
   */
  static TaskScheduler of(ScheduledExecutorService executor) {
    return new ExecutorTaskScheduler(executor, Clock.systemUTC());
  }
}
