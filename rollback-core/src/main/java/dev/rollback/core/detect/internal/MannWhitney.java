package dev.rollback.core.detect.internal;

import java.util.Arrays;

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum test) of an experiment sample against a control
 * sample, with the Hodges-Lehmann estimate of the shift and its distribution-free confidence
 * interval, as R's {@code wilcox.test(x, y, exact = FALSE, correct = TRUE, conf.int = TRUE)} and
 * Kayenta's judge compute them.
 *
 * <p>Ties get mid-ranks and the variance of U is corrected for them; the normal approximation
 * carries a continuity correction of 1/2. Inputs must be free of NaN.
 *
 * @param u the experiment's U: pairs with experiment > control, plus half the tied pairs
 * @param z the standardized U without continuity correction
 * @param sd the standard deviation of U under the null hypothesis, tie-corrected
 * @param pGreater the one-sided p-value for "experiment is shifted up"
 * @param pLess the one-sided p-value for "experiment is shifted down"
 * @param pTwoSided the two-sided p-value
 * @param estimate the Hodges-Lehmann shift: median of all experiment - control differences
 * @param lower the lower end of the confidence interval of the shift
 * @param upper the upper end of the confidence interval of the shift
 */
public record MannWhitney(
    double u, double z, double sd, double pGreater, double pLess, double pTwoSided,
    double estimate, double lower, double upper) {

  /**
   * Tests {@code experiment} against {@code control}, with a two-sided interval at {@code
   * confidence}.
   *
   * @throws IllegalArgumentException if a sample is empty or confidence is not in (0, 1)
   */
  public static MannWhitney test(double[] experiment, double[] control, double confidence) {
    return test(experiment, control, confidence, true);
  }

  /**
   * Tests {@code experiment} against {@code control}; without {@code withInterval} the O(n m log nm)
   * shift estimate and interval are skipped and are NaN.
   *
   * @throws IllegalArgumentException if a sample is empty or confidence is not in (0, 1)
   */
  public static MannWhitney test(double[] experiment, double[] control, double confidence, boolean withInterval) {
    int n1 = experiment.length;
    int n2 = control.length;
    if (n1 == 0 || n2 == 0) {
      throw new IllegalArgumentException("both samples need data: experiment " + n1 + ", control " + n2);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1) but was " + confidence);
    }
    int n = n1 + n2;
    double[] all = new double[n];
    System.arraycopy(experiment, 0, all, 0, n1);
    System.arraycopy(control, 0, all, n1, n2);
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
    double rankSumExperiment = 0;
    double tieTerm = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && all[order[j + 1]] == all[order[i]]) {
        j++;
      }
      double midRank = (i + j + 2) / 2.0;
      int t = j - i + 1;
      tieTerm += (double) t * t * t - t;
      for (int k = i; k <= j; k++) {
        if (order[k] < n1) {
          rankSumExperiment += midRank;
        }
      }
      i = j + 1;
    }
    double u = rankSumExperiment - n1 * (n1 + 1) / 2.0;
    double mean = n1 * (double) n2 / 2;
    double variance = n1 * (double) n2 / 12 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
    double sd = Math.sqrt(Math.max(variance, 0));
    double z;
    double pGreater;
    double pLess;
    double pTwo;
    if (sd == 0) {
      z = 0;
      pGreater = 1;
      pLess = 1;
      pTwo = 1;
    } else {
      z = (u - mean) / sd;
      pGreater = NormalDistribution.upperTail((u - mean - 0.5) / sd);
      pLess = NormalDistribution.cdf((u - mean + 0.5) / sd);
      double zTwo = (u - mean - Math.signum(u - mean) * 0.5) / sd;
      pTwo = Math.min(1, 2 * Math.min(NormalDistribution.cdf(zTwo), NormalDistribution.upperTail(zTwo)));
    }
    if (!withInterval) {
      return new MannWhitney(u, z, sd, pGreater, pLess, pTwo, Double.NaN, Double.NaN, Double.NaN);
    }
    double[] differences = new double[n1 * n2];
    int k = 0;
    for (double x : experiment) {
      for (double y : control) {
        differences[k++] = x - y;
      }
    }
    Arrays.sort(differences);
    double estimate = median(differences);
    // Moses' interval: the C-th smallest and C-th largest differences, C from the normal quantile.
    double zq = NormalDistribution.quantile(1 - (1 - confidence) / 2);
    int c = (int) Math.floor(mean - zq * sd);
    c = Math.max(1, Math.min(c, differences.length));
    double lower = differences[c - 1];
    double upper = differences[differences.length - c];
    return new MannWhitney(u, z, sd, pGreater, pLess, pTwo, estimate, lower, upper);
  }

  /** Returns the median of sorted {@code values}, which must not be empty. */
  static double median(double[] sorted) {
    int m = sorted.length;
    return m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
  }
}
