package dev.rollback.core.detect.internal;

import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.Sample;
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

  /**
   * Splits {@code series} at {@code deployedAt}: the samples in [{@code from}, {@code deployedAt})
   * are the baseline, those in [{@code deployedAt}, {@code now}] the current window; NaN samples
   * are counted and dropped, samples outside both ignored.
   */
  public static MetricWindows split(MetricSeries series, Instant from, Instant deployedAt, Instant now) {
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
