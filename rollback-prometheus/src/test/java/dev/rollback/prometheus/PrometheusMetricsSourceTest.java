package dev.rollback.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.prometheus.PrometheusException.Kind;
import dev.rollback.prometheus.testing.PrometheusServerExtension;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The source against a real Prometheus loaded with {@link TestMetrics}. */
class PrometheusMetricsSourceTest {
  @RegisterExtension
  static final PrometheusServerExtension PROMETHEUS =
      PrometheusServerExtension.withData(TestMetrics::openMetrics);

  private static final DeploymentRef CART = DeploymentRef.of("prod", "shop", "cart");
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final String SELECTOR =
      "cluster=\"{cluster}\",namespace=\"{namespace}\",app=\"{name}\"";

  private PrometheusMetricsSource source() {
    return PrometheusMetricsSource.create(
        PrometheusConfig.builder(PROMETHEUS.baseUrl())
            .metric(
                "error_ratio",
                "app_error_ratio{" + SELECTOR + ",version=\"{version}\"}",
                "sum(app_error_ratio{" + SELECTOR + "})")
            .metric("latency", "app_latency_seconds{" + SELECTOR + ",version=\"{version}\"}")
            .metric(
                "http_error_ratio",
                "sum(rate(http_requests_total{namespace=\"{namespace}\",app=\"{name}\","
                    + "version=\"{version}\",code=~\"5..\"}[5m]))"
                    + " / sum(rate(http_requests_total{namespace=\"{namespace}\",app=\"{name}\","
                    + "version=\"{version}\"}[5m]))")
            .metric("pods_up", "pod_up{namespace=\"{namespace}\",app=\"{name}\"}")
            .metric("broken", "sum(app_error_ratio{namespace=\"{namespace}\"}")
            .build());
  }

  private static Instant minute(int i) {
    return PROMETHEUS.dataStart().plus(MINUTE.multipliedBy(i));
  }

  private static TimeWindow minutes(int from, int to, Duration step) {
    return new TimeWindow(minute(from), minute(to), step);
  }

  @Test
  void readsTheRangeOfTheAskedVersionOneSamplePerStep() throws Exception {
    MetricSeries series =
        source().fetch(new MetricQuery("error_ratio", CART, "v2"), minutes(0, 10, MINUTE));

    assertEquals("error_ratio", series.metric());
    List<Sample> expected = new ArrayList<>();
    for (int i = 0; i <= 10; i++) {
      expected.add(new Sample(minute(i), i / 100.0));
    }
    assertEquals(expected, series.samples());
  }

  @Test
  void versionNamespaceAndClusterSelectTheSeries() throws Exception {
    PrometheusMetricsSource source = source();
    TimeWindow window = minutes(20, 20, MINUTE);

    assertEquals(
        List.of(new Sample(minute(20), 0.02)),
        source.fetch(new MetricQuery("error_ratio", CART, "v1"), window).samples());
    assertEquals(
        List.of(new Sample(minute(20), 99.0)),
        source
            .fetch(new MetricQuery("error_ratio", DeploymentRef.of("prod", "other", "cart"), "v2"),
                window)
            .samples());
  }

  @Test
  void wholeDeploymentQueryServesAQueryWithoutVersion() throws Exception {
    MetricSeries series =
        source().fetch(new MetricQuery("error_ratio", CART, null), minutes(30, 32, MINUTE));

    assertEquals(List.of(0.33, 0.341, 0.352), roundedValues(series));
  }

  @Test
  void stepSetsTheSpacingOfSamples() throws Exception {
    MetricSeries series =
        source()
            .fetch(new MetricQuery("error_ratio", CART, "v2"), minutes(0, 30, Duration.ofMinutes(5)));

    assertEquals(7, series.samples().size());
    assertEquals(minute(25), series.samples().get(5).at());
    assertEquals(0.25, series.samples().get(5).value());
  }

  @Test
  void realisticRateTemplateComputesTheErrorRatio() throws Exception {
    MetricSeries series =
        source().fetch(new MetricQuery("http_error_ratio", CART, "v2"), minutes(10, 20, MINUTE));

    assertEquals(11, series.samples().size());
    for (Sample s : series.samples()) {
      assertEquals(6.0 / 66.0, s.value(), 1e-9, "at " + s.at());
    }
  }

  @Test
  void nanAndInfinitiesArriveAsSamples() throws Exception {
    MetricSeries series =
        source().fetch(new MetricQuery("latency", CART, "v2"), minutes(0, 3, MINUTE));

    double[] values = series.values();
    assertEquals(4, values.length);
    assertTrue(Double.isNaN(values[0]), "NaN stays a NaN sample");
    assertEquals(Double.POSITIVE_INFINITY, values[1]);
    assertEquals(Double.NEGATIVE_INFINITY, values[2]);
    assertEquals(1.5, values[3]);
  }

  @Test
  void noDataIsAnEmptySeries() throws Exception {
    MetricSeries series =
        source()
            .fetch(
                new MetricQuery("error_ratio", DeploymentRef.of("prod", "shop", "nobody"), "v2"),
                minutes(0, 10, MINUTE));

    assertEquals("error_ratio", series.metric());
    assertEquals(List.of(), series.samples());
  }

