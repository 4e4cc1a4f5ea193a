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
}
