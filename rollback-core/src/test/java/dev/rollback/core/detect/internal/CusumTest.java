package dev.rollback.core.detect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Known values from Montgomery, <i>Introduction to Statistical Quality Control</i>, example 9.1:
 * 30 observations, the first 20 from N(10, 1), the rest from N(11, 1); tabular CUSUM with K = 0.5
 * and H = 5 signals at observation 29 with C+ = 5.28 and N+ = 7, dating the shift after
 * observation 22; and its table of average run lengths (two-sided ARL0 of 465 for h = 5, 168 for
 * h = 4; Siegmund's approximation gives 469 and 169).
 */
public class CusumTest {
  public static final double[] MONTGOMERY = {9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.20, 10.34, 9.03,
      11.47, 10.51, 9.40, 10.08, 9.37, 10.62, 10.31, 8.52, 10.84, 10.90, 9.33, 12.29, 11.50, 10.60, 11.08,
      10.38, 11.62, 11.31, 10.52};

  @Test
  void montgomeryExampleSignalsAtObservation29() {
    double[] z = new double[MONTGOMERY.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = MONTGOMERY[i] - 10;
    }
    Cusum.Path upTo29 = Cusum.upper(java.util.Arrays.copyOf(z, 29), 0.5, 5);
    assertEquals(5.28, upTo29.statistic(), 1e-9);
    assertEquals(7, upTo29.run());
    assertEquals(28, upTo29.signalAt(), "0-based index of observation 29");
    assertEquals(7, upTo29.runAtSignal());
    Cusum.Path upTo28 = Cusum.upper(java.util.Arrays.copyOf(z, 28), 0.5, 5);
    assertEquals(4.47, upTo28.statistic(), 1e-9);
    assertEquals(-1, upTo28.signalAt());
    // the estimated new mean: mu0 + K + C+/N+ = 11.25
    assertEquals(11.25, 10 + 0.5 + upTo29.statistic() / upTo29.run(), 0.005);
  }

  @Test
  void siegmundRunLengthsMatchTheTextbookTable() {
    assertEquals(938.2223641163949, Cusum.inControlRunLength(0.5, 5), 1e-9);
    assertEquals(469, Cusum.inControlRunLength(0.5, 5) / 2, 1);
    assertEquals(168, Cusum.inControlRunLength(0.5, 4) / 2, 1.5);
  }

  @Test
  void decisionIntervalInvertsTheRunLength() {
    assertEquals(5, Cusum.decisionInterval(0.5, 938.2223641163949), 1e-9);
    double h = Cusum.decisionInterval(0.25, 10_000);
    assertEquals(10_000, Cusum.inControlRunLength(0.25, h), 1e-6);
  }

  @Test
  void theCumulativeSumNeverRestarts() {
    // sums 1, -1, 2, 2.5: a restarting chart would be at 3 after the third value and pass 2 there
    Cusum.Path path = Cusum.cumulative(new double[] {1, -2, 3, 0.5}, 2);
    assertEquals(2.5, path.statistic(), 1e-12);
    assertEquals(2, path.run(), "since the minimum, -1 after the second value");
    assertEquals(3, path.signalAt());
    assertEquals(2.5, path.peak(), 1e-12);
    assertEquals(2, Cusum.upper(new double[] {1, -2, 3, 0.5}, 0, 2).signalAt());
    Cusum.Path negative = Cusum.cumulative(new double[] {-1, -1}, 2);
    assertEquals(-2, negative.statistic(), 1e-12);
    assertEquals(0, negative.peak(), 1e-12);
    assertEquals(-1, negative.signalAt());
    assertEquals(0, negative.run(), "at its minimum at the end");
    assertEquals(2, Cusum.cumulative(new double[] {2, 1, 1}, 2).runAtSignal(), "never below 0: from the start");
  }

  @Test
  void anUnchangedPoissonMetricPassesTheLimitOfTheSumAtMostWithTheStatedProbability() {
    // Ville's inequality: the log-likelihood ratio of a 2x rise, y ln 2 - 1 per Poisson(1) sample,
    // passes ln 100 with probability at most 1% over any number of samples; 20,000 watches of 120
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    double h = Math.log(100);
    int watches = 20_000;
    int alarms = cumulativeAlarms(random, watches, h, j -> 2);
    org.junit.jupiter.api.Assertions.assertTrue(alarms <= 0.01 * watches, alarms + " alarms");
    // a restarting chart with the same limit passes it far more often
    int restarting = 0;
    for (int w = 0; w < 2_000; w++) {
      double[] z = unchangedWatch(random);
      if (Cusum.upper(z, 0, h).signalAt() >= 0) {
        restarting++;
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(restarting / 2_000.0 > 2 * alarms / (double) watches,
        restarting + " of 2,000 against " + alarms + " of 20,000");
  }

  @Test
  void aRampsLikelihoodRatioOfAnUnchangedPoissonMetricPassesTheLimitAtMostWithTheStatedProbability() {
    // the alternative grows to 2x over 90 samples (PoissonCusumDetector.Builder.risingOver): y ln r_j - (r_j - 1)
    // per Poisson(1) sample, r_j = 1 + (j + 1) / 90; its product is a martingale too, so ln 100 is passed with
    // probability at most 1% over the watch
    java.util.SplittableRandom random = new java.util.SplittableRandom(12);
    double h = Math.log(100);
    int watches = 20_000;
    int alarms = cumulativeAlarms(random, watches, h, j -> 1 + (j + 1) / 90.0);
    org.junit.jupiter.api.Assertions.assertTrue(alarms <= 0.01 * watches, alarms + " alarms");
    org.junit.jupiter.api.Assertions.assertTrue(alarms > 0, "the bound is approached, not vacuous: " + alarms);
  }

  @Test
  void aSumSinceAnyStartPaysForTheStart() {
    // sums 0 (none yet), -1, -2, 1, 4; a start after j values costs ln((j + 1) (j + 2)): ln 2, ln 6, ln 12;
    // after four values the best is j = 2: 4 - (-2) - ln 12 = 3.515 (j = 0: 4 - ln 2 = 3.307, j = 1: 5 - ln 6 = 3.208)
    Cusum.Path path = Cusum.anyStart(new double[] {-1, -1, 3, 3}, 3.4);
    assertEquals(6 - Math.log(12), path.statistic(), 1e-12);
    assertEquals(2, path.run(), "dated after the second value");
    assertEquals(3, path.signalAt());
    assertEquals(2, path.runAtSignal());
    // after three values: j = 2 gives 3 - ln 12 = 0.515, j = 0 gives 1 - ln 2 = 0.307
    assertEquals(3 - Math.log(12), Cusum.anyStart(new double[] {-1, -1, 3}, 3.4).peak(), 1e-12);
    assertEquals(Math.log(42), Cusum.startCost(5), 1e-12);
    // the whole sum from the start pays ln 2 on top of what the plain sum since the deployment needs
    assertEquals(3 - Math.log(2), Cusum.anyStart(new double[] {1, 1, 1}, 10).statistic(), 1e-12);
    assertEquals(3, Cusum.anyStart(new double[] {1, 1, 1}, 10).run());
    Cusum.Path empty = Cusum.anyStart(new double[0], 1);
    assertEquals(-1, empty.signalAt());
    assertEquals(0, empty.run());
  }

  @Test
  void aStepAfterTheDeploymentPassesTheSumSinceAnyStartAndNotTheSumSinceTheDeployment() {
    // ten values of -1 (an unchanged metric's log-likelihood ratios), then steps of 2: the sum since the
    // deployment is -10 + 2n and needs 8 of them to pass 5; since any start, j = 10 costs ln 132 = 4.88
    double[] z = new double[20];
    java.util.Arrays.fill(z, 0, 10, -1);
    java.util.Arrays.fill(z, 10, 20, 2);
    assertEquals(14, Cusum.anyStart(z, 5).signalAt(), "the fifth step: 10 - 4.88 = 5.12");
    assertEquals(5, Cusum.anyStart(z, 5).runAtSignal());
    assertEquals(17, Cusum.cumulative(z, 5).signalAt(), "the eighth step: -10 + 16 = 6");
  }

  @Test
  void anUnchangedPoissonMetricPassesTheLimitOfTheSumSinceAnyStartAtMostWithTheStatedProbability() {
    // the mixture over starts is a nonnegative martingale of mean 1; each term is below it, so the largest
    // term passes ln 100 with probability at most 1%; a restarting chart with that limit far more often
    java.util.SplittableRandom random = new java.util.SplittableRandom(12);
    double h = Math.log(100);
    int alarms = 0;
    int restarting = 0;
    int watches = 20_000;
    for (int w = 0; w < watches; w++) {
      double[] z = unchangedWatch(random);
      if (Cusum.anyStart(z, h).signalAt() >= 0) {
        alarms++;
      }
      if (Cusum.upper(z, 0, h).signalAt() >= 0) {
        restarting++;
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(alarms <= 0.01 * watches, alarms + " alarms");
    org.junit.jupiter.api.Assertions.assertTrue(restarting > 2 * alarms, restarting + " against " + alarms);
  }

  /** Returns the log-likelihood ratios of a 2x rise, y ln 2 - 1, of 120 Poisson(1) samples. */
  private static double[] unchangedWatch(java.util.SplittableRandom random) {
    return unchangedWatch(random, j -> 2);
  }

  /**
   * A watch of 120 Poisson(1) samples, each the log-likelihood ratio {@code y ln r - (r - 1)} of a
   * rise by {@code ratio(j)} at the {@code j}-th sample.
   */
  private static double[] unchangedWatch(java.util.SplittableRandom random, java.util.function.IntToDoubleFunction ratio) {
    double[] z = new double[120];
    for (int j = 0; j < z.length; j++) {
      double r = ratio.applyAsDouble(j);
      z[j] = poisson(random) * Math.log(r) - (r - 1);
    }
    return z;
  }

  /** How many of {@code watches} unchanged watches the sum since the deployment takes past {@code h}. */
  private static int cumulativeAlarms(java.util.SplittableRandom random, int watches, double h,
      java.util.function.IntToDoubleFunction ratio) {
    int alarms = 0;
    for (int w = 0; w < watches; w++) {
      if (Cusum.cumulative(unchangedWatch(random, ratio), h).signalAt() >= 0) {
        alarms++;
      }
    }
    return alarms;
  }

  private static int poisson(java.util.SplittableRandom random) {
    double limit = Math.exp(-1);
    double product = random.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }
}
