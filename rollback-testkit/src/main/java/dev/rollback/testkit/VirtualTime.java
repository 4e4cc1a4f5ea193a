package dev.rollback.testkit;

import dev.rollback.core.Cancellable;
import dev.rollback.core.TaskScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A deterministic, single-threaded scheduler on virtual time: a run with a ten-minute readiness
 * wait finishes in milliseconds.
 *
 * <p>Tasks run on the thread that drives the time ({@link #runUntil}, {@link #runUntilIdle}, {@link
 * #advance}); the clock jumps to each task's due time. {@link #executor()} runs adapter calls inline
 * on that thread. An in-memory adapter that must take time or hang calls {@link #park(Duration)} or
 * {@link #parkUntilCancelled()}, which keep the time running while the call is in progress and
 * throw {@link InterruptedException} when the engine cancels the call at its deadline.
 *
 * <p>Parks nest: while one call is parked, other runs' calls may start and park too, and an outer
 * call resumes only once inner ones return. Within one run calls never overlap, so a single run's
 * timing is exact; concurrent runs that park at the same time see their parks serialised.
 *
 * <p>Not thread-safe, except {@link #schedule} and {@link #execute}, which other threads may call.
 */
public final class VirtualTime implements TaskScheduler {

  private record Task(Instant due, long seq, Runnable action, boolean[] cancelled)
      implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int byTime = due.compareTo(o.due);
      return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private final Deque<Runnable> calls = new ArrayDeque<>();
  private final VirtualClock clock;
  private long seq;
  private long tasksRun;
  private int cancelledInQueue;

  private VirtualTime(Instant start) {
    this.clock = new VirtualClock(start);
  }

  /** Returns virtual time starting at {@code 2026-01-01T00:00:00Z}. */
  public static VirtualTime create() {
    return startingAt(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** Returns virtual time starting at {@code start}. */
  public static VirtualTime startingAt(Instant start) {
    return new VirtualTime(start);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /** Returns the current virtual instant. */
  public Instant now() {
    return clock.instant();
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Duration d = delay.isNegative() ? Duration.ZERO : delay;
    boolean[] cancelled = {false};
    queue.add(new Task(clock.instant().plus(d), seq++, task, cancelled));
    return () -> cancel(cancelled);
  }

  private synchronized void cancel(boolean[] cancelled) {
    if (cancelled[0]) {
      return;
    }
    cancelled[0] = true;
    // Deadline timers are mostly cancelled long before they are due: purge them in bulk so that
    // many instant runs do not pile them up in the queue.
    if (++cancelledInQueue > 64 && cancelledInQueue > queue.size() / 2) {
      queue.removeIf(t -> t.cancelled[0]);
      cancelledInQueue = 0;
    }
  }

  /** Returns an executor that runs each task at once, inline, on the calling thread. */
  public Executor executor() {
    return this::runCall;
  }

  /** Returns how many tasks have run so far. */
  public long tasksRun() {
    return tasksRun;
  }

  /** Returns how many tasks are scheduled and not cancelled. */
  public synchronized int pending() {
    return (int) queue.stream().filter(t -> !t.cancelled[0]).count();
  }

  private void runCall(Runnable call) {
    calls.push(call);
    try {
      call.run();
    } finally {
      calls.pop();
      Thread.interrupted(); // an engine's cancel(true) of an inline call must not leak to the next task
    }
  }

  /**
   * Runs tasks in time order until {@code future} completes, and returns its value.
   *
   * @throws IllegalStateException if nothing is left to run before it completes
   */
  public <T> T runUntil(CompletableFuture<T> future) {
    runWhile(() -> !future.isDone(), null);
    if (!future.isDone()) {
      throw new IllegalStateException(
          "virtual time ran out of tasks at " + now() + " before the future completed");
    }
    return future.join();
  }

  /** Runs every task, advancing time as far as needed, until none is left. */
  public void runUntilIdle() {
    runWhile(() -> true, null);
  }

  /** Runs the tasks due within {@code duration} from now and leaves the clock at its end. */
  public void advance(Duration duration) {
    Instant target = now().plus(duration);
    runWhile(() -> true, target);
    clock.set(target);
  }

  /**
   * Lets {@code duration} of virtual time pass inside an adapter call, running other tasks
   * meanwhile.
   *
   * @throws InterruptedException if the engine cancels the call meanwhile
   */
  public void park(Duration duration) throws InterruptedException {
    Runnable self = calls.peek();
    Instant target = now().plus(duration);
    runWhile(() -> !cancelled(self), target);
    if (cancelled(self)) {
      throw new InterruptedException("cancelled while parked in virtual time");
    }
    if (now().isBefore(target)) {
      clock.set(target);
    }
  }

  /**
   * Hangs the current adapter call until the engine cancels it.
   *
   * @throws InterruptedException when the call is cancelled
   * @throws IllegalStateException if nothing could ever cancel it (no task is left)
   */
  public void parkUntilCancelled() throws InterruptedException {
    Runnable self = calls.peek();
    if (self == null) {
      throw new IllegalStateException("parkUntilCancelled() outside an adapter call would hang forever");
    }
    runWhile(() -> !cancelled(self), null);
    if (!cancelled(self)) {
      throw new IllegalStateException("the adapter call hangs forever: no task is left that could cancel it");
    }
    throw new InterruptedException("cancelled while hanging in virtual time");
  }

  private static boolean cancelled(@Nullable Runnable call) {
    return call instanceof Future<?> f && f.isCancelled();
  }

  /** Runs due tasks while {@code condition} holds, up to {@code until} if given. */
  private void runWhile(BooleanSupplier condition, @Nullable Instant until) {
    while (condition.getAsBoolean()) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || (until != null && next.due.isAfter(until))) {
          return;
        }
        queue.poll();
      }
      if (next.cancelled[0]) {
        synchronized (this) {
          cancelledInQueue = Math.max(0, cancelledInQueue - 1);
        }
        continue;
      }
      if (next.due.isAfter(clock.instant())) {
        clock.set(next.due);
      }
      tasksRun++;
      next.action.run();
    }
  }

  private static final class VirtualClock extends Clock {
    private volatile Instant now;

    VirtualClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      if (zone.equals(ZoneOffset.UTC)) {
        return this;
      }
      throw new UnsupportedOperationException("virtual time runs in UTC");
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
