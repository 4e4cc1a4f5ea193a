package dev.rollback.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A release a deployment monitor judges, as a {@link MonitorStateStore} keeps it: enough for any
 * replica, after a restart or a failover, to go on judging it for the rest of its window on the same
 * schedule.
 *
 * @param versionId the released version, or null if unknown
 * @param deployedAt when it was released: detectors compare data after it with data before it
 * @param watchedSince when the monitor first judged it: judgements fall on {@code watchedSince}
 *     plus whole intervals
 * @param judgedUntil when its judgement window closes: the time of its last judgement, not before
 *     {@code watchedSince}
 * @param paged whether missing data was already paged for this release
 */
public record WatchedRelease(@Nullable String versionId, Instant deployedAt, Instant watchedSince, Instant judgedUntil,
    boolean paged) {
  /** Validates the times. */
  public WatchedRelease {
    Checks.present(deployedAt, "WatchedRelease.deployedAt");
    Checks.present(watchedSince, "WatchedRelease.watchedSince");
    Checks.present(judgedUntil, "WatchedRelease.judgedUntil");
    if (judgedUntil.isBefore(watchedSince)) {
      throw new InvalidValueException("WatchedRelease.judgedUntil must not be before watchedSince (" + watchedSince
          + ") but was " + judgedUntil);
    }
  }

  /** Returns this release with {@code paged} set. */
  public WatchedRelease withPaged() {
    return new WatchedRelease(versionId, deployedAt, watchedSince, judgedUntil, true);
  }

  /** Returns whether {@code other} is the same release (version and release time), paged or not. */
  public boolean sameRelease(@Nullable WatchedRelease other) {
    return other != null && java.util.Objects.equals(versionId, other.versionId) && deployedAt.equals(other.deployedAt);
  }
}
