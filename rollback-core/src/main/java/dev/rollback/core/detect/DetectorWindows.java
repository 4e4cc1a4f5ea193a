package dev.rollback.core.detect;

import dev.rollback.core.detect.internal.Cusum;
import dev.rollback.core.detect.internal.MetricWindows;
import dev.rollback.core.detect.internal.SampleStats;
import dev.rollback.core.detect.internal.Texts;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What the detectors share that speaks this package's types (the context, the verdicts), so that
 * {@code detect.internal} needs nothing from {@code detect}: its arithmetic stays a leaf.
 */
final class DetectorWindows {
  private DetectorWindows() {}

  /** Fetches {@code metric} in one call covering both windows, and splits it at the deployment. */
  static MetricWindows fetch(DetectionContext context, String metric, Duration baselineLength, Duration step)
      throws InterruptedException {
    Instant deployedAt = context.deployedAt();
    Instant now = context.now();
    Instant from = deployedAt.minus(baselineLength);
    Instant to = now.isBefore(deployedAt) ? deployedAt : now;
    MetricSeries series = context.fetch(metric, new TimeWindow(from, to, step));
    return MetricWindows.split(series, from, deployedAt, now);
  }

  /**
   * The samples after a split of the history whose mean {@link #dispersion} compares with the
   * baseline-long mean before them, and twice as many: the larger of the two dispersions serves.
   */
  static final int DISPERSION_WINDOW = 30;

  /** The fewest usable history samples the dispersion is measured from, in multiples of the baseline's samples plus {@link #DISPERSION_WINDOW}. */
  static final int DISPERSION_SPANS = 4;

  /**
   * How far the history before the baseline let a window's mean move from the mean before it
   * ({@link SampleStats#splitDispersion}), over how many usable samples.
   *
   * @param factor the dispersion, NaN when the history was too short or did not vary
   * @param samples the history's usable samples
   * @param needed the fewest usable samples the dispersion is measured from
   */
  record Dispersion(double factor, int samples, int needed) {
    /** Returns whether the history was long enough and varied. */
    boolean usable() {
      return samples >= needed && Double.isFinite(factor);
    }

    /** Returns the factor on the baseline's variance: the dispersion, at least 1. */
    double multiplier() {
      return Math.max(1, factor);
    }
  }

  /**
   * Fetches the {@code history} before the {@code baseline} of {@code metric} and measures its
   * {@link Dispersion} for a baseline of {@code baseSamples} samples: of the usable values, after
   * {@code transform}, the larger of the {@link SampleStats#splitDispersion split dispersions} of
   * the next {@link #DISPERSION_WINDOW} and twice as many samples (a wander that takes tens of
   * samples shows more at 60 than at 30; on the benchmark's AR(1) 0.95 family the larger of the two
   * took the false alarms from 7 to 2 in 200 releases, the latency charts calibrated by the
   * history as well).
   *
   * @throws InterruptedException if interrupted while the source answers
   */
  static Dispersion dispersion(DetectionContext context, String metric, Duration baseline, Duration history,
      Duration step, int baseSamples, DoublePredicate usable, DoubleUnaryOperator transform)
      throws InterruptedException {
    Instant to = context.deployedAt().minus(baseline);
    Instant from = to.minus(history);
    // the window's end is the baseline's first sample, which a source may include
    List<Sample> before = context.fetch(metric, new TimeWindow(from, to, step)).samples().stream()
        .filter(s -> s.at().isBefore(to) && !s.at().isBefore(from)).toList();
    double[] values = MetricWindows.values(MetricWindows.usable(before, usable));
    for (int i = 0; i < values.length; i++) {
      values[i] = transform.applyAsDouble(values[i]);
    }
    int needed = DISPERSION_SPANS * (baseSamples + DISPERSION_WINDOW);
    double factor = values.length >= needed
        ? Math.max(SampleStats.splitDispersion(values, baseSamples, DISPERSION_WINDOW),
            SampleStats.splitDispersion(values, baseSamples, 2 * DISPERSION_WINDOW))
        : Double.NaN;
    return new Dispersion(factor, values.length, needed);
  }

  /**
   * Says, for a finding of a chart {@link Accumulation#ANY_START}, what its start cost: "less 0.693
   * for starting at the deployment" or "less 3.74 for starting 5 samples after it".
   */
  static String startCostText(int before) {
    return "less " + Texts.number(Cusum.startCost(before)) + " for starting "
        + (before == 0 ? "at the deployment" : before + " sample" + (before == 1 ? "" : "s") + " after it");
  }

  /**
   * Says, for a chart's rule, where its spread comes from: " (spread from the 1440 min before the
   * baseline)" with a history, " (long-run variance)" when {@code autocorrelated}, else nothing.
   */
  static String spreadRule(Duration history, boolean autocorrelated) {
    if (!history.isZero()) {
      return " (spread from the " + Texts.window(history) + " before the baseline)";
    }
    return autocorrelated ? " (long-run variance)" : "";
  }

  /**
   * Says, for a finding, where a chart's spread came from: the baseline's (long-run when {@code
   * autocorrelated}) variance, or that times the history's {@link Dispersion}; when the history
   * could not serve, why.
   */
  static String spreadText(@Nullable Dispersion dispersion, boolean autocorrelated, Duration history,
      Duration baseline) {
    String longRun = autocorrelated ? ", scaled by the baseline's long-run variance" : "";
    if (dispersion == null) {
      return longRun;
    }
    if (!dispersion.usable()) {
      return String.format(Locale.ROOT, "%s (the %s before the baseline held %d usable samples%s)",
          longRun.isEmpty() ? ", scaled by the baseline's variance" : longRun, Texts.window(history),
          dispersion.samples(), dispersion.samples() < dispersion.needed()
              ? ", fewer than the " + dispersion.needed() + " its dispersion needs" : " without variation");
    }
    return String.format(Locale.ROOT, ", scaled by the baseline's variance times %s: over the %s before the"
        + " baseline (%d usable samples) the mean of the next %d or %d samples moved from the mean of the %s"
        + " before them up to %s times as far (in variance) as independent samples would",
        Texts.number(dispersion.multiplier()), Texts.window(history), dispersion.samples(), DISPERSION_WINDOW,
        2 * DISPERSION_WINDOW, Texts.window(baseline), Texts.number(dispersion.factor()));
  }

  /**
   * Returns what a CUSUM detector answers when its windows are too thin to judge: {@link
   * Verdict.NoData} when the baseline has fewer than {@code minimumBaseline} usable samples (it
   * cannot be calibrated), {@link Verdict.Insufficient} when fewer than {@code minimumCurrent} came
   * since the deployment; null when there are enough of both.
   */
  static @Nullable Verdict tooFewForCusum(String metric, Duration baseline, int baseSamples,
      int minimumBaseline, int currentSamples, int minimumCurrent) {
    if (baseSamples < minimumBaseline) {
      return new Verdict.NoData(metric, metric + " has " + baseSamples + " usable samples in the "
          + Texts.window(baseline) + " before the deployment; the CUSUM needs " + minimumBaseline);
    }
    if (currentSamples < minimumCurrent) {
      return new Verdict.Insufficient(currentSamples + " of the " + minimumCurrent + " samples of " + metric
          + " needed since the deployment");
    }
    return null;
  }

}
