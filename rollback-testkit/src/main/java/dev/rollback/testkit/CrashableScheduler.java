package dev.rollback.testkit;

import dev.rollback.core.Cancellable;
import dev.rollback.core.TaskScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One engine's view of a shared {@link VirtualTime}, that can die like a process: after {@link
 * #crash()} none of its tasks run and its executor refuses calls, while the virtual time, the
 * adapters and the stores go on for the engine that takes over.
 */
public final class CrashableScheduler implements TaskScheduler {
  private final VirtualTime time;
  private volatile boolean alive = true;

  private CrashableScheduler(VirtualTime time) {
    this.time = time;
  }

  /** Returns a live scheduler on {@code time}. */
  public static CrashableScheduler on(VirtualTime time) {
    return new CrashableScheduler(time);
  }

  /** Kills the process: no task of it runs any more. */
  public void crash() {
    alive = false;
  }

  /** Returns whether the process is alive. */
  public boolean alive() {
    return alive;
  }

  @Override
  public Clock clock() {
    return time.clock();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    return time.schedule(delay, () -> {
      if (alive) {
        task.run();
      }
    });
  }

  /** Returns an executor that runs calls inline on the virtual time while the process is alive. */
  public Executor executor() {
    Executor inline = time.executor();
    return call -> {
      if (!alive) {
        throw new RejectedExecutionException("the process has crashed");
      }
      inline.execute(call);
    };
  }
}
