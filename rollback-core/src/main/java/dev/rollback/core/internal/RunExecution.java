package dev.rollback.core.internal;

import dev.rollback.core.Cancellable;
import dev.rollback.core.DeploymentBusyException;
import dev.rollback.core.Edge;
import dev.rollback.core.EngineClosedException;
import dev.rollback.core.FailureKind;
import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.NodeKind;
import dev.rollback.core.NotificationRecord;
import dev.rollback.core.Resumption;
import dev.rollback.core.RunEvent;
import dev.rollback.core.RunLostException;
import dev.rollback.core.RunResult;
import dev.rollback.core.StepResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.internal.format.Durations;
import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.InvalidValueException;
import dev.rollback.spi.Notification;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.RunRecord;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.Version;
import dev.rollback.spi.helpers.Causes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * One run of the workflow: walks the {@link dev.rollback.core.WorkflowGraph} from Start to End,
 * one node at a time, each node a task on the scheduler that never blocks. Adapter calls run on
 * the adapter executor under deadlines; their outcomes come back as scheduler tasks. All of a
 * run's tasks are serialised on the run itself.
 */
public final class RunExecution {
  private static final Logger LOG = EngineRuntime.log();

  private final EngineRuntime rt;
  private final Durability durability;
  private final RunState run;
  private final CompletableFuture<RunResult> result = new CompletableFuture<>();
  private @Nullable String revision;
  private boolean persisting;
  private boolean stopped;
  private Cancellable renewal = () -> {};
  /** Whether the run reached End. */
  private boolean ending;
  /** Why the run holds no lease, if it does not: then no work step starts. */
  private @Nullable String noLease;

  private RunExecution(EngineRuntime rt, Durability durability, RunState run) {
    this.rt = rt;
    this.durability = durability;
    this.run = run;
    this.persisting = durability.persistent();
  }

  /**
   * Starts a run and returns it; the run proceeds on the scheduler. With a lock configured, the
   * run starts only once this engine holds the lease on the deployment; otherwise its result
   * completes with {@link DeploymentBusyException}.
   */
  public static RunExecution start(EngineRuntime rt, Durability durability, RunId runId, DeploymentRef deployment,
      List<String> faults, Trigger trigger) {
    Instant now = rt.scheduler.clock().instant();
    Instant overall = now.plus(rt.policy.overallDeadline());
    Instant work = overall.minus(rt.terminalReserve);
    RunExecution execution =
        new RunExecution(rt, durability, new RunState(runId, deployment, trigger, now, overall, work));
    execution.run.faults.addAll(faults);
    execution.begin(Node.START, () -> {
      rt.publish(new RunEvent.RunStarted(runId, deployment, trigger, now));
      if (LOG.isInfoEnabled()) {
        LOG.info("[{} run {}] run started: {}", deployment, runId, execution.run.triggerText());
      }
    }, false);
    return execution;
  }

  /**
   * Resumes a run from its stored document: re-enters the node that was next (or in flight) when
   * its engine stopped, and records the resumption. Steps are idempotent, so re-entering a step
   * whose effect already happened changes nothing.
   */
  public static RunExecution resume(EngineRuntime rt, Durability durability, dev.rollback.spi.StoredRun stored) {
    RunDocument.Snapshot snapshot = RunDocument.read(stored.record().document());
    RunExecution execution = new RunExecution(rt, durability, snapshot.state());
    execution.revision = stored.revision();
    Node next = snapshot.next();
    if (next == null) {
      execution.result.complete(snapshot.state().toResult(
          required(snapshot.state().outcome), snapshot.savedAt()));
      return execution;
    }
    execution.begin(next, () -> {
      Instant now = rt.scheduler.clock().instant();
      Resumption resumption = new Resumption(next, snapshot.savedAt(), now, durability.holder());
      execution.run.resumptions.add(resumption);
      rt.publish(new RunEvent.RunResumed(execution.run.runId, execution.run.deployment, execution.run.trigger,
          resumption));
      LOG.warn("[{} run {}] resumed at {} by {}: interrupted after {}", execution.run.deployment,
          execution.run.runId, next.label(), durability.holder(), snapshot.savedAt());
    }, true);
    return execution;
  }

