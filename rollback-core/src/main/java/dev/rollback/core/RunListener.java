package dev.rollback.core;

/**
 * Receives {@link RunEvent}s. Called on the engine's scheduler thread, in order, for every run; it
 * must return quickly. A listener that throws anything, an {@link Error} or a checked exception
 * thrown sneakily included, is logged at WARN and never affects the run or the other listeners.
 */
@FunctionalInterface
public interface RunListener {

  /** Handles {@code event}. */
  void onEvent(RunEvent event);
}
