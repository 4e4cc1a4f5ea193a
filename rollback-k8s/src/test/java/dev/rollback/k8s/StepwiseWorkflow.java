package dev.rollback.k8s;

import dev.rollback.spi.Audience;
import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.PodHealthReport;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.Severity;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.Subscription;
import dev.rollback.spi.Version;
import dev.rollback.spi.VersionRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Calls the adapters in the workflow's order (n3, n6 ... n21, n4), taking each branch as the
 * engine would, and records what happened. A stand-in for rollback-core in these tests.
 */
final class StepwiseWorkflow {
  /** What a run did. */
  record Result(RunOutcome outcome, List<String> journal, @Nullable RollbackManifest manifest,
      @Nullable PodHealthReport health, @Nullable SmokeResult smoke, List<ReadinessSnapshot> pushed) {}

  private final VersionRegistry registry;
  private final ClusterDriver driver;
  private final SmokeTester smoke;
  private final Notifier notifier;
  private final ScaleDown scaleDown;
  private final Duration readinessDeadline;

  StepwiseWorkflow(KubernetesAdapters k8s, SmokeTester smoke, ScaleDown scaleDown, Duration readinessDeadline) {
    this.registry = k8s.versionRegistry();
    this.driver = k8s.clusterDriver();
    this.notifier = k8s.eventNotifier();
    this.smoke = smoke;
    this.scaleDown = scaleDown;
    this.readinessDeadline = readinessDeadline;
  }

  Result run(DeploymentRef ref, RunId runId) throws Exception {
    List<String> journal = new ArrayList<>();
    notifier.send(notification(runId, ref, NotificationKind.ROLLBACK_ALERT, null, null, null));
    Version current = registry.currentVersion(ref);
    journal.add("current " + current.id());
    PreviousVersion previous = registry.previousStable(ref, current);
    if (previous instanceof PreviousVersion.NoneAvailable none) {
      journal.add("none: " + none.reason());
      return finish(runId, ref, RunOutcome.MANUAL_NEEDED, journal, null, null, null, List.of(), current);
    }
    Version to = ((PreviousVersion.Found) previous).version();
    RollbackManifest m = new RollbackManifest(runId, ref, current, to, scaleDown, Instant.now());
    List<String> problems = driver.validate(m);
    if (!problems.isEmpty()) {
      journal.add("invalid: " + problems);
      return finish(runId, ref, RunOutcome.MANUAL_NEEDED, journal, m, null, null, List.of(), current);
    }
    driver.scaleDown(m);
    driver.deploy(m);
    List<ReadinessSnapshot> pushed = new CopyOnWriteArrayList<>();
    Subscription sub = driver.watchReadiness(m, pushed::add);
    ReadinessSnapshot snapshot;
    try {
      snapshot = awaitSettled(m);
    } finally {
      sub.cancel();
    }
    journal.add("readiness " + snapshot);
    PodHealthReport health = driver.podHealth(m);
    journal.add("health " + health.summary());
    if (!health.allHealthy()) {
      registry.markFailed(m, health.summary());
      return finish(runId, ref, RunOutcome.ROLLBACK_FAILED, journal, m, health, null, pushed, current);
    }
    driver.switchTraffic(m);
    SmokeResult result = smoke.run(m);
    journal.add("smoke " + result.summary());
    if (!result.passed()) {
      notifier.send(notification(runId, ref, NotificationKind.ESCALATION, null, m, result.summary()));
      return finish(runId, ref, RunOutcome.NEEDS_ATTENTION, journal, m, health, result, pushed, current);
    }
    registry.recordRollback(m, Instant.parse("2026-11-27T07:18:00Z"));
    driver.cleanup(m);
    return finish(runId, ref, RunOutcome.ROLLED_BACK, journal, m, health, result, pushed, current);
  }

  /** Polls readiness() with backoff until it settles or the deadline passes, as the engine does. */
  ReadinessSnapshot awaitSettled(RollbackManifest m) throws Exception {
    long deadline = System.nanoTime() + readinessDeadline.toNanos();
    long wait = 5;
    ReadinessSnapshot s = driver.readiness(m);
    while (!s.settled() && System.nanoTime() < deadline) {
      Thread.sleep(wait);
      wait = Math.min(wait * 2, 100);
      s = driver.readiness(m);
    }
    return s;
  }

  private Result finish(RunId runId, DeploymentRef ref, RunOutcome outcome, List<String> journal,
      @Nullable RollbackManifest m, @Nullable PodHealthReport health, @Nullable SmokeResult smoke,
      List<ReadinessSnapshot> pushed, Version current) throws Exception {
    notifier.send(notification(runId, ref, NotificationKind.RUN_FINISHED, outcome, m, outcome.name()));
    journal.add("finished " + outcome);
    return new Result(outcome, journal, m, health, smoke, pushed);
  }

  static Notification notification(RunId runId, DeploymentRef ref, NotificationKind kind,
      @Nullable RunOutcome outcome, @Nullable RollbackManifest m, @Nullable String cause) {
    Severity severity = outcome == RunOutcome.ROLLED_BACK ? Severity.INFO : Severity.CRITICAL;
    return Notification.builder()
        .runId(runId)
        .deployment(ref)
        .kind(kind)
        .audience(kind == NotificationKind.ESCALATION ? Audience.TEAM_LEAD : Audience.ON_CALL)
        .severity(severity)
        .title(kind + " for " + ref)
        .message(cause == null ? "" : cause)
        .outcome(outcome)
        .from(m == null ? null : m.from())
        .to(m == null ? null : m.to())
        .cause(cause)
        .createdAt(Instant.parse("2026-11-27T07:18:00Z"))
        .build();
  }
}
