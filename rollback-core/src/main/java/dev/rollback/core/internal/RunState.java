package dev.rollback.core.internal;

import dev.rollback.core.JournalEntry;
import dev.rollback.core.Lane;
import dev.rollback.core.NotificationRecord;
import dev.rollback.core.Resumption;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.PodHealthReport;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** The mutable state of one run, confined to its {@link RunExecution}. */
final class RunState {
  final RunId runId;
  final DeploymentRef deployment;
  final Trigger trigger;
  final Instant startedAt;
  final Instant overallDeadline;
  final Instant workDeadline;
  final List<JournalEntry> journal = new ArrayList<>();
  final List<NotificationRecord> notifications = new ArrayList<>();
  final List<Resumption> resumptions = new ArrayList<>();
  /**
   * Faults of the run outside its steps (a run store or lock that failed, a run id that had to be
   * changed, a cluster driver whose notices could not be read), in the order they happened; the
   * terminal notification lists them. Copy-on-write: an adapter thread may add one.
   */
  final List<String> faults = new CopyOnWriteArrayList<>();
  /** What the cluster driver said people must know, by key; filled from adapter threads. */
  final Notices notices = new Notices();
  /** {@code deployment.toString()}, which every notification repeats. */
  final String deploymentText;

  @Nullable Version from;
  @Nullable Version to;
  @Nullable String noPreviousReason;
  @Nullable RollbackManifest manifest;
  @Nullable ReadinessSnapshot readiness;
  @Nullable PodHealthReport podHealth;
  @Nullable SmokeResult smoke;
  boolean deployed;
  /** The lane whose decision must answer No, because one of its steps failed. */
  @Nullable Lane failedLane;
  /** The failed step that set {@link #failedLane}. */
  @Nullable JournalEntry laneFailure;
  @Nullable RunOutcome outcome;
  /** The last two versions described, {@link #from} and {@link #to} once known, with their texts. */
  private @Nullable Described described;
  private @Nullable Described describedBefore;
  private @Nullable String triggerText;

  private record Described(Version version, String text) {}

  RunState(
      RunId runId,
      DeploymentRef deployment,
      Trigger trigger,
      Instant startedAt,
      Instant overallDeadline,
      Instant workDeadline) {
    this.runId = runId;
    this.deployment = deployment;
    this.trigger = trigger;
    this.startedAt = startedAt;
    this.overallDeadline = overallDeadline;
    this.workDeadline = workDeadline;
    this.deploymentText = deployment.toString();
  }

  /**
   * Returns {@code version.toString()}: the journal and the notifications name {@link #from} and
   * {@link #to} several times each, so the texts of the last two versions asked for are kept.
   */
  String describe(Version version) {
    Described d = described;
    if (d != null && d.version() == version) {
      return d.text();
    }
    Described before = describedBefore;
    if (before != null && before.version() == version) {
      return before.text();
    }
    String text = version.toString();
    describedBefore = d;
    described = new Described(version, text);
    return text;
  }

  /** Returns {@link NotificationFactory#describe} of the trigger, which the log and every notification repeat. */
  String triggerText() {
    String text = triggerText;
    if (text == null) {
      text = NotificationFactory.describe(trigger);
      triggerText = text;
    }
    return text;
  }

  RunResult toResult(RunOutcome outcome, Instant endedAt) {
    return RunResult.builder()
        .runId(runId)
        .deployment(deployment)
        .trigger(trigger)
        .outcome(outcome)
        .journal(journal)
        .from(from)
        .to(to)
        .manifest(manifest)
        .readiness(readiness)
        .podHealth(podHealth)
        .smoke(smoke)
        .notifications(notifications)
        .resumptions(resumptions)
        .startedAt(startedAt)
        .endedAt(endedAt)
        .notices(notices.list())
        .build();
  }

  /**
   * The cluster driver's notices of the run by key, in the order their keys first came; a notice
   * with a known key replaces the earlier texts in place. Thread-safe: the driver answers on adapter
   * threads, the run reads on its own.
   */
  static final class Notices {
    private final Map<String, ClusterNotice> byKey = new LinkedHashMap<>();

    synchronized void addAll(List<ClusterNotice> notices) {
      for (ClusterNotice n : notices) {
        byKey.put(n.key(), n);
      }
    }

    synchronized List<ClusterNotice> list() {
      return List.copyOf(byKey.values());
    }
  }
}
