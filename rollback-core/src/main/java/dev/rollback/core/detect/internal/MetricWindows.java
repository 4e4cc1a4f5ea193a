package dev.rollback.core.detect.internal;

import dev.rollback.core.detect.DetectionContext;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * A metric's samples before the deployment (the baseline) and after it, NaN samples dropped.
 *
 * @param baseline samples in [deployedAt - baseline length, deployedAt)
 * @param current samples in [deployedAt, now]
 * @param baselineNaN how many NaN samples were dropped from the baseline
 * @param currentNaN how many NaN samples were dropped since the deployment
 */
public record MetricWindows(List<Sample> baseline, List<Sample> current, int baselineNaN, int currentNaN) {

  /** Fetches {@code metric} in one call covering both windows, and splits it at the deployment. */
  public static MetricWindows fetch(DetectionContext context, String metric, Duration baselineLength, Duration step)
      throws InterruptedException {
    Instant deployedAt = context.deployedAt();
    Instant now = context.now();
    Instant from = deployedAt.minus(baselineLength);
    Instant to = now.isBefore(deployedAt) ? deployedAt : now;
    MetricSeries series = context.fetch(metric, new TimeWindow(from, to, step));
    List<Sample> baseline = new ArrayList<>();
    List<Sample> current = new ArrayList<>();
    int baselineNaN = 0;
    int currentNaN = 0;
    for (Sample s : series.samples()) {
      if (s.at().isBefore(from) || s.at().isAfter(now)) {
        continue;
      }
      boolean before = s.at().isBefore(deployedAt);
      if (Double.isNaN(s.value())) {
        if (before) {
          baselineNaN++;
        } else {
          currentNaN++;
        }
      } else if (s.at().isBefore(deployedAt)) {
        baseline.add(s);
      } else {
        current.add(s);
      }
    }
    return new MetricWindows(List.copyOf(baseline), List.copyOf(current), baselineNaN, currentNaN);
  }

  /** Returns the samples whose value {@code usable} accepts, in order. */
  public static List<Sample> usable(List<Sample> samples, DoublePredicate usable) {
    List<Sample> out = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      if (usable.test(s.value())) {
        out.add(s);
      }
    }
    return out;
  }

  /** Returns the values of {@code samples}. */
  public static double[] values(List<Sample> samples) {
    double[] v = new double[samples.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = samples.get(i).value();
    }
    return v;
  }
}
