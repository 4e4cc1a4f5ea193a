package dev.rollback.core;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunId;
import java.time.Instant;

/** What a {@link RunListener} is told about a run, as it happens. */
public sealed interface RunEvent {

  /** Returns the run. */
  RunId runId();

  /** Returns the deployment. */
  DeploymentRef deployment();

  /** A run started. */
  record RunStarted(RunId runId, DeploymentRef deployment, Trigger trigger, Instant at)
      implements RunEvent {}

  /** A step started. */
  record StepStarted(RunId runId, DeploymentRef deployment, Node node, Instant at)
      implements RunEvent {}

  /** A step finished; the entry is what the journal recorded. */
  record StepFinished(RunId runId, DeploymentRef deployment, JournalEntry entry)
      implements RunEvent {}

  /** A notification was attempted. */
  record NotificationAttempted(RunId runId, DeploymentRef deployment, NotificationRecord record)
      implements RunEvent {}

  /** A run finished. */
  record RunFinished(RunId runId, DeploymentRef deployment, RunResult result) implements RunEvent {}

  /**
   * This engine resumed a run that another engine (or an earlier life of this one) left unfinished
   * in the run store; it stands where {@link RunStarted} stands for a new run, and the run's steps
   * follow from {@code resumption.node()}.
   *
   * @param trigger what started the run originally
   * @param resumption where, when and by whom it was resumed
   */
  record RunResumed(RunId runId, DeploymentRef deployment, Trigger trigger, Resumption resumption)
      implements RunEvent {}

  /**
   * This engine lost the lease on the run's deployment mid-run (a renewal was refused or failed
   * until the lease expired). A {@link RunStopped} follows when the run stops here for another
   * engine to resume; otherwise the run goes on to its notifications without changing the cluster.
   *
   * @param reason why, in words an on-call engineer understands
   * @param at when this engine learnt it
   */
  record LeaseLost(RunId runId, DeploymentRef deployment, String reason, Instant at) implements RunEvent {}

  /**
   * The run stopped in this engine without reaching <i>End</i>: it lost its lease or its run
   * document to another engine, or the engine closed. No {@link RunFinished} follows in this
   * engine; the run's future completes with {@link RunLostException} or {@link
   * EngineClosedException}. An adapter call in flight may still end and report its {@link
   * StepFinished}, but no further step starts here. A resumed run that could not take its lease stops before it began, so
   * this may be the only event of that run.
   *
   * @param reason why, in words an on-call engineer understands
   * @param at when it stopped
   */
  record RunStopped(RunId runId, DeploymentRef deployment, String reason, Instant at) implements RunEvent {}
}
