/**
 * A {@link dev.rollback.spi.MetricsSource} over the Prometheus HTTP API.
 *
 * <p>Create one with {@link dev.rollback.prometheus.PrometheusMetricsSource#create} from a {@link
 * dev.rollback.prometheus.PrometheusConfig}: the server's base URL, a PromQL template for each
 * logical metric name the detectors ask for, credentials, timeouts and retries; its builder
 * reports every broken setting at once in one {@link
 * dev.rollback.spi.helpers.InvalidConfigurationException}. Every failure to fetch is a {@link
 * dev.rollback.prometheus.PrometheusException} (a {@link
 * dev.rollback.spi.helpers.RollbackException}) whose message names the metric, the deployment and
 * what went wrong; credentials never appear in messages or logs.
 *
 * <p>Everything under {@code dev.rollback.prometheus.internal} is implementation and may change
 * without notice.
 */
@NullMarked
package dev.rollback.prometheus;

import org.jspecify.annotations.NullMarked;
