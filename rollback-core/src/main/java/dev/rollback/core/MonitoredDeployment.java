package dev.rollback.core;

import dev.rollback.spi.DeploymentRef;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A deployment the {@link DeploymentMonitor} watches after a release.
 *
 * @param deployment the deployment
 * @param versionId the released version, or null if unknown
 * @param deployedAt when it was released: detectors compare data after it with data before it
 */
public record MonitoredDeployment(DeploymentRef deployment, @Nullable String versionId, Instant deployedAt) {
  /** Validates the required fields. */
  public MonitoredDeployment {
    Objects.requireNonNull(deployment, "MonitoredDeployment.deployment");
    Objects.requireNonNull(deployedAt, "MonitoredDeployment.deployedAt");
  }
}
