package dev.rollback.core.internal;

import dev.rollback.core.FailureKind;
import dev.rollback.spi.InvalidValueException;
import dev.rollback.spi.helpers.Causes;
import java.util.concurrent.CancellationException;

/** Classifies what an adapter threw; {@link Causes} describes it. */
public final class Failures {
  private Failures() {}

  /** Returns how a call that threw {@code t} failed. */
  public static FailureKind classify(Throwable t) {
    Throwable cause = Causes.unwrap(t);
    if (cause instanceof InterruptedException || cause instanceof CancellationException) {
      return FailureKind.INTERRUPTED;
    }
    if (cause instanceof InvalidValueException) {
      return FailureKind.MALFORMED;
    }
    return FailureKind.THREW;
  }
}
