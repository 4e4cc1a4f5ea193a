package dev.rollback.core.internal;

import dev.rollback.core.JournalEntry;
import dev.rollback.core.Lane;
import dev.rollback.core.NotificationRecord;
import dev.rollback.core.Resumption;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
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
import java.util.List;
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
  }

  RunResult toResult(RunOutcome outcome, Instant endedAt) {
    return new RunResult(
        runId,
        deployment,
        trigger,
        outcome,
        journal,
        from,
        to,
        manifest,
        readiness,
        podHealth,
        smoke,
        notifications,
        resumptions,
        startedAt,
        endedAt,
        List.of());
  }
}
