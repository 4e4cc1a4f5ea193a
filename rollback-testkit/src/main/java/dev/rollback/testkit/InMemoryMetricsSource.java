package dev.rollback.testkit;

import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link MetricsSource} over samples a test records, per metric name (for every deployment).
 * Thread-safe.
 */
public final class InMemoryMetricsSource implements MetricsSource {
  private final Map<String, TreeMap<Instant, Double>> series = new HashMap<>();

  private InMemoryMetricsSource() {}

  /** Returns an empty source. */
  public static InMemoryMetricsSource create() {
    return new InMemoryMetricsSource();
  }

  /** Records {@code value} of {@code metric} at {@code at}, replacing a sample at the same time. */
  public synchronized InMemoryMetricsSource record(String metric, Instant at, double value) {
    series.computeIfAbsent(metric, k -> new TreeMap<>()).put(at, value);
    return this;
  }

  @Override
  public synchronized MetricSeries fetch(MetricQuery query, TimeWindow window) {
    TreeMap<Instant, Double> all = series.get(query.metric());
    if (all == null) {
      throw new IllegalArgumentException("unknown metric '" + query.metric() + "'; known: " + series.keySet());
    }
    List<Sample> samples = new ArrayList<>();
    all.subMap(window.from(), true, window.to(), true).forEach((t, v) -> samples.add(new Sample(t, v)));
    return new MetricSeries(query.metric(), samples);
  }
}
