package dev.rollback.spi;

import dev.rollback.spi.helpers.RollbackException;
/**
 * Thrown by {@link RunStore#save} when the stored revision is not the expected one: another
 * process wrote the run since this one read it. The writer has lost the run and must stop.
 */
public final class RunStoreConflictException extends RollbackException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code runId}. */
  public RunStoreConflictException(RunId runId, String detail) {
    super("run " + runId + " was written by another process: " + detail);
  }
}
