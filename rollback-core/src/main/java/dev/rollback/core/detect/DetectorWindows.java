package dev.rollback.core.detect;

import dev.rollback.core.detect.internal.MetricWindows;
import dev.rollback.core.detect.internal.Texts;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.TimeWindow;
import java.time.Duration;
import java.time.Instant;
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
