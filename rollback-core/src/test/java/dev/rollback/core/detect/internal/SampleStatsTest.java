package dev.rollback.core.detect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The long-run variance and its parts against values worked out by hand, and on a simulated AR(1). */
class SampleStatsTest {

  @Test
  void lagOneAutocorrelationOfKnownSeries() {
    // 1..4: deviations -1.5 -0.5 0.5 1.5; sum of products 0.75 - 0.25 + 0.75 = 1.25; of squares 5
    assertEquals(0.25, SampleStats.lagOneAutocorrelation(new double[] {1, 2, 3, 4}), 1e-12);
    // alternating: five products of -1 over six squares of 1
    assertEquals(-5.0 / 6, SampleStats.lagOneAutocorrelation(new double[] {1, -1, 1, -1, 1, -1}), 1e-12);
    assertEquals(0, SampleStats.lagOneAutocorrelation(new double[] {3, 3, 3, 3}));
    assertEquals(0, SampleStats.lagOneAutocorrelation(new double[] {1, 2}));
  }

  @Test
  void batchMeansVarianceIsTheBatchLengthTimesTheVarianceOfTheBatchMeans() {
    // batches of 2: means 1.5, 3.5, 5.5, variance 4, times 2
    assertEquals(8, SampleStats.batchMeansVariance(new double[] {1, 2, 3, 4, 5, 6}, 2), 1e-12);
    // a remainder is left out
    assertEquals(8, SampleStats.batchMeansVariance(new double[] {1, 2, 3, 4, 5, 6, 100}, 2), 1e-12);
    assertEquals(0, SampleStats.batchMeansVariance(new double[] {1, 2, 3}, 2), "one batch");
    assertThrows(IllegalArgumentException.class, () -> SampleStats.batchMeansVariance(new double[] {1}, 0));
  }

  @Test
  void longRunVarianceTakesTheLargestEstimate() {
    // alternating +-1, 16 values: negative correlation and equal batch means leave the variance, 16/15
    double[] alternating = new double[16];
    for (int i = 0; i < alternating.length; i++) {
      alternating[i] = i % 2 == 0 ? 1 : -1;
    }
    assertEquals(16.0 / 15, SampleStats.longRunVariance(alternating), 1e-12);
    // a level shift in the middle: 8 zeros, 8 ones. Variance 4/15; r = 3.25 / 4 = 0.8125, so the
    // AR(1) estimate is 4/15 * 1.8125 / 0.1875 = 2.5778; batch means of 4 (0, 0, 1, 1) give 4/3
    double[] shift = new double[16];
    for (int i = 8; i < 16; i++) {
      shift[i] = 1;
    }
    assertEquals(4.0 / 15 * 1.8125 / 0.1875, SampleStats.longRunVariance(shift), 1e-12);
  }

  @Test
  void onAnAr1TheLongRunVarianceIsCloseToItsTheoreticalValue() {
    // AR(1) with phi 0.5 and unit innovations: variance 4/3, long-run variance 1 / (1 - phi)^2 = 4
    SplittableRandom random = new SplittableRandom(7);
    double[] x = new double[20_000];
    double prev = 0;
    for (int i = 0; i < x.length; i++) {
      prev = 0.5 * prev + gaussian(random);
      x[i] = prev;
    }
    double lrv = SampleStats.longRunVariance(x);
    assertTrue(lrv > 3.6 && lrv < 4.6, "long-run variance " + lrv);
    double sd = SampleStats.standardDeviation(x);
    assertTrue(Math.abs(sd * sd - 4.0 / 3) < 0.1, "variance " + sd * sd);
  }

  @Test
  void theSplitDispersionComparesHowFarTheMeansMovedWithTheirNoise() {
    // before 2, after 1, over {0, 0, 0, 3}: the splits at 2 and 3. At 2: D = 0 - 0, w = var(0, 0, 0) = 0.
    // At 3: D = 3 - 0 = 3, w = var(0, 0, 3) = 3. Sum D^2 = 9 over sum w (1 + 1/2) = 4.5: 2
    assertEquals(2.0, SampleStats.splitDispersion(new double[] {0, 0, 0, 3}, 2, 1), 1e-12);
    // the same split of {0, 0, 1, 1} with before 1, after 1: D = 0, 1, 0; w = 0, 1/2, 0: 1 / (1/2 * 2)
    assertEquals(1.0, SampleStats.splitDispersion(new double[] {0, 0, 1, 1}, 1, 1), 1e-12);
    assertTrue(Double.isNaN(SampleStats.splitDispersion(new double[] {1, 2}, 2, 1)), "too short");
    assertTrue(Double.isNaN(SampleStats.splitDispersion(new double[] {5, 5, 5, 5}, 2, 1)), "no variation");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SampleStats.splitDispersion(new double[4], 0, 1));
    assertEquals("before and after must be >= 1 but were 0 and 1", e.getMessage());
  }

  @Test
  void theSplitDispersionIsOneForIndependentValuesAndTheLongRunRatioForAnAr1() {
    SplittableRandom random = new SplittableRandom(11);
    double[] independent = new double[20_000];
    double[] ar1 = new double[20_000];
    double prev = 0;
    for (int i = 0; i < ar1.length; i++) {
      independent[i] = 10 + gaussian(random);
      prev = 0.5 * prev + gaussian(random);
      ar1[i] = prev;
    }
    double clean = SampleStats.splitDispersion(independent, 120, 30);
    assertTrue(clean > 0.9 && clean < 1.1, "independent: " + clean);
    // phi 0.5: (1 + phi) / (1 - phi) = 3, less the finite windows' share (Var(D) = 0.1192 sigma^2
    // against 0.0417 sigma^2 times a local variance 2% low): about 2.92
    double wandering = SampleStats.splitDispersion(ar1, 120, 30);
    assertTrue(wandering > 2.6 && wandering < 3.2, "AR(1) 0.5: " + wandering);
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
