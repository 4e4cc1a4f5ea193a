package dev.rollback.k8s;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.helpers.RollbackException;

/**
 * Thrown by the ConfigMap monitor state store when a deployment's state exceeds what a ConfigMap
 * may hold. A state is a few hundred bytes; only a version id of nearly a mebibyte can make it this
 * large. Nothing is written: the stored revision stays as it was, and the monitor judges on from
 * memory (durability, not judgement, is lost), logging this message.
 */
public final class MonitorStateTooLargeException extends RollbackException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for the state of {@code deployment}. */
  public MonitorStateTooLargeException(DeploymentRef deployment, long bytes, long limit) {
    super("the monitor state of " + deployment + " cannot be saved: it is " + bytes + " bytes, above the " + limit
        + " bytes a ConfigMap may hold (its version id is too long)");
  }
}