  /**
   * Takes the lease, then notes the start, saves and enters {@code node}. When the lock fails (it
   * cannot say whether another engine holds the lease), a new run goes on to its notifications
   * without changing the cluster, and a resumed run stays unfinished in the store for a later
   * resumption.
   */
  private void begin(Node node, Runnable onStart, boolean resumed) {
    durability.acquire(run.deployment, run.workDeadline, lease -> serially(() -> {
      if (lease instanceof Durability.Lease.Busy) {
        stopped = true;
        result.completeExceptionally(new DeploymentBusyException(run.deployment));
        return;
      }
      if (lease instanceof Durability.Lease.Failed failed) {
        if (resumed) {
          stop("could not take the lease (" + failed.why() + "); the run stays unfinished in the run store"
              + " and is resumed once the lock works");
          return;
        }
        withoutLease("the deployment lock failed (" + failed.why() + "), so this engine does not know whether"
            + " another one is rolling the deployment back");
      } else {
        renewal = durability.keepRenewing(run.deployment, why -> serially(() -> leaseLost(why)));
      }
      onStart.run();
      persist(node, () -> schedule(node));
    }));
  }

  /**
   * The lease was lost mid-run. When the run store holds the run and still works, another engine
   * resumes it, so this one stops; otherwise nobody else can finish it, so it goes on to its
   * notifications without changing the cluster any further.
   */
  private void leaseLost(String why) {
    rt.publish(new RunEvent.LeaseLost(run.runId, run.deployment, why, now()));
    if (ending) { // the terminal notification went out: only the final save and the postmortem are left
      LOG.warn("[{} run {}] lost the lease as the run ended: {}", run.deployment, run.runId, why);
      return;
    }
    if (persisting && revision != null) {
      stop("lost the lease: " + why + "; another engine resumes the run from the run store");
    } else {
      withoutLease("this engine lost the lease on the deployment mid-run (" + why + ")");
    }
  }

  /** Records that the run has no lease: no further work step starts, and the notifications say why. */
  private void withoutLease(String why) {
    if (noLease != null) {
      return;
    }
    noLease = why;
    run.faults.add(why + "; no step that changes the cluster or the registry was started after that");
    LOG.error("[{} run {}] {}; the run goes on to its notifications without changing the cluster", run.deployment,
        run.runId, why);
  }

  /**
   * Saves the run with {@code next} as the node to enter, then runs {@code then}. Saves never run
   * into the time reserved for the final steps and notifications: before the work deadline they end
   * by it; after it, only the final save runs, by the overall deadline.
   */
  private void persist(@Nullable Node next, Runnable then) {
    if (!persisting) {
      then.run();
      return;
    }
    boolean reserved = !now().isBefore(run.workDeadline);
    if (reserved && next != null) {
      LOG.warn("[{} run {}] not saved before {}: the run is in the time reserved for its final steps",
          run.deployment, run.runId, next.label());
      then.run();
      return;
    }
    String document = RunDocument.write(run, next, now());
    RunRecord record = new RunRecord(run.runId, run.deployment, next == null, document);
    boolean first = revision == null;
    durability.save(record, revision, reserved ? run.overallDeadline : run.workDeadline,
        saved -> serially(() -> {
      if (stopped) {
        return;
      }
      if (saved instanceof Durability.Saved.Written written) {
        revision = written.revision();
        then.run();
      } else if (saved instanceof Durability.Saved.Lost lost && !first && !ending) {
        stop("another engine wrote the run: " + lost.why());
      } else if (saved instanceof Durability.Saved.Failed && next != null && !now().isBefore(run.workDeadline)) {
        // Cut by the work deadline, not refused by the store: the run is in its reserved time, where
        // only the final save runs; that one still tells the store how the run ended.
        LOG.warn("[{} run {}] the save before {} was cut by the run's work deadline", run.deployment, run.runId,
            next.label());
        then.run();
      } else {
        persisting = false;
        String why = saved instanceof Durability.Saved.Lost lost
            ? "the run store already holds a run with the id " + run.runId + " (" + lost.why() + ")"
            : "the run could not be saved (" + ((Durability.Saved.Failed) saved).why() + ")";
        run.faults.add(why + "; the run went on without durability: had this engine died, no other would have"
            + " resumed it");
        LOG.error("[{} run {}] {}; it goes on without durability", run.deployment, run.runId, why);
        then.run();
      }
    }));
  }