  @Test
  void valuesAreEscapedInsidePromQlStrings() throws Exception {
    PrometheusMetricsSource source = source();
    TimeWindow window = minutes(5, 5, MINUTE);

    MetricSeries odd =
        source.fetch(
            new MetricQuery(
                "error_ratio", DeploymentRef.of(TestMetrics.ODD_CLUSTER, "shop", "cart"), "v2"),
            window);
    MetricSeries injection =
        source.fetch(
            new MetricQuery(
                "error_ratio",
                DeploymentRef.of("x\"} or vector(42) or app_error_ratio{cluster=\"", "shop", "cart"),
                "v2"),
            window);

    assertEquals(List.of(7.0), roundedValues(odd));
    assertEquals(List.of(), injection.samples(), "the value stayed inside its string literal");
  }

  @Test
  void moreThanOneSeriesIsRefusedWithAdviceToAggregate() {
    PrometheusException e =
        assertThrows(
            PrometheusException.class,
            () -> source().fetch(new MetricQuery("pods_up", CART, null), minutes(0, 5, MINUTE)));

    assertEquals(Kind.AMBIGUOUS_RESULT, e.kind());
    assertTrue(e.getMessage().contains("returned 2 series"), e.getMessage());
    assertTrue(e.getMessage().contains("aggregate"), e.getMessage());
    assertTrue(e.getMessage().contains("cart-b"), e.getMessage());
  }

  @Test
  void badPromQlIsRejectedNamingTheMetricAndPrometheusError() {
    PrometheusException e =
        assertThrows(
            PrometheusException.class,
            () -> source().fetch(new MetricQuery("broken", CART, null), minutes(0, 5, MINUTE)));

    assertEquals(Kind.QUERY_REJECTED, e.kind());
    assertEquals("broken", e.metric());
    assertEquals("bad_data", e.errorType());
    assertTrue(e.prometheusError().contains("parse error"), e.prometheusError());
    assertTrue(e.getMessage().contains("metric 'broken' of prod/shop/cart"), e.getMessage());
    assertTrue(e.getMessage().contains("bad_data"), e.getMessage());
  }

  @Test
  void tooManyPointsIsRejectedWithPrometheusReason() {
    PrometheusException e =
        assertThrows(
            PrometheusException.class,
            () ->
                source()
                    .fetch(
                        new MetricQuery("error_ratio", CART, "v2"),
                        minutes(0, 60, Duration.ofMillis(100))));

    assertEquals(Kind.QUERY_REJECTED, e.kind());
    assertTrue(e.getMessage().contains("maximum resolution"), e.getMessage());
  }

  @Test
  void unknownMetricIsRefusedListingTheConfiguredOnes() {
    PrometheusException e =
        assertThrows(
            PrometheusException.class,
            () -> source().fetch(new MetricQuery("cpu", CART, "v2"), minutes(0, 5, MINUTE)));

    assertEquals(Kind.UNKNOWN_METRIC, e.kind());
    assertEquals("cpu", e.metric());
    assertTrue(e.getMessage().contains("Unknown metric 'cpu'"), e.getMessage());
    assertTrue(e.getMessage().contains("error_ratio, latency"), e.getMessage());
  }

  @Test
  void templatesThatCannotServeTheQueryAreRefused() {
    PrometheusMetricsSource source = source();
    TimeWindow window = minutes(0, 5, MINUTE);

    PrometheusException noVersionTemplate =
        assertThrows(
            PrometheusException.class,
            () -> source.fetch(new MetricQuery("pods_up", CART, "v2"), window));
    PrometheusException noDeploymentTemplate =
        assertThrows(
            PrometheusException.class,
            () -> source.fetch(new MetricQuery("latency", CART, null), window));

    assertEquals(Kind.UNSUPPORTED_QUERY, noVersionTemplate.kind());
    assertTrue(noVersionTemplate.getMessage().contains("does not use {version}"));
    assertEquals(Kind.UNSUPPORTED_QUERY, noDeploymentTemplate.kind());
    assertTrue(noDeploymentTemplate.getMessage().contains("whole-deployment query"));
  }

  @Test
  void oneInstanceServesConcurrentFetches() throws Exception {
    PrometheusMetricsSource source = source();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<MetricSeries>> results = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        String version = i % 2 == 0 ? "v1" : "v2";
        results.add(
            pool.submit(
                () ->
                    source.fetch(
                        new MetricQuery("error_ratio", CART, version), minutes(0, 59, MINUTE))));
      }
      for (int i = 0; i < results.size(); i++) {
        MetricSeries s = results.get(i).get();
        assertEquals(60, s.samples().size());
        assertEquals(i % 2 == 0 ? 0.059 : 0.59, s.samples().get(59).value());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Double> roundedValues(MetricSeries series) {
    return series.samples().stream()
        .map(s -> Math.round(s.value() * 1e9) / 1e9)
        .toList();
  }
}
