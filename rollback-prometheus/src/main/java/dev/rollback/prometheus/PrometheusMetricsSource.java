package dev.rollback.prometheus;

import dev.rollback.prometheus.internal.PrometheusFetcher;
import dev.rollback.spi.InvalidValueException;
import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.TimeWindow;

/**
 * A {@link MetricsSource} that reads each logical metric from Prometheus with the PromQL template
 * configured for it.
 *
 * <p>A window with {@code from} before {@code to} is read with {@code /api/v1/query_range} (one
 * sample per step); a window of one instant with {@code /api/v1/query}. No data is an empty series;
 * a {@code NaN} value stays a NaN sample and {@code +Inf}/{@code -Inf} are kept. A query that
 * returns more than one series is refused: aggregate in PromQL.
 *
 * <p>Thread-safe: one instance serves any number of concurrent fetches. {@link #fetch} blocks for
 * at most about {@code maxAttempts * (connectTimeout + requestTimeout)} plus the backoffs, and
 * throws {@link InterruptedException} promptly when its thread is interrupted. Every other failure
 * is a {@link PrometheusException} naming the metric, the deployment, the query and, when
 * Prometheus answered with an error, its {@code errorType} and {@code error}. Credentials are never
 * logged or put in messages.
 *
 * <pre>{@code
 * MetricsSource metrics = PrometheusMetricsSource.create(
 *     PrometheusConfig.builder(URI.create("http://prometheus:9090"))
 *         .metric("error_ratio",
 *             "sum(rate(http_requests_total{namespace=\"{namespace}\",app=\"{name}\","
 *                 + "version=\"{version}\",code=~\"5..\"}[1m]))"
 *                 + " / sum(rate(http_requests_total{namespace=\"{namespace}\",app=\"{name}\","
 *                 + "version=\"{version}\"}[1m]))")
 *         .auth(PrometheusAuth.bearer(token))
 *         .build());
 * }</pre>
 */
public final class PrometheusMetricsSource implements MetricsSource {
  private final PrometheusFetcher fetcher;
  private final PrometheusConfig config;

  private PrometheusMetricsSource(PrometheusConfig config) {
    this.config = config;
    this.fetcher = PrometheusFetcher.create(config);
  }

  /** Returns a source for {@code config}. Opens no connection until the first fetch. */
  public static PrometheusMetricsSource create(PrometheusConfig config) {
    if (config == null) {
      throw new InvalidValueException(
          "PrometheusMetricsSource config must not be null");
    }
    return new PrometheusMetricsSource(config);
  }

  /**
   * Returns the samples of {@code query}'s metric within {@code window}.
   *
   * @throws PrometheusException when the metric is unknown, its templates cannot serve the query,
   *     Prometheus rejects the query or stays unreachable, or the answer is not one series
   * @throws InterruptedException if interrupted while waiting for Prometheus or between attempts
   */
  @Override
  public MetricSeries fetch(MetricQuery query, TimeWindow window) throws InterruptedException {
    return fetcher.fetch(query, window);
  }

  /** Returns the configuration. */
  public PrometheusConfig config() {
    return config;
  }

  @Override
  public String toString() {
    return "PrometheusMetricsSource[" + config + "]";
  }
}
