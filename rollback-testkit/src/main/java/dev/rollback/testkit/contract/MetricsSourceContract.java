package dev.rollback.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link MetricsSource}: the series is the asked metric, inside the window, in
 * order; no data is an empty series; an unknown metric is a throw naming it.
 */
public abstract class MetricsSourceContract {

  /** Returns a fresh source holding the fixture data. */
  protected abstract MetricsSource source() throws Exception;

  /** Returns a query the fixture has samples for. */
  protected abstract MetricQuery knownQuery();

  /** Returns a window in which the fixture has samples of {@link #knownQuery()}. */
  protected abstract TimeWindow windowWithData();

  /**
   * Returns a window in which the fixture has no samples of {@link #knownQuery()}: best one that
   * ends before the first sample, since stores such as Prometheus carry the last value forward for
   * a few minutes after the data ends.
   */
  protected abstract TimeWindow windowWithoutData();

  /** Returns a query for a metric the source does not know. */
  protected abstract MetricQuery unknownQuery();

  @Test
  void answersTheAskedMetricInsideTheWindowInOrder() throws Exception {
    TimeWindow window = windowWithData();
    MetricSeries series = source().fetch(knownQuery(), window);
    assertNotNull(series, "fetch must not answer null");
    assertEquals(knownQuery().metric(), series.metric());
    assertFalse(series.samples().isEmpty(), "the fixture has data in the window");
    for (Sample sample : series.samples()) {
      assertFalse(sample.at().isBefore(window.from()) || sample.at().isAfter(window.to()),
          sample + " lies outside " + window);
    }
  }

  @Test
  void noDataIsAnEmptySeries() throws Exception {
    MetricSeries series = source().fetch(knownQuery(), windowWithoutData());
    assertNotNull(series, "fetch must not answer null");
    assertTrue(series.samples().isEmpty(), "expected no samples but got " + series.samples());
  }

  @Test
  void anUnknownMetricIsAThrowNamingIt() throws Exception {
    MetricsSource source = source();
    RuntimeException e = assertThrows(RuntimeException.class, () -> source.fetch(unknownQuery(), windowWithData()));
    assertTrue(String.valueOf(e.getMessage()).contains(unknownQuery().metric()),
        "the message names the metric: " + e.getMessage());
  }
}
