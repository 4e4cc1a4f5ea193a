package dev.rollback.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One step of a run as the engine recorded it.
 *
 * @param node the node
 * @param start when the step started
 * @param end when it ended, not before {@code start}
 * @param result how it ended
 * @param detail what happened, in words an on-call engineer understands
 * @param failure how it failed, when {@code result} is {@link StepResult#FAILED}; else null
 * @param cause the exception behind a failure ({@code ClassName: message}), when there was one
 * @param edge the edge the run left the node by, or null for {@link Node#END}
 */
public record JournalEntry(
    Node node,
    Instant start,
    Instant end,
    StepResult result,
    String detail,
    @Nullable FailureKind failure,
    @Nullable String cause,
    @Nullable Edge edge) {

  /** Validates the fields. */
  public JournalEntry {
    Objects.requireNonNull(node, "JournalEntry.node");
    Objects.requireNonNull(start, "JournalEntry.start");
    Objects.requireNonNull(end, "JournalEntry.end");
    Objects.requireNonNull(result, "JournalEntry.result");
    Objects.requireNonNull(detail, "JournalEntry.detail");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("JournalEntry.end must not be before start");
    }
    if ((result == StepResult.FAILED) != (failure != null)) {
      throw new IllegalArgumentException("JournalEntry.failure must be set exactly when result is FAILED");
    }
    if (edge != null && edge.from() != node) {
      throw new IllegalArgumentException("JournalEntry.edge must leave " + node + " but leaves " + edge.from());
    }
  }

  /** Returns the node's lane. */
  public Lane lane() {
    return node.lane();
  }

  /** Returns how long the step took. */
  public Duration duration() {
    return Duration.between(start, end);
  }
}
