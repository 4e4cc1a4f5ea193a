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

  /**
   * Returns a builder with nothing set and every list empty. The engine builds the results of its
   * runs; a builder is for code that makes one itself (a test, a replay of a stored run). Use it
   * rather than the canonical constructor: the record gains a component when a run records more,
   * which changes the constructor but not the builder.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding every field of {@code existing}. */
  public static Builder builder(RunResult existing) {
    Builder b = new Builder();
    b.runId = existing.runId;
    b.deployment = existing.deployment;
    b.trigger = existing.trigger;
    b.outcome = existing.outcome;
    b.journal = existing.journal;
    b.from = existing.from;
    b.to = existing.to;
    b.manifest = existing.manifest;
    b.readiness = existing.readiness;
    b.podHealth = existing.podHealth;
    b.smoke = existing.smoke;
    b.notifications = existing.notifications;
    b.resumptions = existing.resumptions;
    b.startedAt = existing.startedAt;
    b.endedAt = existing.endedAt;
    b.publications = existing.publications;
    b.notices = existing.notices;
    return b;
  }

  /** Returns a copy with {@code publications} as its publication attempts. */
  public RunResult withPublications(List<PublicationRecord> publications) {
    return builder(this).publications(publications).build();
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

  /** Builds a {@link RunResult}. Not thread-safe; {@link #build()} may be called more than once. */
  public static final class Builder {
    private @Nullable RunId runId;
    private @Nullable DeploymentRef deployment;
    private @Nullable Trigger trigger;
    private @Nullable RunOutcome outcome;
    private List<JournalEntry> journal = List.of();
    private @Nullable Version from;
    private @Nullable Version to;
    private @Nullable RollbackManifest manifest;
    private @Nullable ReadinessSnapshot readiness;
    private @Nullable PodHealthReport podHealth;
    private @Nullable SmokeResult smoke;
    private List<NotificationRecord> notifications = List.of();
    private List<Resumption> resumptions = List.of();
    private @Nullable Instant startedAt;
    private @Nullable Instant endedAt;
    private List<PublicationRecord> publications = List.of();
    private List<ClusterNotice> notices = List.of();

    private Builder() {}

    /** Sets {@link RunResult#runId()}; required. */
    public Builder runId(@Nullable RunId value) {
      this.runId = value;
      return this;
    }

    /** Sets {@link RunResult#deployment()}; required. */
    public Builder deployment(@Nullable DeploymentRef value) {
      this.deployment = value;
      return this;
    }

    /** Sets {@link RunResult#trigger()}; required. */
    public Builder trigger(@Nullable Trigger value) {
      this.trigger = value;
      return this;
    }

    /** Sets {@link RunResult#outcome()}; required. */
    public Builder outcome(@Nullable RunOutcome value) {
      this.outcome = value;
      return this;
    }

    /** Sets {@link RunResult#journal()}; default empty. */
    public Builder journal(List<? extends JournalEntry> value) {
      this.journal = List.copyOf(Objects.requireNonNull(value, "RunResult.journal"));
      return this;
    }

    /** Sets {@link RunResult#from()}; may be null. */
    public Builder from(@Nullable Version value) {
      this.from = value;
      return this;
    }

    /** Sets {@link RunResult#to()}; may be null. */
    public Builder to(@Nullable Version value) {
      this.to = value;
      return this;
    }

    /** Sets {@link RunResult#manifest()}; may be null. */
    public Builder manifest(@Nullable RollbackManifest value) {
      this.manifest = value;
      return this;
    }

    /** Sets {@link RunResult#readiness()}; may be null. */
    public Builder readiness(@Nullable ReadinessSnapshot value) {
      this.readiness = value;
      return this;
    }

    /** Sets {@link RunResult#podHealth()}; may be null. */
    public Builder podHealth(@Nullable PodHealthReport value) {
      this.podHealth = value;
      return this;
    }

    /** Sets {@link RunResult#smoke()}; may be null. */
    public Builder smoke(@Nullable SmokeResult value) {
      this.smoke = value;
      return this;
    }

    /** Sets {@link RunResult#notifications()}; default empty. */
    public Builder notifications(List<? extends NotificationRecord> value) {
      this.notifications = List.copyOf(Objects.requireNonNull(value, "RunResult.notifications"));
      return this;
    }

    /** Sets {@link RunResult#resumptions()}; default empty. */
    public Builder resumptions(List<? extends Resumption> value) {
      this.resumptions = List.copyOf(Objects.requireNonNull(value, "RunResult.resumptions"));
      return this;
    }

    /** Sets {@link RunResult#startedAt()}; required. */
    public Builder startedAt(@Nullable Instant value) {
      this.startedAt = value;
      return this;
    }

    /** Sets {@link RunResult#endedAt()}; required. */
    public Builder endedAt(@Nullable Instant value) {
      this.endedAt = value;
      return this;
    }

    /** Sets {@link RunResult#publications()}; default empty. */
    public Builder publications(List<? extends PublicationRecord> value) {
      this.publications = List.copyOf(Objects.requireNonNull(value, "RunResult.publications"));
      return this;
    }

    /** Sets {@link RunResult#notices()}; default empty. */
    public Builder notices(List<? extends ClusterNotice> value) {
      this.notices = List.copyOf(Objects.requireNonNull(value, "RunResult.notices"));
      return this;
    }

    /**
     * Returns the result.
     *
     * @throws NullPointerException naming the field when a required one (run id, deployment,
     *     trigger, outcome, start or end) is not set
     */
    public RunResult build() {
      return new RunResult(
          Objects.requireNonNull(runId, "RunResult.runId"),
          Objects.requireNonNull(deployment, "RunResult.deployment"),
          Objects.requireNonNull(trigger, "RunResult.trigger"),
          Objects.requireNonNull(outcome, "RunResult.outcome"),
          journal,
          from,
          to,
          manifest,
          readiness,
          podHealth,
          smoke,
          notifications,
          resumptions,
          Objects.requireNonNull(startedAt, "RunResult.startedAt"),
          Objects.requireNonNull(endedAt, "RunResult.endedAt"),
          publications,
          notices);
    }
  }
}
