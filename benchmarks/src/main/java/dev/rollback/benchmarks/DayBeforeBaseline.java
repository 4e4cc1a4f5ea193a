package dev.rollback.benchmarks;

import dev.rollback.core.detect.DetectionContext;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.Verdict;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An experiment of step 9 of issue 15, not a detector of the library: a seasonal baseline, the
 * comparison people make with PromQL's {@code offset 1d}. The delegate judges the watch against the
 * same clock window a day earlier instead of the window just before the deployment: whatever it
 * fetches before the deployment is read {@code offset} (a day less the baseline) earlier and
 * relabelled to the time it asked for, so a baseline of {@code b} before the deployment becomes
 * the {@code b} that began a day before the deployment. What it fetches from the deployment on is
 * unchanged.
 *
 * <p>{@link #levelAdjusted} also scales the day-before samples by how far today's level is from
 * that day's: the mean of the {@code b} just before the deployment over the mean of the {@code b}
 * just before the same time a day earlier (the seasonal naive forecast with a level correction),
 * so that a trend across days or a shift before the deployment is not read as the release's.
 */
final class DayBeforeBaseline implements Detector {
  private final Detector delegate;
  private final Duration period;
  private final Duration baseline;
  private final Duration offset;
  private final boolean levelAdjusted;

  /**
   * A delegate's baseline of {@code baseline} before the deployment read as the same length from
   * {@code period} (a day) before the deployment on.
   */
  DayBeforeBaseline(Detector delegate, Duration period, Duration baseline) {
    this(delegate, period, baseline, false);
  }

  private DayBeforeBaseline(Detector delegate, Duration period, Duration baseline, boolean levelAdjusted) {
    if (baseline.compareTo(period) >= 0) {
      throw new IllegalArgumentException("baseline must be shorter than period but was " + baseline + " against "
          + period);
    }
    this.delegate = delegate;
    this.period = period;
    this.baseline = baseline;
    this.offset = period.minus(baseline);
    this.levelAdjusted = levelAdjusted;
  }

  /** Returns the same comparison with the day-before samples scaled to today's level. */
  DayBeforeBaseline levelAdjusted() {
    return new DayBeforeBaseline(delegate, period, baseline, true);
  }

  @Override
  public String name() {
    return delegate.name() + " against the day before" + (levelAdjusted ? ", level-adjusted" : "");
  }

  @Override
  public Verdict judge(DetectionContext context) throws InterruptedException {
    Map<String, Double> levels = new HashMap<>(); // per metric and step: the same for every fetch of one judgement
    return delegate.judge(new RefetchingContext(context, (metric, window) -> fetch(context, levels, metric, window)));
  }

  /** What the delegate sees of {@code metric} over {@code window}: before the deployment, a day earlier. */
  private MetricSeries fetch(DetectionContext context, Map<String, Double> levels, String metric, TimeWindow window)
      throws InterruptedException {
    Instant deployed = context.deployedAt();
    List<Sample> samples = new ArrayList<>();
    if (window.from().isBefore(deployed)) {
      double scale = 1;
      if (levelAdjusted) {
        String key = metric + "@" + window.step();
        Double known = levels.get(key);
        scale = known != null ? known : level(context, metric, window.step());
        levels.put(key, scale);
      }
      TimeWindow earlier = new TimeWindow(window.from().minus(offset), window.to().minus(offset), window.step());
      for (Sample sample : context.fetch(metric, earlier).samples()) {
        Instant at = sample.at().plus(offset);
        if (at.isBefore(deployed)) {
          samples.add(new Sample(at, sample.value() * scale));
        }
      }
    }
    if (!window.to().isBefore(deployed)) {
      Instant from = window.from().isBefore(deployed) ? deployed : window.from();
      samples.addAll(context.fetch(metric, new TimeWindow(from, window.to(), window.step())).samples());
    }
    return new MetricSeries(metric, samples);
  }

  /** Today's level over the day before's, 1 where either has no positive mean. */
  private double level(DetectionContext context, String metric, Duration step) throws InterruptedException {
    Instant deployed = context.deployedAt();
    Instant last = deployed.minus(step);
    double today = mean(context.fetch(metric, new TimeWindow(deployed.minus(baseline), last, step)));
    double before = mean(context.fetch(metric,
        new TimeWindow(deployed.minus(period).minus(baseline), last.minus(period), step)));
    return today > 0 && before > 0 ? today / before : 1;
  }

  private static double mean(MetricSeries series) {
    return series.samples().stream().mapToDouble(Sample::value).filter(Double::isFinite).average().orElse(0);
  }
}
