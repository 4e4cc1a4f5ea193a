package dev.rollback.spi;

import org.jspecify.annotations.Nullable;

/**
 * How ready the restored version is right now, as answered by {@link ClusterDriver#readiness}.
 * Complete, as {@code kubectl rollout status} judges a rollout, when every desired pod of the
 * restored version is ready (available, where the cluster has a notion of availability) and no
 * pod of an older revision of the same workload is left.
 *
 * @param ready pods of the restored version that are ready (0 or more)
 * @param desired pods the restored version should have (0 or more)
 * @param outdated pods of other revisions of the workload that still run beside the restored
 *     version (0 or more); the rollout is not complete while any is left
 * @param blocker when non-null, why waiting longer cannot help (e.g. "image pull failed for
 *     checkout:1.4.1"); the engine stops waiting at once and checks pod health
 */
public record ReadinessSnapshot(int ready, int desired, int outdated, @Nullable String blocker) {
  /** Validates the counts. */
  public ReadinessSnapshot {
    Checks.notNegative(ready, "ReadinessSnapshot.ready");
    Checks.notNegative(desired, "ReadinessSnapshot.desired");
    Checks.notNegative(outdated, "ReadinessSnapshot.outdated");
    if (blocker != null && blocker.isBlank()) {
      throw new InvalidValueException("ReadinessSnapshot.blocker must be null or non-blank");
    }
  }

  /** A snapshot with no outdated pods: {@code ready} out of {@code desired}, and the blocker. */
  public ReadinessSnapshot(int ready, int desired, @Nullable String blocker) {
    this(ready, desired, 0, blocker);
  }

  /** Returns a snapshot of {@code ready} out of {@code desired} pods with no blocker. */
  public static ReadinessSnapshot of(int ready, int desired) {
    return new ReadinessSnapshot(ready, desired, null);
  }

  /** Returns whether every desired pod is ready (at least one is desired) and none is outdated. */
  public boolean complete() {
    return desired > 0 && ready >= desired && outdated == 0;
  }

  /** Returns whether this snapshot ends the wait: complete, or blocked. */
  public boolean settled() {
    return complete() || blocker != null;
  }

  @Override
  public String toString() {
    return ready + "/" + desired + " ready"
        + (outdated == 0 ? "" : ", " + outdated + " outdated pod" + (outdated == 1 ? "" : "s") + " left")
        + (blocker == null ? "" : " (" + blocker + ")");
  }
}
