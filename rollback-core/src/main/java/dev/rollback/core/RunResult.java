package dev.rollback.core;

import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.PodHealthReport;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The immutable result of a finished run: its outcome, the path it took, the versions involved,
 * what the cluster and the smoke tests reported, every notification attempt, and the journal.
 *
 * @param runId the run
 * @param deployment the deployment
 * @param trigger what started the run
 * @param outcome how it ended
 * @param journal every step in order, from {@link Node#START} to {@link Node#END}
 * @param from the failing version, when it was identified
 * @param to the previous stable version, when one was found
 * @param manifest the rollback manifest, when one was prepared
 * @param readiness the last readiness snapshot, when the run waited for pods
 * @param podHealth the pod health report, when the run checked pod health
 * @param smoke the smoke test result, when smoke tests ran
 * @param notifications every notification attempt, in order
 * @param resumptions every time the run was interrupted and resumed, in order; empty for a run
 *     that ran in one go
 * @param startedAt when the run started
 * @param endedAt when it ended, at <i>End</i>
 * @param publications every attempt to publish the postmortem, in order; empty when the engine has
 *     no publisher (publishing starts after <i>End</i>, so it does not count in {@link #duration()})
 * @param notices what the cluster driver did or found beyond its steps that people must know (see
 *     {@link ClusterNotice}), in the order they first came; empty when it said nothing
 */
public record RunResult(
    RunId runId,
    DeploymentRef deployment,
    Trigger trigger,
    RunOutcome outcome,
    List<JournalEntry> journal,
    @Nullable Version from,
    @Nullable Version to,
    @Nullable RollbackManifest manifest,
    @Nullable ReadinessSnapshot readiness,
    @Nullable PodHealthReport podHealth,
    @Nullable SmokeResult smoke,
    List<NotificationRecord> notifications,
    List<Resumption> resumptions,
    Instant startedAt,
    Instant endedAt,
    List<PublicationRecord> publications,
    List<ClusterNotice> notices) {

  /** Validates the required fields and copies the lists. */
  public RunResult {
    Objects.requireNonNull(runId, "RunResult.runId");
    Objects.requireNonNull(deployment, "RunResult.deployment");
    Objects.requireNonNull(trigger, "RunResult.trigger");
    Objects.requireNonNull(outcome, "RunResult.outcome");
    Objects.requireNonNull(startedAt, "RunResult.startedAt");
    Objects.requireNonNull(endedAt, "RunResult.endedAt");
    journal = List.copyOf(journal);
    notifications = List.copyOf(notifications);
    resumptions = List.copyOf(resumptions);
    publications = List.copyOf(publications);
    notices = List.copyOf(notices);
  }

  /** Returns a copy with {@code publications} as its publication attempts. */
  public RunResult withPublications(List<PublicationRecord> publications) {
    return new RunResult(runId, deployment, trigger, outcome, journal, from, to, manifest, readiness, podHealth,
        smoke, notifications, resumptions, startedAt, endedAt, publications, notices);
  }

  /** Returns the nodes the run visited, in order. */
  public List<Node> path() {
    return journal.stream().map(JournalEntry::node).toList();
  }

  /** Returns the edges the run took, in order. */
  public List<Edge> edges() {
    return journal.stream().map(JournalEntry::edge).filter(Objects::nonNull).toList();
  }

  /** Returns the steps that failed, in order. */
  public List<JournalEntry> failures() {
    return journal.stream().filter(e -> e.result() == StepResult.FAILED).toList();
  }

  /** Returns how long the run took. */
  public Duration duration() {
    return Duration.between(startedAt, endedAt);
  }

  /** Returns whether the terminal on-call notification reached any notifier. */
  public boolean onCallNotified() {
    return notifications.stream()
        .anyMatch(n -> n.delivered() && n.kind() == dev.rollback.spi.NotificationKind.RUN_FINISHED);
  }
}
