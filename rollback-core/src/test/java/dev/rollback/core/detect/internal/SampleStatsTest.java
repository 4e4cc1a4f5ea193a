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

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
