package dev.rollback.spi.helpers;

import org.jspecify.annotations.Nullable;

/**
 * The root of the exceptions this library throws, the engine's and every adapter's: catch it to
 * catch whatever rollback raised. Unchecked; each subtype carries the context of what went wrong
 * (which field, which deployment, which step, which destination).
 */
public abstract class RollbackException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with {@code message}. */
  protected RollbackException(String message) {
    super(message);
  }

  /** Creates the exception with {@code message} and {@code cause} (which may be null). */
  protected RollbackException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
