package dev.rollback.k8s;

import dev.rollback.spi.RunId;
import dev.rollback.spi.helpers.RollbackException;

/**
 * Thrown by the ConfigMap run store when a run's document, even gzip-compressed, exceeds what a
 * ConfigMap may hold. Nothing is written: the stored revision stays as it was. The engine retries
 * the save and then goes on with the run without durability, logging this message; the run
 * itself, its notifications and its postmortem are not affected.
 */
public final class RunTooLargeException extends RollbackException {
  private static final long serialVersionUID = 1L;

  private final transient RunId runId;
  private final long bytes;
  private final long compressedBytes;
  private final long limit;

  /** Creates the exception for the document of {@code runId}. */
  public RunTooLargeException(RunId runId, long bytes, long compressedBytes, long limit) {
    super("run " + runId + " cannot be saved: its document is " + bytes + " bytes, " + compressedBytes
        + " compressed, above the " + limit + " bytes a ConfigMap may hold");
    this.runId = runId;
    this.bytes = bytes;
    this.compressedBytes = compressedBytes;
    this.limit = limit;
  }

  /** Returns the run whose document is too large. */
  public RunId runId() {
    return runId;
  }

  /** Returns the document's size in UTF-8 bytes. */
  public long bytes() {
    return bytes;
  }

  /** Returns the size of the gzip-compressed document. */
  public long compressedBytes() {
    return compressedBytes;
  }

  /** Returns the limit in bytes. */
  public long limit() {
    return limit;
  }
}
