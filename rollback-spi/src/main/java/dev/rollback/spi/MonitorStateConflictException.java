package dev.rollback.spi;

import dev.rollback.spi.helpers.RollbackException;

/**
 * Thrown by {@link MonitorStateStore#save} when the stored revision of a deployment's state is not
 * the expected one and the stored state differs from the one being saved: another replica wrote it
 * since this one read it. The writer reads the state again and reapplies its change.
 */
public final class MonitorStateConflictException extends RollbackException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for the state of {@code deployment}. */
  public MonitorStateConflictException(DeploymentRef deployment, String detail) {
    super("the monitor state of " + deployment + " was written by another process: " + detail);
  }
}