  /** Stops this engine's execution of the run: another engine has it now, or will. */
  private void stop(String why) {
    if (stopped || result.isDone()) {
      return;
    }
    stopped = true;
    renewal.cancel();
    LOG.warn("[{} run {}] stopped in this engine: {}", run.deployment, run.runId, why);
    rt.publish(new RunEvent.RunStopped(run.runId, run.deployment, why, now()));
    result.completeExceptionally(new RunLostException(run.runId, run.deployment, why));
  }

  /**
   * Stops the run where it is, because its engine closes: completes its result with {@link
   * EngineClosedException}, logged at ERROR with {@code why}. A run that nobody will resume
   * ({@code resumable} false: there is no run store) first sends the on-call engineer its terminal
   * notification from the calling thread ({@link NotificationDispatcher#dispatchNow}), and the
   * exception says whether it was delivered. Does nothing once the run ended.
   */
  public void abandon(String why, boolean resumable) {
    String[] where = new String[1];
    serially(() -> {
      if (stopped || result.isDone()) {
        return;
      }
      stopped = true;
      renewal.cancel();
      where[0] = at();
    });
    String at = where[0];
    if (at == null) {
      return;
    }
    String said = why;
    if (!resumable) {
      List<NotificationRecord> sent = rt.notifications.dispatchNow(NotificationFactory.closed(run, at, why, now()));
      synchronized (this) {
        run.notifications.addAll(sent);
      }
      if (rt.hasListeners()) {
        sent.forEach(r -> rt.publish(new RunEvent.NotificationAttempted(run.runId, run.deployment, r)));
      }
      NotificationRecord last = sent.get(sent.size() - 1);
      said = why + (last.delivered()
          ? "; the on-call engineer was told via " + last.notifier()
          : "; telling the on-call engineer failed (" + last.error() + ")");
    }
    LOG.error("[{} run {}] stopped at {}: {}", run.deployment, run.runId, at, said);
    rt.publish(new RunEvent.RunStopped(run.runId, run.deployment, said, now()));
    result.completeExceptionally(new EngineClosedException(run.deployment, run.runId, said));
  }

  /** Returns the label of the node the run is at, for messages. */
  private String at() {
    return run.journal.isEmpty() ? "its start" : "the step after " + run.journal.get(run.journal.size() - 1).node().label();
  }

  /** Returns the run's result, completed when the run reaches End. */
  public CompletableFuture<RunResult> result() {
    return result;
  }

  private void schedule(Node node) {
    rt.scheduler.execute(() -> {
      synchronized (this) {
        enter(node);
      }
    });
  }

  private void serially(Runnable task) {
    synchronized (this) {
      task.run();
    }
  }

  private Instant now() {
    return rt.scheduler.clock().instant();
  }

  private void enter(Node node) {
    if (stopped) {
      return;
    }
    Instant start = now();
    if (rt.hasListeners()) {
      rt.publish(new RunEvent.StepStarted(run.runId, run.deployment, node, start));
    }
    try {
      if (rt.graph.skippedInFailedLane(node, run.failedLane)) {
        JournalEntry failure = run.laneFailure;
        finish(node, start, Step.skipped(
            "skipped: " + (failure == null ? "an earlier step" : failure.node().label()) + " failed"));
        return;
      }
      String refused = noLease;
      if (rt.graph.isWorkStep(node) && refused != null) {
        finish(node, start, Step.failed(FailureKind.THREW, "not started: " + refused, null));
        return;
      }
      if (rt.graph.isWorkStep(node) && !start.isBefore(run.workDeadline)) {
        finish(node, start, Step.failed(
            FailureKind.TIMED_OUT,
            "not started: the run's overall deadline leaves only the time reserved for the final"
                + " steps and notifications",
            null));
        return;
      }
      perform(node, start);
    } catch (Throwable e) { // an engine bug, or user code reached without the UserCode boundary
      LOG.error("[{} run {}] {}: engine error", run.deployment, run.runId, node.label(), e);
      if (node == Node.END) {
        result.completeExceptionally(e);
      } else {
        finish(node, start, Step.failed(FailureKind.THREW, "engine error: " + Causes.describe(e), Causes.describe(e)));
      }
    }
  }

