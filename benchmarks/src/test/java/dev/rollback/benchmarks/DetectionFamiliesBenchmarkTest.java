package dev.rollback.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.benchmarks.DetectionBenchmark.Cell;
import dev.rollback.spi.Sample;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the production-like families at a tiny size: the report's shape and consistency, never speed or rates. */
class DetectionFamiliesBenchmarkTest {
  private static final int TRIALS = 2;
  private static DetectionFamiliesBenchmark.Result result;

  @BeforeAll
  static void run() throws InterruptedException {
    result = DetectionFamiliesBenchmark.run(TRIALS, 42, List.of(MetricFamily.values()));
  }

  @Test
  void theReportHasEveryFamilyInTheFalseAlarmTableAndInOneDetectionTablePerDetector() {
    String report = DetectionFamiliesBenchmark.report(result);
    List<String> detectors = result.detectors();
    assertEquals(List.of("SLO threshold (Flagger)", "Mann-Whitney (Kayenta)", "CUSUM", "Poisson CUSUM", "default", "since deployment"),
        detectors);
    for (MetricFamily family : MetricFamily.values()) {
      long rows = report.lines().filter(l -> l.startsWith("| " + family.title() + " |")).count();
      assertEquals(1 + detectors.size(), rows, family.title());
    }
    assertTrue(report.contains("\n| all families (without the ambiguous shifts below) |"), report);
    assertTrue(report.contains("\n| level shift upward after the release (ambiguous, not counted above) |"), report);
    assertTrue(report.contains("\n| promised per 10,000 samples | - | - | 2.0 | 1.0 | 1.0 |"), report);
    for (String line : report.lines().filter(l -> l.startsWith("| ")).toList()) {
      int columns = line.split("\\|", -1).length - 2;
      assertTrue(columns == 1 + detectors.size() || columns == 1 + DetectionFamiliesBenchmark.changes().size(), line);
    }
    String poisson = DetectionFamiliesBenchmark.detectionTable(result, DetectionFamiliesBenchmark.POISSON_CUSUM);
    assertTrue(poisson.lines().skip(2).allMatch(l -> l.endsWith("| n/a | n/a |")), "judges errors only:\n" + poisson);
  }

  @Test
  void everyCellIsConsistent() {
    for (MetricFamily family : result.families()) {
      for (Regression regression : Regression.values()) {
        for (String detector : result.detectors()) {
          if (!result.applies(regression, detector)) {
            continue;
          }
          Cell c = result.cell(family, regression, detector);
          String where = family.title() + " / " + regression.title() + " / " + detector;
          int apart = family == MetricFamily.LEVEL_SHIFT && regression == Regression.NONE
              ? result.ambiguous()[result.detectors().indexOf(detector)].trials() : 0;
          assertEquals(TRIALS, c.trials() + apart, "counted and ambiguous trials: " + where);
          assertTrue(c.detectionRate() >= 0 && c.detectionRate() <= 1, where);
          assertEquals(c.detected(), c.delays().length, where);
          for (int i = 0; i < c.delays().length; i++) {
            assertTrue(c.delays()[i] >= 1 && c.delays()[i] <= DetectionBenchmark.HORIZON, where);
            assertTrue(i == 0 || c.delays()[i - 1] <= c.delays()[i], "sorted: " + where);
          }
          assertTrue(c.medianDelay() <= c.p90Delay(), where);
          assertTrue(c.samples() >= c.detected() && c.samples() <= (long) TRIALS * DetectionBenchmark.HORIZON, where);
        }
      }
    }
  }

  @Test
  void theFamiliesHaveTheCharacterTheyAreNamedFor() {
    assertTrue(lagOneCorrelationOfLogLatency(MetricFamily.AR_095) > 0.85, "AR(1) 0.95");
    assertTrue(lagOneCorrelationOfLogLatency(MetricFamily.AR_05) > 0.35, "AR(1) 0.5");
    assertTrue(Math.abs(lagOneCorrelationOfLogLatency(MetricFamily.CLEAN)) < 0.15, "clean");
    SyntheticSeries gaps = longSeries(MetricFamily.MISSING_RUNS);
    double missing = 1 - gaps.latency().size() / (double) (120 + 4000);
    assertTrue(missing > 0.1 && missing < 0.25, "missing share " + missing);
    SyntheticSeries low = longSeries(MetricFamily.LOW_TRAFFIC);
    long zeros = low.errorRatio().stream().filter(s -> s.value() == 0).count();
    assertTrue(zeros > 0.9 * low.errorRatio().size(), "mostly 0: " + zeros + " of " + low.errorRatio().size());
  }

  private static double lagOneCorrelationOfLogLatency(MetricFamily family) {
    double[] x = longSeries(family).latency().stream().mapToDouble(Sample::value).map(Math::log).toArray();
    double mean = Arrays.stream(x).average().orElseThrow();
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      den += (x[i] - mean) * (x[i] - mean);
      if (i > 0) {
        num += (x[i] - mean) * (x[i - 1] - mean);
      }
    }
    return num / den;
  }

  private static SyntheticSeries longSeries(MetricFamily family) {
    return ProductionSeries.generate(family, Regression.NONE, 120, 4000, new SplittableRandom(3));
  }
}
