package dev.rollback.core;

/** A handle on a scheduled task. */
@FunctionalInterface
public interface Cancellable {

  /** Cancels the task if it has not started. Idempotent; never throws. */
  void cancel();
}
