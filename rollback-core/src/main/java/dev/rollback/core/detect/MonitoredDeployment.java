package dev.rollback.core.detect;

import dev.rollback.spi.DeploymentRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A deployment the {@link DeploymentMonitor} watches after a release.
 *
 * @param deployment the deployment
 * @param versionId the released version, or null if unknown
 * @param deployedAt when it was released: detectors compare data after it with data before it
 * @param judgementWindow how long after {@code deployedAt} the release is judged, positive; null for
 *     the monitor's {@linkplain DeploymentMonitor.Builder#judgementWindow(Duration) default}
 */
public record MonitoredDeployment(DeploymentRef deployment, @Nullable String versionId, Instant deployedAt,
    @Nullable Duration judgementWindow) {
  /** Validates the required fields and the window. */
  public MonitoredDeployment {
    Objects.requireNonNull(deployment, "MonitoredDeployment.deployment");
    Objects.requireNonNull(deployedAt, "MonitoredDeployment.deployedAt");
    if (judgementWindow != null && (judgementWindow.isZero() || judgementWindow.isNegative())) {
      throw new IllegalArgumentException("MonitoredDeployment.judgementWindow must be positive but was "
          + judgementWindow);
    }
  }

  /** Returns a release judged for the monitor's default judgement window. */
  public MonitoredDeployment(DeploymentRef deployment, @Nullable String versionId, Instant deployedAt) {
    this(deployment, versionId, deployedAt, null);
  }
}