  private void perform(Node node, Instant start) {
    WorkflowDefinition.SEED.handler(node).perform(this, node, start);
  }

  // The step handlers, each bound to its node in WorkflowDefinition. Each ends by calling finish
  // (directly, or once its adapter call or wait completes).

  void start(Node node, Instant start) {
    finish(node, start, Step.done("run " + run.runId + " started"));
  }

  void detectAnomaly(Node node, Instant start) {
    finish(node, start, Step.done(detection()));
  }

  void triggerAlert(Node node, Instant start) {
    notify(node, start, NotificationFactory.alert(run, start));
  }

  void identifyCurrent(Node node, Instant start) {
    DeploymentRef d = run.deployment;
    call(node, start, "VersionRegistry.currentVersion", () -> rt.registry.currentVersion(d),
        version -> {
          run.from = version;
          return Step.done("current version is " + run.describe(version));
        });
  }

  void fetchPrevious(Node node, Instant start) {
    fetchPrevious(node, start, required(run.from));
  }

  void haltManual(Node node, Instant start) {
    run.outcome = RunOutcome.MANUAL_NEEDED;
    JournalEntry why = NotificationFactory.firstProblem(run);
    finish(node, start, Step.done(
        "halted for a manual rollback: " + (why == null ? "no previous stable version" : why.detail())));
  }

  void scaleDown(Node node, Instant start) {
    RollbackManifest m = required(run.manifest);
    call(node, start, "ClusterDriver.scaleDown", withNotices(node, m, () -> {
          rt.cluster.scaleDown(m);
          return Boolean.TRUE;
        }),
        ok -> Step.done(m.scaleDown().floor() == 0
            ? "scaled " + m.from().id() + " down to 0 pods"
            : "scaled " + m.from().id() + " down to its floor of " + m.scaleDown().floor() + " pods"));
  }

  void deployPrevious(Node node, Instant start) {
    RollbackManifest m = required(run.manifest);
    call(node, start, "ClusterDriver.deploy", withNotices(node, m, () -> {
          rt.cluster.deploy(m);
          return Boolean.TRUE;
        }),
        ok -> {
          run.deployed = true;
          return Step.done("deployed " + run.describe(m.to()));
        });
  }

  void waitReady(Node node, Instant start) {
    new ReadinessWait(this, rt, run, required(run.manifest), start,
        deadlineFor(node, start), step -> finish(node, start, step)).begin();
  }

  void updateSelector(Node node, Instant start) {
    RollbackManifest m = required(run.manifest);
    call(node, start, "ClusterDriver.switchTraffic", withNotices(node, m, () -> {
          rt.cluster.switchTraffic(m);
          return Boolean.TRUE;
        }),
        ok -> Step.done("traffic now goes to " + m.to().id()));
  }

  void markFailed(Node node, Instant start) {
    run.outcome = RunOutcome.ROLLBACK_FAILED;
    RollbackManifest m = required(run.manifest);
    JournalEntry why = NotificationFactory.firstProblem(run);
    String reason = why == null ? "the rollback failed" : why.node().label() + ": " + why.detail();
    call(node, start, "VersionRegistry.markFailed", () -> {
          rt.registry.markFailed(m, reason);
          return Boolean.TRUE;
        },
        ok -> Step.done("marked the rollback to " + m.to().id() + " failed: " + reason));
  }

  void runSmokeTests(Node node, Instant start) {
    RollbackManifest m = required(run.manifest);
    call(node, start, "SmokeTester.run", () -> rt.smokeTester.run(m),
        smoke -> {
          run.smoke = smoke;
          return Step.done(smoke.summary());
        });
  }

  void decideTestsPassing(Node node, Instant start) {
    if (laneFailed(node)) {
      return;
    }
    SmokeResult smoke = required(run.smoke);
    finish(node, start, Step.answer(smoke.passed(), smoke.summary()));
  }

