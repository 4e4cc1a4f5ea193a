package dev.rollback.core.detect.internal;

import org.jspecify.annotations.Nullable;

/**
 * The most likely upward step in the mean of a baseline window: where the level the window ends at
 * began, so that a detector can compare the samples after a deployment with that level, not only
 * with the mean of a window a level shift splits.
 *
 * <p>For every split of the {@code n} values into a head {@code [0, t)} and a tail {@code [t, n)}
 * the statistic is the two-sample z of the tail's rise, {@code (mean(tail) - mean(head)) / (s
 * sqrt(1 / L + 1 / H))} with {@code L} and {@code H} the tail's and the head's length and {@code s}
 * the von Neumann estimate of the noise's standard deviation, {@code s^2 = sum (x_(i+1) - x_i)^2 /
 * (2 (n - 1))}: differences of consecutive values cancel a step (it enters one difference only), so
 * the step does not inflate the spread it is measured against. The split with the largest statistic
 * is the shift if the statistic passes the threshold.
 */
public final class ChangePoint {
  private ChangePoint() {}

  /**
   * An upward step inside a window.
   *
   * @param start the index of the first value of the new level (the tail)
   * @param statistic the two-sample z of the step
   * @param tailMean the mean of the values from {@code start} on
   * @param headMean the mean of the values before {@code start}
   */
  public record Shift(int start, double statistic, double tailMean, double headMean) {}

  /**
   * A linear trend of a window.
   *
   * @param slope the least-squares slope, per value
   * @param statistic the slope over its standard error, the standard error widened by {@code
   *     sqrt((1 + r) / (1 - r))} for the lag-one correlation {@code r} of the residuals (0 when it is
   *     negative): a correlated wander is not a trend
   */
  public record Trend(double slope, double statistic) {}

  /**
   * Returns the least-squares trend of {@code values} against their index, or null for fewer than 4
   * values or residuals without spread (a straight line is a trend of infinite z, which no caller
   * needs: a metric that exact is not measured).
   */
  public static @Nullable Trend trend(double[] values) {
    int n = values.length;
    if (n < 4) {
      return null;
    }
    double meanX = (n - 1) / 2.0;
    double meanY = 0;
    for (double v : values) {
      meanY += v;
    }
    meanY /= n;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (i - meanX) * (i - meanX);
      sxy += (i - meanX) * (values[i] - meanY);
    }
    double slope = sxy / sxx;
    double sse = 0;
    double lagged = 0;
    double previous = 0;
    for (int i = 0; i < n; i++) {
      double r = values[i] - meanY - slope * (i - meanX);
      sse += r * r;
      if (i > 0) {
        lagged += r * previous;
      }
      previous = r;
    }
    if (!(sse > 0)) {
      return null;
    }
    double rho = Math.max(0, Math.min(0.99, lagged / sse));
    double se = Math.sqrt(sse / (n - 2) / sxx * (1 + rho) / (1 - rho));
    return new Trend(slope, slope / se);
  }

  /** Returns the von Neumann estimate of the noise's standard deviation: 0 for fewer than 2 values. */
  public static double vonNeumannDeviation(double[] values) {
    if (values.length < 2) {
      return 0;
    }
    double sum = 0;
    for (int i = 1; i < values.length; i++) {
      double d = values[i] - values[i - 1];
      sum += d * d;
    }
    return Math.sqrt(sum / (2.0 * (values.length - 1)));
  }

  /**
   * Returns the most likely upward step of {@code values} whose tail has at least {@code
   * minimumTail} values and whose head at least {@code minimumHead}, if its statistic is above
   * {@code threshold}; null otherwise (also when the values do not vary).
   *
   * @throws IllegalArgumentException if {@code minimumTail} or {@code minimumHead} is below 1
   */
  public static @Nullable Shift lastUpwardShift(double[] values, int minimumTail, int minimumHead, double threshold) {
    return lastUpwardShift(values, minimumTail, minimumHead, threshold, false);
  }

  /**
   * Returns the step {@link #lastUpwardShift(double[], int, int, double)} finds, with, when {@code
   * autocorrelated}, its statistic measured against the larger of the von Neumann deviation and the
   * square root of the {@link SampleStats#longRunVariance long-run variance} of the residuals (each
   * value minus the mean of its side of the step), and the step kept only if that statistic still
   * passes {@code threshold}. Differences of a correlated, wandering series are small against its
   * wander, so that the plain statistic finds steps in every wander; the residuals of a real step
   * are the noise alone.
   */
  public static @Nullable Shift lastUpwardShift(double[] values, int minimumTail, int minimumHead, double threshold,
      boolean autocorrelated) {
    if (minimumTail < 1 || minimumHead < 1) {
      throw new IllegalArgumentException(
          "minimumTail and minimumHead must be >= 1 but were " + minimumTail + ", " + minimumHead);
    }
    int n = values.length;
    double s = vonNeumannDeviation(values);
    if (n < minimumTail + minimumHead || !(s > 0)) {
      return null;
    }
    double total = 0;
    for (double v : values) {
      total += v;
    }
    double head = 0;
    Shift best = null;
    for (int t = 1; t < n; t++) {
      head += values[t - 1];
      int h = t;
      int l = n - t;
      if (h < minimumHead || l < minimumTail) {
        continue;
      }
      double headMean = head / h;
      double tailMean = (total - head) / l;
      double z = (tailMean - headMean) / (s * Math.sqrt(1.0 / l + 1.0 / h));
      if (z > threshold && (best == null || z > best.statistic())) {
        best = new Shift(t, z, tailMean, headMean);
      }
    }
    if (best == null || !autocorrelated) {
      return best;
    }
    // a wandering series has consecutive differences smaller than its wander: what is left of it
    // around the two levels, counted by its long-run variance, is the spread the step must pass
    double[] residuals = new double[n];
    for (int i = 0; i < n; i++) {
      residuals[i] = values[i] - (i < best.start() ? best.headMean() : best.tailMean());
    }
    double longRun = Math.sqrt(Math.max(s * s, SampleStats.longRunVariance(residuals)));
    double z = best.statistic() * s / longRun;
    return z > threshold ? new Shift(best.start(), z, best.tailMean(), best.headMean()) : null;
  }
}
