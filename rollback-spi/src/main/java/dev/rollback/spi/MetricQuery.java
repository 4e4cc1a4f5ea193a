package dev.rollback.spi;

import org.jspecify.annotations.Nullable;

/**
 * What a detector asks of a {@link MetricsSource}: one named metric of one deployment, optionally of
 * one version of it.
 *
 * @param metric the metric's logical name as the source is configured with it, e.g. {@code
 *     error_ratio} or {@code latency_p99_seconds}
 * @param deployment the deployment
 * @param versionId the version whose pods to measure, or null for the whole deployment
 */
public record MetricQuery(String metric, DeploymentRef deployment, @Nullable String versionId) {
  /** Validates the fields. */
  public MetricQuery {
    Checks.notBlank(metric, "MetricQuery.metric");
    Checks.present(deployment, "MetricQuery.deployment");
    if (versionId != null) {
      Checks.labelValue(versionId, "MetricQuery.versionId");
    }
  }
}