  void updateStatus(Node node, Instant start) {
    RollbackManifest m = required(run.manifest);
    call(node, start, "VersionRegistry.recordRollback", () -> {
          rt.registry.recordRollback(m, start);
          return Boolean.TRUE;
        },
        ok -> Step.done("recorded the rollback from " + m.from().id() + " to " + m.to().id()));
  }

  void cleanup(Node node, Instant start) {
    RollbackManifest m = required(run.manifest);
    call(node, start, "ClusterDriver.cleanup", withNotices(node, m, () -> {
          rt.cluster.cleanup(m);
          return Boolean.TRUE;
        }),
        ok -> {
          run.outcome = RunOutcome.ROLLED_BACK;
          return Step.done("cleaned up what was left of " + m.from().id());
        });
  }

  void escalate(Node node, Instant start) {
    run.outcome = RunOutcome.NEEDS_ATTENTION;
    notify(node, start, NotificationFactory.escalation(run, start));
  }

  void notifyOnCall(Node node, Instant start) {
    RunOutcome outcome = required(run.outcome);
    PostmortemPublishing.Draft draft =
        rt.attachDraft ? rt.postmortems.draft(run.toResult(outcome, start)) : PostmortemPublishing.Draft.NONE;
    notify(node, start, NotificationFactory.finished(run, outcome, start, draft.links(), draft.attachments()));
  }

  void end(Node node, Instant start) {
    end(start);
  }

  private String detection() {
    if (run.trigger instanceof Trigger.Detected detected) {
      return detected.finding().detector() + ": " + detected.finding().summary();
    }
    Trigger.Manual manual = (Trigger.Manual) run.trigger;
    return "manual trigger by " + manual.operator() + ": " + manual.reason();
  }

  private void fetchPrevious(Node node, Instant start, Version current) {
    call(node, start, "VersionRegistry.previousStable",
        () -> rt.registry.previousStable(run.deployment, current),
        answer -> {
          if (answer instanceof PreviousVersion.Found found) {
            if (found.version().id().equals(current.id())) {
              return Step.failed(FailureKind.MALFORMED,
                  "VersionRegistry.previousStable answered malformed data: it offered the current"
                      + " version " + current.id() + " as the previous stable version", null);
            }
            run.to = found.version();
            return Step.done("previous stable version is " + run.describe(found.version()));
          }
          PreviousVersion.NoneAvailable none = (PreviousVersion.NoneAvailable) answer;
          run.noPreviousReason = none.reason();
          return Step.done("no previous stable version: " + none.reason());
        });
  }

  void decidePreviousAvailable(Node node, Instant start) {
    if (laneFailed(node)) {
      return;
    }
    Version to = run.to;
    if (to != null) {
      finish(node, start, Step.answer(true, to.id() + " is available"));
    } else {
      String reason = run.noPreviousReason;
      finish(node, start, Step.answer(false, "no previous stable version: "
          + (reason == null ? "the registry named none" : reason)));
    }
  }

  void prepareManifest(Node node, Instant start) {
    RollbackManifest manifest;
    try {
      manifest = new RollbackManifest(
          run.runId, run.deployment, required(run.from), required(run.to), rt.policy.scaleDown(), start);
    } catch (IllegalArgumentException | InvalidValueException e) {
      finish(node, start, Step.failed(FailureKind.REJECTED, "the manifest is invalid: " + e.getMessage(),
          Causes.describe(e)));
      return;
    }
    call(node, start, "ClusterDriver.validate", withNotices(node, manifest, () -> rt.cluster.validate(manifest)),
        problems -> {
          List<String> list = List.copyOf(problems);
          if (!list.isEmpty()) {
            return Step.failed(FailureKind.REJECTED,
                "the cluster driver rejected the manifest: " + String.join("; ", list), null);
          }
          run.manifest = manifest;
          return Step.done("roll back from " + run.describe(manifest.from()) + " to " + run.describe(manifest.to())
              + ", scale-down " + manifest.scaleDown().mode()
              + (manifest.scaleDown().floor() > 0 ? " (floor " + manifest.scaleDown().floor() + ")" : ""));
        });
  }

