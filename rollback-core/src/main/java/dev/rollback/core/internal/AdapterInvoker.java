package dev.rollback.core.internal;

import dev.rollback.core.Cancellable;
import dev.rollback.core.FailureKind;
import dev.rollback.core.TaskScheduler;
import dev.rollback.core.internal.format.Durations;
import dev.rollback.spi.helpers.Causes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs adapter calls on the adapter executor under a deadline, and delivers each call's {@link
 * CallOutcome} once, as a task on the scheduler. A call still running at its deadline is cancelled
 * with an interrupt and reported as {@link FailureKind#TIMED_OUT}; its late answer is ignored.
 */
public final class AdapterInvoker {
  private static final Logger LOG = LoggerFactory.getLogger(AdapterInvoker.class);
  private final TaskScheduler scheduler;
  private final Executor executor;

  /** Creates an invoker. */
  public AdapterInvoker(TaskScheduler scheduler, Executor executor) {
    this.scheduler = scheduler;
    this.executor = executor;
  }

  /**
   * Calls {@code call} on the adapter executor and waits for it on the calling thread, at most
   * {@code timeout} of real time: for the engine's {@code close()}, when the scheduler is about to
   * stop. Returns null when the call answered; otherwise what went wrong, in one line (a timed-out
   * call is interrupted).
   */
  public @Nullable String callNow(String what, Callable<?> call, Duration timeout) {
    java.util.concurrent.FutureTask<Object> task = new java.util.concurrent.FutureTask<>(() -> call.call());
    Throwable refused = UserCode.run(() -> executor.execute(task));
    if (refused != null) {
      return what + " could not be called: the adapter executor refused it: " + Causes.describe(refused);
    }
    try {
      task.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
      return null;
    } catch (java.util.concurrent.TimeoutException e) {
      task.cancel(true);
      return what + " did not answer within " + timeout.toSeconds() + " s";
    } catch (java.util.concurrent.ExecutionException e) {
      return what + " threw: " + Causes.describe(e);
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      return what + " was interrupted while the engine closed";
    } catch (java.util.concurrent.CancellationException e) {
      return what + " was cancelled";
    }
  }

  /**
   * Calls {@code call} with a deadline at {@code deadline} and hands the outcome to {@code sink}
   * on the scheduler. A null answer is {@link FailureKind#MALFORMED}.
   *
   * @param what what is called, for messages (e.g. "ClusterDriver.scaleDown")
   * @return a handle that cancels the call with an interrupt; its outcome is then delivered as
   *     {@link FailureKind#INTERRUPTED}
   */
  public <T> Cancellable call(
      String what, Callable<T> call, Instant deadline, Consumer<CallOutcome<T>> sink) {
    Duration budget = Duration.between(scheduler.clock().instant(), deadline);
    if (budget.isNegative() || budget.isZero()) {
      scheduler.execute(
          () ->
              sink.accept(
                  new CallOutcome.Failed<>(
                      FailureKind.TIMED_OUT, what + " was not called: its deadline had passed", null)));
      return () -> {};
    }
    Call<T> task = new Call<>(what, call, budget, sink);
    task.timer = scheduler.schedule(budget, task::expire);
    Throwable refused = UserCode.run(() -> executor.execute(task));
    if (refused != null) {
      task.rejected = refused;
      task.cancel(false);
    }
    return task;
  }

  /** One call; cancelling it as a {@link Cancellable} interrupts it. */
  private final class Call<T> extends FutureTask<T> implements Cancellable {
    private final String what;
    private final Duration budget;
    private final Consumer<CallOutcome<T>> sink;
    private volatile @Nullable Cancellable timer;
    private volatile boolean expired;
    private volatile @Nullable Throwable rejected;
    private boolean delivered;

    Call(String what, Callable<T> call, Duration budget, Consumer<CallOutcome<T>> sink) {
      super(call);
      this.what = what;
      this.budget = budget;
      this.sink = sink;
    }

    void expire() {
      expired = true;
      cancel(true);
    }

    @Override
    public void cancel() {
      cancel(true);
    }

    /**
     * Hands the outcome to the scheduler. A scheduler that refuses it has been shut down with the
     * engine: the run the answer was for was stopped by {@code close()} (which told of it), so the
     * answer is dropped, and the log says so.
     */
    @Override
    protected void done() {
      try {
        scheduler.execute(this::deliver);
      } catch (RejectedExecutionException closed) {
        LOG.info("{} ended after the engine's scheduler was shut down; its outcome is dropped (the run it was for"
            + " was stopped when the engine closed)", what);
      }
    }

    private void deliver() {
      synchronized (this) {
        if (delivered) {
          return;
        }
        delivered = true;
      }
      Cancellable t = timer;
      if (t != null) {
        t.cancel();
      }
      sink.accept(outcome());
    }

    @SuppressWarnings("NullAway") // a FutureTask's value is nullable; checked below
    private CallOutcome<T> outcome() {
      Throwable refused = rejected;
      if (refused != null) {
        return new CallOutcome.Failed<>(FailureKind.THREW,
            what + " could not start: the adapter executor refused it: " + Causes.describe(refused), refused);
      }
      if (isCancelled()) {
        if (expired) {
          return new CallOutcome.Failed<>(
              FailureKind.TIMED_OUT, what + " did not answer within " + Durations.format(budget), null);
        }
        return new CallOutcome.Failed<>(FailureKind.INTERRUPTED, what + " was cancelled", null);
      }
      try {
        T value = get();
        if (value == null) {
          return new CallOutcome.Failed<>(FailureKind.MALFORMED, what + " answered null", null);
        }
        return new CallOutcome.Answered<>(value);
      } catch (ExecutionException e) {
        return UserCode.failed(what, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new CallOutcome.Failed<>(FailureKind.INTERRUPTED, what + " was interrupted", e);
      }
    }
  }
}
