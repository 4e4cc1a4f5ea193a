package dev.rollback.k8s;

import dev.rollback.core.Cancellable;
import dev.rollback.core.TaskScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The threads of one engine "process" on real time, which can die: after {@link #kill()} none of
 * its scheduled tasks runs and its adapter executor refuses calls, so the engine neither saves,
 * renews nor releases anything, as if the JVM had gone. The cluster and the other engines go on.
 */
final class EngineProcess implements AutoCloseable {
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final TaskScheduler base = TaskScheduler.of(timer);
  private volatile boolean alive = true;

  TaskScheduler scheduler() {
    return new TaskScheduler() {
      @Override
      public Clock clock() {
        return base.clock();
      }

      @Override
      public Cancellable schedule(Duration delay, Runnable task) {
        return base.schedule(delay, () -> {
          if (alive) {
            task.run();
          }
        });
      }
    };
  }

  Executor executor() {
    return call -> {
      if (!alive) {
        throw new RejectedExecutionException("the process has died");
      }
      pool.execute(call);
    };
  }

  void kill() {
    alive = false;
  }

  @Override
  public void close() {
    alive = false;
    timer.shutdownNow();
    pool.shutdownNow();
  }
}
