package dev.rollback.core.internal;

import dev.rollback.core.FailureKind;
import dev.rollback.spi.helpers.Causes;
import org.jspecify.annotations.Nullable;

/** The outcome of one adapter call: a value, or a failure of one of the four kinds. */
public sealed interface CallOutcome<T> {

  /** The adapter answered {@code value}. */
  record Answered<T>(T value) implements CallOutcome<T> {}

  /**
   * The call failed.
   *
   * @param kind how
   * @param message what happened, for the journal
   * @param cause the exception, if one was thrown
   */
  record Failed<T>(FailureKind kind, String message, @Nullable Throwable cause)
      implements CallOutcome<T> {

    /** Returns {@code ClassName: message} of the cause, or null. */
    public @Nullable String causeText() {
      return cause == null ? null : Causes.describe(cause);
    }
  }
}
