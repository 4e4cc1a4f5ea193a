package dev.rollback.benchmarks;

import dev.rollback.core.detect.DetectionContext;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A detection context over one trial's series, at a settable moment, as the monitor presents it. */
final class SeriesContext implements DetectionContext {
  private static final DeploymentRef DEPLOYMENT = DeploymentRef.of("bench", "shop", "checkout");
  private final Map<String, List<Sample>> series;
  private Instant now = SyntheticSeries.DEPLOYED;

  SeriesContext(SyntheticSeries series) {
    this(Map.of(SyntheticSeries.ERROR_RATIO, series.errorRatio(), SyntheticSeries.LATENCY, series.latency()));
  }

  /** A context over the given series by metric, each in time order. */
  SeriesContext(Map<String, List<Sample>> series) {
    this.series = Map.copyOf(series);
  }

  void at(Instant now) {
    this.now = now;
  }

  @Override
  public DeploymentRef deployment() {
    return DEPLOYMENT;
  }

  @Override
  public @Nullable String versionId() {
    return "v2";
  }

  @Override
  public Instant deployedAt() {
    return SyntheticSeries.DEPLOYED;
  }

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public MetricSeries fetch(String metric, TimeWindow window) {
    List<Sample> all = series.get(metric);
    if (all == null) {
      throw new IllegalArgumentException("unknown metric " + metric + "; known: " + series.keySet());
    }
    int from = firstNotBefore(all, window.from());
    int to = firstNotBefore(all, window.to().plusNanos(1));
    return new MetricSeries(metric, all.subList(from, to));
  }

  private static int firstNotBefore(List<Sample> samples, Instant at) {
    int lo = 0;
    int hi = samples.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (samples.get(mid).at().isBefore(at)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
