package dev.rollback.core;

/** How a step of a run ended. */
public enum StepResult {
  /** A step or terminal completed. */
  DONE,
  /** A decision answered Yes. */
  YES,
  /** A decision answered No. */
  NO,
  /** A step failed; {@link JournalEntry#failure()} says how. */
  FAILED,
  /** A step was not performed because an earlier step of its lane failed. */
  SKIPPED
}
