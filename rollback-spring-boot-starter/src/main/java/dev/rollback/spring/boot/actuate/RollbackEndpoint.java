package dev.rollback.spring.boot.actuate;

import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.RunResult;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunId;
import dev.rollback.spring.boot.RunHistory;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The Actuator endpoint {@code rollback}: {@code GET /actuator/rollback} lists the runs in progress
 * and the latest outcomes with links to their postmortems; {@code GET /actuator/rollback/{runId}}
 * shows one run's journal. {@link ManualRollbackEndpoint} adds the write operation.
 */
@Endpoint(id = "rollback")
public class RollbackEndpoint {
  private final RunHistory history;

  /** Creates the endpoint over {@code history}. */
  public RollbackEndpoint(RunHistory history) {
    this.history = Objects.requireNonNull(history, "history");
  }

  /** Returns the runs in progress, oldest first, and the latest outcomes, newest first. */
  @ReadOperation
  public RunsDescriptor runs() {
    return new RunsDescriptor(
        history.inProgress().stream().map(RollbackEndpoint::inProgress).toList(),
        history.recent().stream().map(RollbackEndpoint::finished).toList());
  }

  /** Returns the journal of run {@code runId}, or null (404) when the history does not know it. */
  @ReadOperation
  public @Nullable JournalDescriptor run(@Selector String runId) {
    RunId id;
    try {
      id = RunId.of(runId);
    } catch (IllegalArgumentException e) {
      // Not a well-formed run id, so no run has it: the same 404 as for an id the history does not know.
      return null;
    }
    Optional<RunHistory.ActiveRun> active = history.active(id);
    if (active.isPresent()) {
      RunHistory.ActiveRun run = active.get();
      return new JournalDescriptor(run.runId().value(), deployment(run.deployment()), run.trigger().reason(),
          null, steps(run.journal()), List.of());
    }
    return history.result(id)
        .map(r -> new JournalDescriptor(r.runId().value(), deployment(r.deployment()), r.trigger().reason(),
            r.outcome().name(), steps(r.journal()), postmortems(r)))
        .orElse(null);
  }

  private static RunInProgress inProgress(RunHistory.ActiveRun run) {
    Node step = run.currentStep();
    return new RunInProgress(run.runId().value(), deployment(run.deployment()), run.trigger().reason(),
        run.startedAt(), step == null ? null : step.label());
  }

  private static FinishedRun finished(RunResult r) {
    return new FinishedRun(r.runId().value(), deployment(r.deployment()), r.outcome().name(),
        r.trigger().reason(), r.startedAt(), r.endedAt(), postmortems(r));
  }

  private static List<URI> postmortems(RunResult r) {
    return r.publications().stream()
        .filter(p -> p.published() && p.location() != null)
        .map(p -> Objects.requireNonNull(p.location()))
        .toList();
  }

  private static List<Step> steps(List<JournalEntry> journal) {
    return journal.stream()
        .map(e -> new Step(e.node().label(), e.start(), e.end(), e.result().name(), e.detail(),
            e.failure() == null ? null : Objects.requireNonNull(e.failure()).name(), e.cause()))
        .toList();
  }

  static String deployment(DeploymentRef deployment) {
    return deployment.toString();
  }

  /**
   * What {@code GET /actuator/rollback} answers.
   *
   * @param inProgress the runs in progress, oldest first
   * @param recent the latest finished runs, newest first
   */
  public record RunsDescriptor(List<RunInProgress> inProgress, List<FinishedRun> recent) {}

  /**
   * A run in progress.
   *
   * @param runId the run's id
   * @param deployment {@code cluster/namespace/name}
   * @param trigger why it started
   * @param startedAt when it started
   * @param step the step it is in, if one started
   */
  public record RunInProgress(
      String runId, String deployment, String trigger, Instant startedAt, @Nullable String step) {}

  /**
   * A finished run.
   *
   * @param runId the run's id
   * @param deployment {@code cluster/namespace/name}
   * @param outcome how it ended, a {@link dev.rollback.spi.RunOutcome} name
   * @param trigger why it started
   * @param startedAt when it started
   * @param endedAt when it ended
   * @param postmortems where its postmortem was published
   */
  public record FinishedRun(
      String runId, String deployment, String outcome, String trigger, Instant startedAt, Instant endedAt,
      List<URI> postmortems) {}

  /**
   * One run's journal.
   *
   * @param runId the run's id
   * @param deployment {@code cluster/namespace/name}
   * @param trigger why it started
   * @param outcome how it ended; null while it is in progress
   * @param steps the steps it finished, in order
   * @param postmortems where its postmortem was published
   */
  public record JournalDescriptor(
      String runId, String deployment, String trigger, @Nullable String outcome, List<Step> steps,
      List<URI> postmortems) {}

  /**
   * One finished step.
   *
   * @param node the step's name in the workflow
   * @param start when it started
   * @param end when it ended
   * @param result its {@link dev.rollback.core.StepResult}
   * @param detail what it did
   * @param failure its {@link dev.rollback.core.FailureKind}, if it failed
   * @param cause why it failed, if it did
   */
  public record Step(
      String node, Instant start, Instant end, String result, String detail, @Nullable String failure,
      @Nullable String cause) {}
}
