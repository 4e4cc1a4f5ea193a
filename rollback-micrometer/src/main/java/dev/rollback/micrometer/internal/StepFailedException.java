package dev.rollback.micrometer.internal;

import dev.rollback.core.JournalEntry;

/**
 * A failed step as an observation's error, so that a tracer marks its span failed and a meter
 * handler tags it: the journal's failure kind and detail, without a stack trace (nothing was
 * thrown here; the cause, if any, is in the journal).
 */
final class StepFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StepFailedException(JournalEntry entry) {
    super(entry.node().label() + " failed (" + entry.failure() + "): " + entry.detail(), null, false, false);
  }
}