  void decidePodsHealthy(Node node, Instant start) {
    JournalEntry failure = run.laneFailure;
    boolean laneFailed = run.failedLane == node.lane();
    if (laneFailed && !run.deployed) {
      finish(node, start, Step.no(noBecause(failure), failure == null ? null : failure.cause()));
      return;
    }
    RollbackManifest m = required(run.manifest);
    call(node, start, "ClusterDriver.podHealth", () -> rt.cluster.podHealth(m), report -> {
          run.podHealth = report;
          if (laneFailed) {
            return Step.no(noBecause(failure) + "; " + report.summary(), failure == null ? null : failure.cause());
          }
          boolean ready = run.readiness != null && run.readiness.complete();
          boolean yes = ready && report.allHealthy();
          return Step.answer(yes, yes || ready ? report.summary()
              : report.summary() + "; readiness " + run.readiness);
        },
        failed -> Step.no("could not check pod health: " + failed.message()
            + (laneFailed ? "; " + noBecause(failure) : ""),
            failed.kind() + (failed.causeText() == null ? "" : ": " + failed.causeText())));
  }

  private static String noBecause(@Nullable JournalEntry failure) {
    return failure == null ? "an earlier step failed" : failure.node().label() + " failed: " + failure.detail();
  }

  /** Answers No at a decision whose lane failed earlier; returns whether it did. */
  private boolean laneFailed(Node decision) {
    if (run.failedLane != decision.lane()) {
      return false;
    }
    JournalEntry failure = run.laneFailure;
    finish(decision, now(), Step.no(noBecause(failure), failure == null ? null : failure.cause()));
    return true;
  }

  private Instant deadlineFor(Node node, Instant start) {
    Instant step = start.plus(rt.policy.stepDeadline(node));
    Instant cap = rt.graph.isWorkStep(node) || node.kind() == NodeKind.DECISION ? run.workDeadline : run.overallDeadline;
    return step.isBefore(cap) ? step : cap;
  }

  /**
   * Wraps the cluster step {@code step} so that, once it returned or threw, the driver's notices of
   * the run are asked for on the same adapter thread (within the step's deadline) and kept in the
   * run's state. A throw from {@link dev.rollback.spi.ClusterDriver#notices} is logged and recorded
   * as a fault of the run, never instead of the step's own answer or throw.
   */
  private <T> Callable<T> withNotices(Node node, RollbackManifest m, Callable<T> step) {
    return () -> {
      try {
        return step.call();
      } finally {
        collectNotices(node, m);
      }
    };
  }

  private void collectNotices(Node node, RollbackManifest m) {
    if (Thread.currentThread().isInterrupted()) {
      return; // the step was cut off at its deadline or the run stopped: nobody waits for the answer
    }
    try {
      List<ClusterNotice> notices = rt.cluster.notices(m);
      run.notices.addAll(List.copyOf(notices));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) { // a driver's bug must not replace the step's answer
      LOG.warn("[{} run {}] {}: ClusterDriver.notices threw; the run goes on without them", run.deployment,
          run.runId, node.label(), e);
      run.faults.add("ClusterDriver.notices threw after " + node.label() + ": " + Causes.describe(e));
    }
  }

  private <T> void call(Node node, Instant start, String what, Callable<T> call, Function<T, Step> onAnswer) {
    call(node, start, what, call, onAnswer, Step::failed);
  }

  private <T> void call(
      Node node,
      Instant start,
      String what,
      Callable<T> call,
      Function<T, Step> onAnswer,
      Function<CallOutcome.Failed<T>, Step> onFailure) {
    rt.invoker.call(what, call, deadlineFor(node, start), outcome -> {
      synchronized (this) {
        answered(node, start, what, outcome, onAnswer, onFailure);
      }
    });
  }

  /** Turns the outcome of {@link #call}'s adapter call into the node's step. */
  private <T> void answered(
      Node node,
      Instant start,
      String what,
      CallOutcome<T> outcome,
      Function<T, Step> onAnswer,
      Function<CallOutcome.Failed<T>, Step> onFailure) {
    Step step;
    try {
      step = outcome instanceof CallOutcome.Failed<T> failed
          ? onFailure.apply(failed)
          : onAnswer.apply(((CallOutcome.Answered<T>) outcome).value());
    } catch (IllegalArgumentException | InvalidValueException e) {
      step = Step.failed(FailureKind.MALFORMED, what + " answered malformed data: " + e.getMessage(),
          Causes.describe(e));
    } catch (Throwable e) { // e.g. a custom collection in the answer whose iterator throws
      LOG.error("[{} run {}] {}: engine error handling the answer of {}", run.deployment, run.runId,
          node.label(), what, e);
      step = Step.failed(FailureKind.THREW, "engine error: " + Causes.describe(e), Causes.describe(e));
    }
    finish(node, start, step);
  }

