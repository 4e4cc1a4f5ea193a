package dev.rollback.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a deployment monitor knows of one deployment and must not forget on a restart: the release
 * it judges, when its last rollback run started (the cooldown) and the version a rollback last
 * made current (the ping-pong guard).
 *
 * @param deployment the deployment
 * @param watched the release being judged, or null when none is
 * @param lastRunStartedAt when the monitor last started a rollback run of the deployment, or null
 * @param rollbackTarget the version that last became current by a rollback, or null
 */
public record MonitorState(DeploymentRef deployment, @Nullable WatchedRelease watched,
    @Nullable Instant lastRunStartedAt, @Nullable RollbackTarget rollbackTarget) {
  /** Validates the deployment. */
  public MonitorState {
    Checks.present(deployment, "MonitorState.deployment");
  }

  /** Returns the state of a deployment the monitor knows nothing of yet. */
  public static MonitorState empty(DeploymentRef deployment) {
    return new MonitorState(deployment, null, null, null);
  }

  /** Returns this state judging {@code release}, or none when null. */
  public MonitorState withWatched(@Nullable WatchedRelease release) {
    return new MonitorState(deployment, release, lastRunStartedAt, rollbackTarget);
  }

  /** Returns this state with its last run started at {@code at}. */
  public MonitorState withLastRunStartedAt(@Nullable Instant at) {
    return new MonitorState(deployment, watched, at, rollbackTarget);
  }

  /** Returns this state with {@code target} as its rollback target. */
  public MonitorState withRollbackTarget(@Nullable RollbackTarget target) {
    return new MonitorState(deployment, watched, lastRunStartedAt, target);
  }
}
