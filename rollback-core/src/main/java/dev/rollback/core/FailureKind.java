package dev.rollback.core;

/** How a step failed. The engine routes all four alike: down the failure edge of the lane. */
public enum FailureKind {
  /** The adapter threw. */
  THREW,
  /** The adapter did not answer before the step's deadline (or the run's overall deadline). */
  TIMED_OUT,
  /** The adapter call was interrupted by something other than the engine's deadline. */
  INTERRUPTED,
  /** The adapter answered null, or a value that broke its own validation or the engine's. */
  MALFORMED,
  /** The engine refused the step's input, e.g. a manifest the cluster driver rejected. */
  REJECTED
}