  private void notify(Node node, Instant start, Notification notification) {
    rt.notifications.dispatch(
        notification,
        record -> {
          synchronized (this) {
            run.notifications.add(record);
          }
          if (rt.hasListeners()) {
            rt.publish(new RunEvent.NotificationAttempted(run.runId, run.deployment, record));
          }
        },
        records -> serially(() -> {
          String to = notification.audience() == dev.rollback.spi.Audience.ON_CALL ? "on-call engineer" : "team lead";
          String via = null;
          int failedAttempts = 0;
          for (NotificationRecord r : records) {
            if (!r.delivered()) {
              failedAttempts++;
            } else if (via == null) {
              via = r.notifier();
            }
          }
          if (via != null) {
            finish(node, start, Step.done("notified the " + to + " via " + via
                + (failedAttempts > 0 ? " after " + failedAttempts + " failed attempt(s)" : "")));
          } else {
            String lastError = null;
            for (NotificationRecord r : records) {
              if (r.error() != null) {
                lastError = r.notifier() + ": " + r.error();
              }
            }
            finish(node, start, Step.failed(FailureKind.THREW,
                "could not notify the " + to + ": every notifier failed; written to the ERROR log", lastError));
          }
        }));
  }

  private void finish(Node node, Instant start, Step step) {
    Edge edge = rt.graph.route(node, step.result()).orElse(null);
    Instant end = now();
    JournalEntry entry = new JournalEntry(
        node, start, end.isBefore(start) ? start : end, step.result(), step.detail(), step.failure(), step.cause(), edge);
    run.journal.add(entry);
    if (run.failedLane == null && rt.graph.failsLane(node, step.result(), edge)) {
      run.failedLane = node.lane();
      run.laneFailure = entry;
    }
    if (rt.graph.endsLaneFailure(node, run.failedLane)) {
      run.failedLane = null;
    }
    log(entry);
    if (rt.hasListeners()) {
      rt.publish(new RunEvent.StepFinished(run.runId, run.deployment, entry));
    }
    if (edge != null) {
      Node next = edge.to();
      if (persisting) {
        persist(next, () -> schedule(next));
      } else {
        schedule(next);
      }
    }
  }

  private void log(JournalEntry entry) {
    boolean failed = entry.result() == StepResult.FAILED;
    if (failed ? !LOG.isWarnEnabled() : !LOG.isInfoEnabled()) {
      return;
    }
    Duration took = entry.duration();
    if (failed) {
      LOG.warn("[{} run {}] {}: FAILED ({}) after {}: {}", run.deployment, run.runId, entry.node().label(),
          entry.failure(), Durations.format(took), entry.detail());
    } else {
      LOG.info("[{} run {}] {}: {} after {}: {}", run.deployment, run.runId, entry.node().label(),
          entry.result(), Durations.format(took), entry.detail());
    }
  }

  private void end(Instant start) {
    ending = true;
    RunOutcome outcome = required(run.outcome);
    finish(Node.END, start, Step.done("run ended: " + outcome));
    persist(null, () -> {
      renewal.cancel();
      durability.release(run.deployment);
      RunResult ended = run.toResult(outcome, now());
      if (LOG.isInfoEnabled()) {
        LOG.info("[{} run {}] run ended {} after {}", run.deployment, run.runId, outcome,
            Durations.format(ended.duration()));
      }
      rt.postmortems.publish(ended, publications -> serially(() -> {
        RunResult done = ended.withPublications(publications);
        rt.publish(new RunEvent.RunFinished(run.runId, run.deployment, done));
        result.complete(done);
      }));
    });
  }

  private static <T> T required(@Nullable T value) {
    if (value == null) {
      throw new IllegalStateException("the workflow reached a step without the data it needs");
    }
    return value;
  }
}
