package dev.rollback.core.internal;

import dev.rollback.core.Cancellable;
import dev.rollback.core.FailureKind;
import dev.rollback.core.internal.format.Durations;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.Subscription;
import dev.rollback.spi.helpers.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * <i>Wait for pods ready</i> without blocking a thread: polls {@code ClusterDriver.readiness} on
 * the scheduler with exponential backoff, and reacts at once to snapshots the driver pushes through
 * {@code watchReadiness}. Ends when a snapshot settles (all ready, or blocked), when a poll fails,
 * or at the deadline.
 */
final class ReadinessWait {
  private final Object lock;
  private final EngineRuntime rt;
  private final RunState run;
  private final RollbackManifest manifest;
  private final Instant start;
  private final Instant deadline;
  private final Consumer<Step> onEnd;

  private final Backoff pollBackoff;
  private int polls;
  private boolean done;
  private int backedOff;
  private @Nullable Cancellable timer;
  private @Nullable Cancellable pollTimer;
  /** Whether {@link #pollTimer} is due and has not fired yet. */
  private boolean pollScheduled;
  private @Nullable Subscription subscription;
  private @Nullable Cancellable inFlight;

  ReadinessWait(
      Object lock,
      EngineRuntime rt,
      RunState run,
      RollbackManifest manifest,
      Instant start,
      Instant deadline,
      Consumer<Step> onEnd) {
    this.lock = lock;
    this.rt = rt;
    this.run = run;
    this.manifest = manifest;
    this.start = start;
    this.deadline = deadline;
    this.onEnd = onEnd;
    this.pollBackoff = Backoff.exponential(rt.policy.readinessPollInitial(), rt.policy.readinessPollMax());
  }

  void begin() {
    Duration budget = Duration.between(now(), deadline);
    if (budget.isNegative() || budget.isZero()) {
      end(Step.failed(FailureKind.TIMED_OUT, "not started: its deadline had passed", null));
      return;
    }
    timer = rt.scheduler.schedule(budget, () -> serially(this::expire));
    rt.invoker.<Subscription>call(
        "ClusterDriver.watchReadiness",
        () -> rt.cluster.watchReadiness(manifest, this::pushed),
        deadline,
        outcome -> serially(() -> {
          if (outcome instanceof CallOutcome.Answered<Subscription> answered) {
            if (done) {
              cancelQuietly(answered.value());
            } else {
              subscription = answered.value();
              slowDownScheduledPoll();
            }
          } else if (outcome instanceof CallOutcome.Failed<Subscription> failed && !done) {
            EngineRuntime.log().info("[{} run {}] Wait for pods ready: no readiness watch ({}); polling",
                run.deployment, run.runId, failed.message());
          }
        }));
    poll();
  }

  private void pushed(@Nullable ReadinessSnapshot snapshot) {
    if (snapshot != null) {
      rt.scheduler.execute(() -> serially(() -> observe(snapshot)));
    }
  }

  private void poll() {
    pollScheduled = false;
    if (done) {
      return;
    }
    polls++;
    inFlight = rt.invoker.<ReadinessSnapshot>call(
        "ClusterDriver.readiness",
        () -> rt.cluster.readiness(manifest),
        deadline,
        outcome -> serially(() -> {
          if (done) {
            return;
          }
          if (outcome instanceof CallOutcome.Failed<ReadinessSnapshot> failed) {
            end(Step.failed(failed));
            return;
          }
          observe(((CallOutcome.Answered<ReadinessSnapshot>) outcome).value());
          if (!done) {
            pollScheduled = true;
            pollTimer = rt.scheduler.schedule(nextPollDelay(), () -> serially(this::poll));
          }
        }));
  }

  /**
   * Polls back off from the initial interval to the maximum; while the driver pushes changes the
   * polls are only a safety net, so they run at the maximum interval and the API is not asked
   * more often the longer the pods take.
   */
  private Duration nextPollDelay() {
    Subscription s = subscription;
    if (s != null && s != Subscription.none()) {
      return rt.policy.readinessPollMax();
    }
    backedOff++;
    return pollBackoff.delay(backedOff);
  }

  /**
   * The first poll may answer before {@code watchReadiness} hands over its subscription, and then
   * the next poll was scheduled on the plain backoff; once the driver pushes, that poll moves to
   * the longest interval like every later one.
   */
  private void slowDownScheduledPoll() {
    Cancellable p = pollTimer;
    Subscription s = subscription;
    if (pollScheduled && p != null && s != null && s != Subscription.none()) {
      p.cancel();
      pollTimer = rt.scheduler.schedule(rt.policy.readinessPollMax(), () -> serially(this::poll));
    }
  }

  private void observe(ReadinessSnapshot snapshot) {
    if (done) {
      return;
    }
    run.readiness = snapshot;
    if (snapshot.complete()) {
      end(Step.done(snapshot.ready() + "/" + snapshot.desired() + " pods ready after "
          + Durations.format(Duration.between(start, now()))));
    } else if (snapshot.blocker() != null) {
      end(Step.done("stopped waiting after " + Durations.format(Duration.between(start, now()))
          + ": " + snapshot.blocker() + " (" + snapshot.ready() + "/" + snapshot.desired() + " ready)"));
    }
  }

  private void expire() {
    if (done) {
      return;
    }
    ReadinessSnapshot last = run.readiness;
    end(Step.failed(FailureKind.TIMED_OUT, "pods not ready within "
        + Durations.format(Duration.between(start, deadline))
        + (last == null ? ": no readiness answer" : ": " + last.ready() + "/" + last.desired() + " ready")
        + " after " + polls + " poll(s)", null));
  }

  private void end(Step step) {
    done = true;
    Cancellable t = timer;
    if (t != null) {
      t.cancel();
    }
    Cancellable p = pollTimer;
    if (p != null) {
      p.cancel();
    }
    Subscription s = subscription;
    if (s != null) {
      cancelQuietly(s);
    }
    Cancellable call = inFlight;
    if (call != null) {
      call.cancel(); // a poll still running is abandoned; its answer is ignored
    }
    onEnd.accept(step);
  }

  private void cancelQuietly(Subscription s) {
    Throwable thrown = UserCode.run(s::cancel);
    if (thrown != null) {
      EngineRuntime.log().warn("[{} run {}] cancelling the readiness watch threw", run.deployment, run.runId, thrown);
    }
  }

  private void serially(Runnable task) {
    synchronized (lock) {
      task.run();
    }
  }

  private Instant now() {
    return rt.scheduler.clock().instant();
  }
}
