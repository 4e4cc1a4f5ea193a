package dev.rollback.spi.helpers;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Says in one line what an exception was, for journals, notifications and log lines; unwraps what
 * executors wrap around it.
 */
public final class Causes {
  private Causes() {}

  /**
   * Returns the exception an executor wrapped {@code failure} in ({@link ExecutionException},
   * {@link CompletionException}), unwrapped; {@code failure} itself when it is not wrapped.
   */
  public static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof ExecutionException || current instanceof CompletionException)
        && current.getCause() != null
        && current.getCause() != current) {
      current = current.getCause();
    }
    return current;
  }

  /**
   * Returns {@code fully.qualified.ClassName: message} of {@code failure} unwrapped, or just the
   * class name when it has no message.
   */
  public static String describe(Throwable failure) {
    Throwable cause = unwrap(failure);
    String message = cause.getMessage();
    return cause.getClass().getName() + (message == null ? "" : ": " + message);
  }

  /**
   * Returns {@code SimpleName: message} of {@code failure} unwrapped with every secret {@code
   * redactor} knows replaced by {@code ****}, or just the simple name without a message: for text
   * that leaves an adapter.
   */
  public static String describe(Throwable failure, Redactor redactor) {
    Throwable cause = unwrap(failure);
    String message = cause.getMessage();
    String name = cause.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + ": " + redactor.redact(message);
  }
}
