package dev.rollback.k8s.internal;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.Version;
import dev.rollback.spi.VersionRegistry;
import java.time.Instant;

/**
 * The {@link VersionRegistry} on the Kubernetes API: versions are Deployments (blue/green) or
 * ReplicaSet revisions (in place); marks and records are annotations on them. Thread-safe.
 */
public final class KubernetesVersionRegistry implements VersionRegistry {
  private final Rollout rollout;

  KubernetesVersionRegistry(Rollout rollout) {
    this.rollout = rollout;
  }

  @Override
  public Version currentVersion(DeploymentRef deployment) throws InterruptedException {
    return rollout.currentVersion(deployment);
  }

  @Override
  public PreviousVersion previousStable(DeploymentRef deployment, Version current) throws InterruptedException {
    return rollout.previousStable(deployment, current);
  }

  @Override
  public void markFailed(RollbackManifest manifest, String reason) throws InterruptedException {
    rollout.markFailed(manifest, reason);
  }

  @Override
  public void recordRollback(RollbackManifest manifest, Instant at) throws InterruptedException {
    rollout.recordRollback(manifest, at);
  }
}
