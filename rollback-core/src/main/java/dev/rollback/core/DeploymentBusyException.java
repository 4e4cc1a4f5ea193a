package dev.rollback.core;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.helpers.RollbackException;

/**
 * Completes the future of {@link dev.rollback.core.engine.RollbackEngine#start} when another
 * engine (another replica) holds the lease on the deployment: its run is in progress there and
 * ends with its own notification.
 */
public final class DeploymentBusyException extends RollbackException {
  private static final long serialVersionUID = 1L;

  private final transient DeploymentRef deployment;

  /** Creates the exception. */
  public DeploymentBusyException(DeploymentRef deployment) {
    super("another engine holds the lease on " + deployment + "; its run goes on there");
    this.deployment = deployment;
  }

  /** Returns the deployment. */
  public DeploymentRef deployment() {
    return deployment;
  }
}
