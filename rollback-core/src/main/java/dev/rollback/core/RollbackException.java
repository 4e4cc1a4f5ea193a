package dev.rollback.core;

/**
 * The root of the exceptions this library throws. Unchecked; each subtype carries the context of
 * what went wrong.
 */
public abstract class RollbackException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  protected RollbackException(String message) {
    super(message);
  }

  /** Creates the exception with a cause. */
  protected RollbackException(String message, Throwable cause) {
    super(message, cause);
  }
}
