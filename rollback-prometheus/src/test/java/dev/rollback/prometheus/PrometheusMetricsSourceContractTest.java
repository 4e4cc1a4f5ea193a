package dev.rollback.prometheus;

import dev.rollback.prometheus.testing.PrometheusServerExtension;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.TimeWindow;
import dev.rollback.testkit.contract.MetricsSourceContract;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The testkit's {@link MetricsSourceContract} against a real Prometheus loaded with {@link
 * TestMetrics}: one sample a minute for an hour from {@link PrometheusServerExtension#dataStart()}.
 */
class PrometheusMetricsSourceContractTest extends MetricsSourceContract {
  @RegisterExtension
  static final PrometheusServerExtension PROMETHEUS =
      PrometheusServerExtension.withData(TestMetrics::openMetrics);

  private static final DeploymentRef CART = DeploymentRef.of("prod", "shop", "cart");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static Instant minute(int i) {
    return PROMETHEUS.dataStart().plus(MINUTE.multipliedBy(i));
  }

  @Override
  protected MetricsSource source() {
    return PrometheusMetricsSource.create(
        PrometheusConfig.builder(PROMETHEUS.baseUrl())
            .metric(
                "error_ratio",
                "app_error_ratio{cluster=\"{cluster}\",namespace=\"{namespace}\",app=\"{name}\","
                    + "version=\"{version}\"}")
            .build());
  }

  @Override
  protected MetricQuery knownQuery() {
    return new MetricQuery("error_ratio", CART, "v2");
  }

  /** Ten minutes inside the hour of data, at a step that does not fall on every sample. */
  @Override
  protected TimeWindow windowWithData() {
    return new TimeWindow(minute(10), minute(20), Duration.ofSeconds(90));
  }

  /**
   * The hour before the first sample: Prometheus looks back (5 minutes by default) but never
   * forward, so no point of this window has a value.
   */
  @Override
  protected TimeWindow windowWithoutData() {
    return new TimeWindow(minute(-60), minute(-1), MINUTE);
  }

  @Override
  protected MetricQuery unknownQuery() {
    return new MetricQuery("cpu_seconds_no_such_metric", CART, "v2");
  }
}
