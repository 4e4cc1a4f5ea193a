package dev.rollback.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A run was interrupted (its process died or lost its lease) and resumed by another engine.
 *
 * @param node the node the run was resumed at: the step in flight when it was interrupted, or the
 *     next one
 * @param lastSavedAt when the interrupted engine last saved the run: the interruption happened
 *     after this
 * @param resumedAt when it was resumed
 * @param holder the identity of the engine that resumed it
 */
public record Resumption(Node node, Instant lastSavedAt, Instant resumedAt, String holder) {
  /** Validates the fields. */
  public Resumption {
    Objects.requireNonNull(node, "Resumption.node");
    Objects.requireNonNull(lastSavedAt, "Resumption.lastSavedAt");
    Objects.requireNonNull(resumedAt, "Resumption.resumedAt");
    Objects.requireNonNull(holder, "Resumption.holder");
  }
}
