package dev.rollback.core;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunId;
import dev.rollback.spi.helpers.RollbackException;

/**
 * Completes a run's future when this engine stopped the run because another engine took it over:
 * its lease on the deployment was lost or another writer saved the run. The other engine finishes
 * the run and notifies the on-call engineer.
 */
public final class RunLostException extends RollbackException {
  private static final long serialVersionUID = 1L;

  private final transient RunId runId;
  private final transient DeploymentRef deployment;

  /** Creates the exception. */
  public RunLostException(RunId runId, DeploymentRef deployment, String why) {
    super("run " + runId + " of " + deployment + " stopped in this engine: " + why);
    this.runId = runId;
    this.deployment = deployment;
  }

  /** Returns the run. */
  public RunId runId() {
    return runId;
  }

  /** Returns the deployment. */
  public DeploymentRef deployment() {
    return deployment;
  }
}
