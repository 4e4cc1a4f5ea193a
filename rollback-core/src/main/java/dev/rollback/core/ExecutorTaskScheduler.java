package dev.rollback.core;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A {@link TaskScheduler} on a {@link ScheduledExecutorService} and a real clock. */
final class ExecutorTaskScheduler implements TaskScheduler {
  private final ScheduledExecutorService executor;
  private final Clock clock;

  /** Creates the scheduler; the caller owns {@code executor}. */
  ExecutorTaskScheduler(ScheduledExecutorService executor, Clock clock) {
    this.executor = executor;
    this.clock = clock;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(task);
  }
}
