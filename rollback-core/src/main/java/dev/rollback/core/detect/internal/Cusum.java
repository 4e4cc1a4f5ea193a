package dev.rollback.core.detect.internal;


/**
 * The one-sided tabular CUSUM of standardized observations, and the Siegmund approximation of its
 * in-control average run length used to choose the decision interval.
 *
 * <p>For standardized values z_i the upper statistic is {@code C_i = max(0, C_(i-1) + z_i - k)},
 * signalling when {@code C_i > h} (Page 1954; Montgomery, <i>Introduction to Statistical Quality
 * Control</i>, section 9.1).
 */
public final class Cusum {
  private Cusum() {}

  /**
   * The state of a CUSUM after a sequence.
   *
   * @param statistic the final value of C
   * @param run how many observations the current excursion above 0 has lasted (N+ in Montgomery)
   * @param signalAt the 0-based index of the first observation where C exceeded h, or -1
   * @param runAtSignal the excursion length when it signalled, or 0
   * @param peak the largest C reached
   */
  public record Path(double statistic, int run, int signalAt, int runAtSignal, double peak) {

    /**
     * Returns the mean of the last {@link #run()} of {@code values} (the samples of the current
     * excursion), or {@code otherwise} when there is no run.
     */
    public double excursionMean(double[] values, double otherwise) {
      if (run <= 0) {
        return otherwise;
      }
      double sum = 0;
      for (int i = values.length - run; i < values.length; i++) {
        sum += values[i];
      }
      return sum / run;
    }
  }

  /** Runs the upper CUSUM with reference value {@code k} and decision interval {@code h} over {@code z}. */
  public static Path upper(double[] z, double k, double h) {
    double c = 0;
    int run = 0;
    int signalAt = -1;
    int runAtSignal = 0;
    double peak = 0;
    for (int i = 0; i < z.length; i++) {
      c = Math.max(0, c + z[i] - k);
      run = c > 0 ? run + 1 : 0;
      peak = Math.max(peak, c);
      if (signalAt < 0 && c > h) {
        signalAt = i;
        runAtSignal = run;
      }
    }
    return new Path(c, run, signalAt, runAtSignal, peak);
  }

  /**
   * Runs one cumulative sum of {@code z} from its first value, never restarted at 0 (a one-sided
   * sequential probability ratio test when the values are log-likelihood ratios), against the
   * limit {@code h}. The path's {@code statistic} is the whole sum (it may be negative), its {@code
   * run} the number of values since the partial sums were last at their minimum (0 before the
   * first value counts): the maximum-likelihood estimate of where a step began; its {@code peak}
   * the largest partial sum (at least 0).
   *
   * <p>When each value is the log-likelihood ratio of a sample under a change against no change,
   * the exponential of the sum is a nonnegative martingale without the change, and by Ville's
   * inequality it ever passes {@code e^h} with probability at most {@code e^-h}; capping values
   * from above keeps that bound.
   */
  public static Path cumulative(double[] z, double h) {
    double sum = 0;
    double lowest = 0;
    int lowestAfter = 0;
    int signalAt = -1;
    int runAtSignal = 0;
    double peak = 0;
    for (int i = 0; i < z.length; i++) {
      sum += z[i];
      if (sum <= lowest) {
        lowest = sum;
        lowestAfter = i + 1;
      }
      peak = Math.max(peak, sum);
      if (signalAt < 0 && sum > h) {
        signalAt = i;
        runAtSignal = i + 1 - lowestAfter;
      }
    }
    return new Path(sum, z.length - lowestAfter, signalAt, runAtSignal, peak);
  }

  /**
   * Runs a sum since the first value for a change that may begin after any of them, against the
   * limit {@code h}: the statistic after {@code t} values is the largest, over the {@code j} values
   * before the change ({@code 0 <= j < t}), of the sum of the values after them less {@link
   * #startCost startCost(j)} = {@code ln((j + 1) (j + 2))}. The path's {@code run} is {@code t - j}
   * for the best {@code j} (where the change is dated), its {@code peak} the largest statistic (at
   * least the first one's, which may be negative).
   *
   * <p>When each value is the log-likelihood ratio of a sample under a change against no change,
   * the mixture over the start {@code j} with weights {@code 1 / ((j + 1) (j + 2))}, which sum to 1,
   * of the exponentials of those sums is a nonnegative martingale without the change; each term is
   * at most the mixture, so by Ville's inequality the statistic ever passes {@code h} with
   * probability at most {@code e^-h}; capping values from above keeps that bound. A change at the
   * first value pays {@code ln 2} for the freedom, one after 5 values {@code ln 42}, after 60
   * {@code ln 3782}: a short excursion late in the watch needs far more evidence than one at its start.
   */
  public static Path anyStart(double[] z, double h) {
    double sum = 0;
    double best = Double.NEGATIVE_INFINITY;
    int bestStart = 0;
    double statistic = Double.NEGATIVE_INFINITY;
    int run = 0;
    int signalAt = -1;
    int runAtSignal = 0;
    double peak = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < z.length; i++) {
      // a change after the first i values: its sum starts at -sum (the sum before it) and pays its cost
      double candidate = -sum - startCost(i);
      if (candidate > best) {
        best = candidate;
        bestStart = i;
      }
      sum += z[i];
      statistic = sum + best;
      run = i + 1 - bestStart;
      peak = Math.max(peak, statistic);
      if (signalAt < 0 && statistic > h) {
        signalAt = i;
        runAtSignal = run;
      }
    }
    return new Path(z.length == 0 ? 0 : statistic, run, signalAt, runAtSignal, z.length == 0 ? 0 : peak);
  }

  /** Returns what {@link #anyStart} charges a change after {@code before} values: {@code ln((before + 1) (before + 2))}. */
  public static double startCost(int before) {
    return Math.log((before + 1.0) * (before + 2.0));
  }

  /**
   * Returns Siegmund's approximation of the in-control average run length of a one-sided CUSUM
   * with reference value {@code k} and decision interval {@code h} on standard normal data.
   */
  public static double inControlRunLength(double k, double h) {
    double b = h + 1.166;
    if (k == 0) {
      return b * b;
    }
    double x = 2 * k * b;
    return (Math.exp(x) - x - 1) / (2 * k * k);
  }

  /**
   * Returns the decision interval h that gives a one-sided in-control average run length of
   * {@code runLength} samples with reference value {@code k} (bisection on the approximation).
   */
  public static double decisionInterval(double k, double runLength) {
    if (!(runLength > 1) || !(k >= 0)) {
      throw new IllegalArgumentException("need runLength > 1 and k >= 0 but were " + runLength + ", " + k);
    }
    double lo = 0;
    double hi = 1;
    while (inControlRunLength(k, hi) < runLength) {
      hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
      double mid = (lo + hi) / 2;
      if (inControlRunLength(k, mid) < runLength) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }
}
