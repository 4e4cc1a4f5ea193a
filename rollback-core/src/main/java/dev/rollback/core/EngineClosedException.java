package dev.rollback.core;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunId;
import dev.rollback.spi.helpers.RollbackException;
import org.jspecify.annotations.Nullable;

/**
 * Completes the future of a run that {@link dev.rollback.core.engine.RollbackEngine#close()}
 * stopped before it ended, and the future of {@link dev.rollback.core.engine.RollbackEngine#start}
 * called after {@code close()}. A stopped run of an engine with a run store is unfinished in the
 * store: another engine's {@link dev.rollback.core.engine.RollbackEngine#resumeUnfinished()}
 * finishes it and notifies. Without a store nobody does, and the engine logged the run at ERROR
 * when it was closed.
 */
public final class EngineClosedException extends RollbackException {
  private static final long serialVersionUID = 1L;

  private final transient DeploymentRef deployment;
  private final transient @Nullable RunId runId;

  /** Creates the exception for {@code deployment}, whose run {@code runId} (if it started) stopped. */
  public EngineClosedException(DeploymentRef deployment, @Nullable RunId runId, String why) {
    super((runId == null ? "no run of " + deployment + " started" : "run " + runId + " of " + deployment
        + " stopped") + ": " + why);
    this.deployment = deployment;
    this.runId = runId;
  }

  /** Returns the deployment. */
  public DeploymentRef deployment() {
    return deployment;
  }

  /** Returns the run that was stopped, or null when none started. */
  public @Nullable RunId runId() {
    return runId;
  }
}
