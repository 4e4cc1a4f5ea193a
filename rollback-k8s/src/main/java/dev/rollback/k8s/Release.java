package dev.rollback.k8s;

import dev.rollback.spi.DeploymentRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One release a {@link ReleaseWatcher} found: a revision of a deployment that finished rolling out.
 *
 * @param deployment the deployment, as the rollback engine names it (in place the Deployment, in
 *     blue/green the application)
 * @param workload the name of the Deployment that runs the release
 * @param versionId the released version's id, as the adapters' {@link
 *     dev.rollback.spi.VersionRegistry} names it
 * @param revision the {@code deployment.kubernetes.io/revision} of the Deployment that runs it (in
 *     blue/green, of the version's Deployment)
 * @param releasedAt when the release finished rolling out, as the cluster recorded it
 * @param judgedUntil when its judgement window closes
 */
public record Release(DeploymentRef deployment, String workload, String versionId, long revision,
    Instant releasedAt, Instant judgedUntil) {

  /** Why a {@link ReleaseWatcher} stopped judging a release. */
  public enum End {
    /** Its judgement window closed. */
    WINDOW_CLOSED,
    /** A newer revision (or, blue/green, another version behind the Service) replaced it. */
    REPLACED,
    /** Its Deployment (or, blue/green, its Service) was deleted. */
    DELETED
  }

  /** Validates the fields. */
  public Release {
    Objects.requireNonNull(deployment, "Release.deployment");
    Objects.requireNonNull(workload, "Release.workload");
    Objects.requireNonNull(versionId, "Release.versionId");
    Objects.requireNonNull(releasedAt, "Release.releasedAt");
    Objects.requireNonNull(judgedUntil, "Release.judgedUntil");
    if (judgedUntil.isBefore(releasedAt)) {
      throw new IllegalArgumentException("Release.judgedUntil (" + judgedUntil + ") is before releasedAt ("
          + releasedAt + ")");
    }
  }

  /** Returns the length of the judgement window. */
  public Duration judgementWindow() {
    return Duration.between(releasedAt, judgedUntil);
  }
}
