package dev.rollback.core.internal;

import dev.rollback.core.FailureKind;
import dev.rollback.spi.InvalidValueException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Classifies and describes what an adapter threw. */
public final class Failures {
  private Failures() {}

  /** Returns the exception an executor wrapped {@code t} in, unwrapped. */
  public static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof ExecutionException || current instanceof CompletionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** Returns how a call that threw {@code t} failed. */
  public static FailureKind classify(Throwable t) {
    Throwable cause = unwrap(t);
    if (cause instanceof InterruptedException || cause instanceof CancellationException) {
      return FailureKind.INTERRUPTED;
    }
    if (cause instanceof InvalidValueException) {
      return FailureKind.MALFORMED;
    }
    return FailureKind.THREW;
  }

  /** Returns {@code SimpleClassName: message} for journals and notifications. */
  public static String describe(Throwable t) {
    Throwable cause = unwrap(t);
    String message = cause.getMessage();
    return cause.getClass().getName() + (message == null ? "" : ": " + message);
  }
}
