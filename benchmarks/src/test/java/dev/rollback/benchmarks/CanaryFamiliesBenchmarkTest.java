package dev.rollback.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.benchmarks.DetectionBenchmark.Cell;
import dev.rollback.benchmarks.ProductionSeries.CanarySeries;
import dev.rollback.spi.Sample;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Runs the canary comparison at a tiny size: the report's shape and consistency, and the canary trials' character; never rates or speed. */
class CanaryFamiliesBenchmarkTest {
  @Test
  void theReportHasARowPerFamilyAndEveryCellIsConsistent() throws InterruptedException {
    CanaryFamiliesBenchmark.Result result = CanaryFamiliesBenchmark.run(2, 42, List.of(MetricFamily.values()));
    String report = CanaryFamiliesBenchmark.report(result);
    for (MetricFamily family : MetricFamily.values()) {
      assertEquals(1, report.lines().filter(l -> l.startsWith("| " + family.title() + " |")).count(), family.title());
    }
    assertTrue(report.contains("\n| all families | "), report);
    assertTrue(report.contains("\n| of the level shift: upward after the release (counted above) | "), report);
    assertTrue(report.contains("\n| promised per 10,000 samples | 0.67 |"), report);
    for (String line : report.lines().filter(l -> l.startsWith("| ")).toList()) {
      assertEquals(2 + CanaryFamiliesBenchmark.REGRESSIONS.size(), line.split("\\|", -1).length - 2, line);
    }
    for (Cell[] row : result.cells()) {
      for (Cell c : row) {
        assertEquals(2, c.trials());
        assertTrue(c.detected() <= c.trials() && c.delays().length == c.detected(), c.toString());
        assertTrue(c.samples() > 0 && c.samples() <= 2L * DetectionBenchmark.HORIZON, c.toString());
      }
    }
  }

  @Test
  void theCanaryAndTheControlShareTheFamilysMovesAndOnlyTheCanaryRegresses() {
    // the traffic split evenly: about 100 requests a minute each, at the clean 0.5% without a change
    double[] none = means(MetricFamily.CLEAN, Regression.NONE, 0, 120);
    assertEquals(0.005, none[0], 0.0005);
    assertEquals(0.005, none[1], 0.0005);
    assertEquals(100 / 60.0, none[2], 0.05);
    assertEquals(100 / 60.0, none[3], 0.05);
    double[] doubled = means(MetricFamily.CLEAN, Regression.ERRORS_2X, 0, 120);
    assertEquals(2, doubled[0] / doubled[1], 0.2, "only the canary's errors double");
    // on the falling slope of a daily cycle both versions' error ratios fall over the 2 h, together
    double[] first = means(MetricFamily.DAILY_FALLING, Regression.NONE, 0, 30);
    double[] last = means(MetricFamily.DAILY_FALLING, Regression.NONE, 90, 120);
    assertTrue(last[0] / first[0] < 0.93, "canary " + last[0] / first[0]);
    assertTrue(last[1] / first[1] < 0.93, "control " + last[1] / first[1]);
    // at low traffic each version sees about 1.5 requests a minute: most ratios are 0
    CanarySeries low = ProductionSeries.canary(MetricFamily.LOW_TRAFFIC, Regression.NONE, 120, 120,
        new SplittableRandom(5));
    long zeros = low.errorRatio().stream().filter(s -> s.value() == 0).count();
    assertTrue(zeros > 0.9 * low.errorRatio().size(), zeros + " of " + low.errorRatio().size());
  }

  /** The mean of each of the four series over samples {@code from} to {@code to} after the release, over 100 trials. */
  private static double[] means(MetricFamily family, Regression regression, int from, int to) {
    double[] sums = new double[4];
    int[] counts = new int[4];
    for (int trial = 0; trial < 100; trial++) {
      CanarySeries series = ProductionSeries.canary(family, regression, 120, 120, new SplittableRandom(1000 + trial));
      List<List<Sample>> four = List.of(series.errorRatio(), series.controlErrorRatio(), series.requests(),
          series.controlRequests());
      for (int m = 0; m < 4; m++) {
        for (Sample s : four.get(m)) {
          long minute = java.time.Duration.between(SyntheticSeries.DEPLOYED, s.at()).toMinutes();
          if (minute >= from && minute < to) {
            sums[m] += s.value();
            counts[m]++;
          }
        }
      }
    }
    double[] means = new double[4];
    for (int m = 0; m < 4; m++) {
      means[m] = sums[m] / counts[m];
    }
    return means;
  }
}
