package dev.rollback.spi;

import org.jspecify.annotations.Nullable;

/**
 * How ready the restored version is right now, as answered by {@link ClusterDriver#readiness}.
 *
 * @param ready pods of the restored version that are ready (0 or more)
 * @param desired pods the restored version should have (0 or more)
 * @param blocker when non-null, why waiting longer cannot help (e.g. "image pull failed for
 *     checkout:1.4.1"); the engine stops waiting at once and checks pod health
 */
public record ReadinessSnapshot(int ready, int desired, @Nullable String blocker) {
  /** Validates the counts. */
  public ReadinessSnapshot {
    Checks.notNegative(ready, "ReadinessSnapshot.ready");
    Checks.notNegative(desired, "ReadinessSnapshot.desired");
    if (blocker != null && blocker.isBlank()) {
      throw new InvalidValueException("ReadinessSnapshot.blocker must be null or non-blank");
    }
  }

  /** Returns a snapshot of {@code ready} out of {@code desired} pods with no blocker. */
  public static ReadinessSnapshot of(int ready, int desired) {
    return new ReadinessSnapshot(ready, desired, null);
  }

  /** Returns whether every desired pod is ready (and at least one is desired). */
  public boolean complete() {
    return desired > 0 && ready >= desired;
  }

  /** Returns whether this snapshot ends the wait: complete, or blocked. */
  public boolean settled() {
    return complete() || blocker != null;
  }

  @Override
  public String toString() {
    return ready + "/" + desired + " ready" + (blocker == null ? "" : " (" + blocker + ")");
  }
}
