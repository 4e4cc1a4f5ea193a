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
}
