package dev.rollback.core.detect.internal;

import java.util.Arrays;

/** Small descriptive statistics over arrays of finite values. */
public final class SampleStats {
  private SampleStats() {}

  /** Returns the arithmetic mean, NaN for an empty array. */
  public static double mean(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** Returns the sample standard deviation (n - 1 in the denominator), 0 for fewer than 2 values. */
  public static double standardDeviation(double[] values) {
    if (values.length < 2) {
      return 0;
    }
    double mean = mean(values);
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    return Math.sqrt(sum / (values.length - 1));
  }

  /** Returns the median, NaN for an empty array. */
  public static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return MannWhitney.median(sorted);
  }

  /**
   * Returns the lag-one autocorrelation {@code sum (x_i - m)(x_(i+1) - m) / sum (x_i - m)^2}, 0
   * for fewer than 3 values or values without variation.
   */
  public static double lagOneAutocorrelation(double[] values) {
    if (values.length < 3) {
      return 0;
    }
    double mean = mean(values);
    double num = 0;
    double den = 0;
    for (int i = 0; i < values.length; i++) {
      double d = values[i] - mean;
      den += d * d;
      if (i + 1 < values.length) {
        num += d * (values[i + 1] - mean);
      }
    }
    return den == 0 ? 0 : num / den;
  }

  /**
   * Returns the batch-means estimate of the long-run variance, {@code n Var(mean of n)} as {@code n}
   * grows: {@code batch} times the sample variance of the means of consecutive batches of {@code
   * batch} values (a remainder at the end is left out); 0 for fewer than 2 batches.
   */
  public static double batchMeansVariance(double[] values, int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1 but was " + batch);
    }
    int batches = values.length / batch;
    if (batches < 2) {
      return 0;
    }
    double[] means = new double[batches];
    for (int b = 0; b < batches; b++) {
      double sum = 0;
      for (int i = b * batch; i < (b + 1) * batch; i++) {
        sum += values[i];
      }
      means[b] = sum / batch;
    }
    double sd = standardDeviation(means);
    return batch * sd * sd;
  }

  /** The largest lag-one autocorrelation {@link #longRunVariance} takes at its word. */
  public static final double MAX_AUTOCORRELATION = 0.95;

  /**
   * Returns a cautious estimate of the long-run variance of a series (the variance of its sum of
   * {@code n} values divided by {@code n}): the largest of the sample variance, the AR(1) estimate
   * {@code s^2 (1 + r) / (1 - r)} with {@code r} the lag-one autocorrelation clipped to [0, {@link
   * #MAX_AUTOCORRELATION}], and the {@link #batchMeansVariance batch-means} estimate with batches of
   * {@code floor(sqrt(n))} values. For independent values all three estimate the variance; the AR(1)
   * estimate covers a short memory, the batch means a longer one (a wandering level, a trend, a
   * level shift inside the series).
   */
  public static double longRunVariance(double[] values) {
    double sd = standardDeviation(values);
    double variance = sd * sd;
    double r = Math.max(0, Math.min(MAX_AUTOCORRELATION, lagOneAutocorrelation(values)));
    double ar1 = variance * (1 + r) / (1 - r);
    int batch = (int) Math.floor(Math.sqrt(values.length));
    double batchMeans = batch >= 1 ? batchMeansVariance(values, batch) : 0;
    return Math.max(variance, Math.max(ar1, batchMeans));
  }

  /**
   * Returns how much more the mean of {@code after} values moves away from the mean of the {@code
   * before} values preceding them than independent values would let it, measured over a history:
   * for every split {@code t} of {@code history} with {@code before} values before it and {@code
   * after} from it on, {@code D_t} is the mean of the {@code after} values less the mean of the
   * {@code before} values, and {@code w_t} the sample variance of the {@code before + after} values
   * around the split; the answer is {@code sum D_t^2 / sum w_t (1 / after + 1 / before)}. For
   * independent values of one mean it estimates 1; a wandering level (an autocorrelated rate)
   * makes it larger, since the mean of a window then differs from the mean of the window before it
   * by more than their noise; a smooth cycle adds its own change between the windows. NaN when the
   * history holds fewer than {@code before + after} values or none of them varies.
   *
   * @throws IllegalArgumentException if {@code before} or {@code after} is below 1
   */
  public static double splitDispersion(double[] history, int before, int after) {
    if (before < 1 || after < 1) {
      throw new IllegalArgumentException("before and after must be >= 1 but were " + before + " and " + after);
    }
    int n = history.length;
    if (n < before + after) {
      return Double.NaN;
    }
    // prefix sums of the values and their squares, around the history's mean against rounding
    double centre = mean(history);
    double[] sum = new double[n + 1];
    double[] squares = new double[n + 1];
    for (int i = 0; i < n; i++) {
      double x = history[i] - centre;
      sum[i + 1] = sum[i] + x;
      squares[i + 1] = squares[i] + x * x;
    }
    int span = before + after;
    double weight = 1.0 / after + 1.0 / before;
    double moved = 0;
    double expected = 0;
    for (int t = before; t + after <= n; t++) {
      double d = (sum[t + after] - sum[t]) / after - (sum[t] - sum[t - before]) / before;
      double total = sum[t + after] - sum[t - before];
      double variance = (squares[t + after] - squares[t - before] - total * total / span) / (span - 1);
      moved += d * d;
      expected += Math.max(0, variance) * weight;
    }
    return expected > 0 ? moved / expected : Double.NaN;
  }
}
