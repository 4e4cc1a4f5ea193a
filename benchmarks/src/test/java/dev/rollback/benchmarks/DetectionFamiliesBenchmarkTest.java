package dev.rollback.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.benchmarks.DetectionBenchmark.Cell;
import dev.rollback.spi.Sample;
import java.time.Instant;
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
    assertEquals(List.of("SLO threshold (Flagger)", DetectionFamiliesBenchmark.BURN_RATE_99,
        DetectionFamiliesBenchmark.BURN_RATE_998, "Mann-Whitney (Kayenta)", "CUSUM", "Poisson CUSUM", "restarting charts",
        "since deployment", "since deployment, 24 h history", "default"),
        detectors);
    for (MetricFamily family : MetricFamily.values()) {
      long rows = report.lines().filter(l -> l.startsWith("| " + family.title() + " |")).count();
      assertEquals(1 + detectors.size(), rows, family.title());
    }
    assertTrue(report.contains("\n| all families (without the ambiguous shifts below) |"), report);
    assertTrue(report.contains("\n| level shift upward after the release (ambiguous, not counted above) |"), report);
    assertTrue(report.contains("\n| of the level shift counted above: upward in the 25 samples before the release"
        + " (releases rolled back) |"), report);
    assertTrue(report.contains("\n| promised per 10,000 samples | - | - | - | - | 2.0 | 1.0 | 1.0 | 1.0 | 1.0 | 1.7 |\n"),
        report);
    for (String line : report.lines().filter(l -> l.startsWith("| ")).toList()) {
      int columns = line.split("\\|", -1).length - 2;
      assertTrue(columns == 1 + detectors.size() || columns == 1 + DetectionFamiliesBenchmark.changes().size(), line);
    }
    String poisson = DetectionFamiliesBenchmark.detectionTable(result, DetectionFamiliesBenchmark.POISSON_CUSUM);
    assertTrue(poisson.lines().skip(2).allMatch(l -> l.endsWith("| n/a | n/a |")), "judges errors only:\n" + poisson);
    String burn = DetectionFamiliesBenchmark.detectionTable(result, DetectionFamiliesBenchmark.BURN_RATE_998);
    assertTrue(burn.lines().skip(2).allMatch(l -> l.endsWith("| n/a | n/a |")), "judges errors only:\n" + burn);
  }

  @Test
  void theExperimentsRunOnEveryFamilyAndEachStatesItsPromise() throws InterruptedException {
    DetectionFamiliesBenchmark.Result experiments = DetectionFamiliesBenchmark.run(1, 42,
        List.of(MetricFamily.CLEAN, MetricFamily.WEEKLY_RISING), DetectionFamiliesBenchmark.experiments());
    assertEquals(List.of("restarting charts", DetectionFamiliesBenchmark.ERRORS_ONLY, DetectionFamiliesBenchmark.LATENCY_ONLY,
        DetectionFamiliesBenchmark.PREWHITENED, "since deployment", DetectionFamiliesBenchmark.DAY_BEFORE,
        DetectionFamiliesBenchmark.DAY_BEFORE_LEVEL, DetectionFamiliesBenchmark.WITHOUT_SLOW_RISE), experiments.detectors());
    for (String detector : experiments.detectors()) {
      assertTrue(Double.isFinite(DetectionFamiliesBenchmark.promisedPer10k(detector)), detector);
    }
    String report = DetectionFamiliesBenchmark.report(experiments);
    assertTrue(report.contains("\n| promised per 10,000 samples | 1.0 | 0.5 | 0.5 | 1.0 | 1.0 | 1.0 | 1.0 | 1.3 |\n"), report);
    // one detection table per detector
    for (String detector : experiments.detectors()) {
      assertEquals(1, report.lines().filter(l -> l.startsWith("Detection of real regressions by " + detector + ":"))
          .count(), detector + "\n" + report);
    }
  }

  @Test
  void theLevelShiftsOtherReleasesAreItsCountedReleasesLessThoseShiftedShortlyBefore() {
    String table = DetectionFamiliesBenchmark.falseAlarmTable(result);
    String row = table.lines().filter(l -> l.startsWith("| of the level shift counted above: the other releases |"))
        .findFirst().orElseThrow(() -> new AssertionError(table));
    String[] cells = row.split("\\|", -1);
    for (int d = 0; d < result.detectors().size(); d++) {
      DetectionBenchmark.Cell all = result.cell(MetricFamily.LEVEL_SHIFT, Regression.NONE, result.detectors().get(d));
      DetectionBenchmark.Cell near = result.shortlyBefore()[d];
      assertEquals(DetectionFamiliesBenchmark.falseAlarms(all.detected() - near.detected(),
          all.samples() - near.samples(), all.trials() - near.trials()), cells[2 + d].trim(), row);
    }
    DetectionFamiliesBenchmark.Result without = new DetectionFamiliesBenchmark.Result(result.trials(), result.seed(),
        List.of(MetricFamily.CLEAN), result.detectors(), new Cell[][][] {result.cells()[0]}, result.ambiguous(),
        result.shortlyBefore());
    assertTrue(DetectionFamiliesBenchmark.falseAlarmTable(without).lines().noneMatch(l -> l.contains("other releases")),
        "only with the level-shift family");
  }

  @Test
  void familiesAreNamedByTheirConstantsAndAnUnknownOneIsRefused() {
    assertEquals(List.of(MetricFamily.AR_095, MetricFamily.DRIFT), DetectionFamiliesBenchmark.families("AR_095, DRIFT"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DetectionFamiliesBenchmark.families("AR_095,drift"));
    assertTrue(e.getMessage().startsWith("--families must name MetricFamily constants, comma-separated, but had 'drift'"),
        e.getMessage());
    assertTrue(e.getMessage().contains("LEVEL_SHIFT"), e.getMessage());
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
  void theShiftsShortlyBeforeTheReleaseAreAShareOfTheCountedLevelShiftsAndTheirAlarmsAmongItsAlarms() {
    for (String detector : result.detectors()) {
      Cell all = result.cell(MetricFamily.LEVEL_SHIFT, Regression.NONE, detector);
      Cell before = result.shortlyBefore()[result.detectors().indexOf(detector)];
      assertTrue(before.trials() <= all.trials() && before.detected() <= all.detected()
          && before.samples() <= all.samples(), detector + ": " + before + " within " + all);
    }
    // by the generator: a shift in 25 of 240 places, upward in half; never also upward after the release
    int shortlyBefore = 0;
    for (int trial = 0; trial < 4000; trial++) {
      boolean before = ProductionSeries.shiftsUpShortlyBefore(MetricFamily.LEVEL_SHIFT, 120, 120, new SplittableRandom(trial));
      boolean after = ProductionSeries.shiftsUpAfterRelease(MetricFamily.LEVEL_SHIFT, 120, 120, new SplittableRandom(trial));
      assertTrue(!(before && after), "trial " + trial);
      shortlyBefore += before ? 1 : 0;
      assertTrue(!ProductionSeries.shiftsUpShortlyBefore(MetricFamily.CLEAN, 120, 120, new SplittableRandom(trial)));
    }
    double share = shortlyBefore / 4000.0;
    assertTrue(share > 0.04 && share < 0.065, "share " + share + ", about 25 / 240 / 2 = 0.052");
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

  @Test
  void aHistoryComesBeforeTheTrialAndLeavesItsFourHoursAsTheyWere() {
    Instant start = SyntheticSeries.DEPLOYED.minus(SyntheticSeries.STEP.multipliedBy(120));
    Instant first = start.minus(SyntheticSeries.STEP.multipliedBy(1440));
    for (MetricFamily family : MetricFamily.values()) {
      SyntheticSeries plain = ProductionSeries.generate(family, Regression.ERRORS_2X, 120, 120, new SplittableRandom(5));
      SyntheticSeries with = ProductionSeries.generate(family, Regression.ERRORS_2X, 1440, 120, 120,
          new SplittableRandom(5), new SplittableRandom(6));
      assertEquals(plain.errorRatio(), with.errorRatio().stream().filter(s -> !s.at().isBefore(start)).toList(),
          family.title());
      assertEquals(plain.latency(), with.latency().stream().filter(s -> !s.at().isBefore(start)).toList(), family.title());
      List<Sample> earlier = with.latency().stream().filter(s -> s.at().isBefore(start)).toList();
      assertTrue(earlier.stream().allMatch(s -> !s.at().isBefore(first)), family.title());
      int expected = family == MetricFamily.MISSING_RUNS || family == MetricFamily.LOW_TRAFFIC ? 1000 : 1440;
      assertTrue(earlier.size() >= expected && earlier.size() <= 1440, family.title() + ": " + earlier.size());
    }
    // drawn backwards from the trial's first state, the AR(1) runs on across the history's end: over 200
    // trials the last sample of the history and the first of the baseline correlate as neighbours do (0.95)
    double[] last = new double[200];
    double[] next = new double[200];
    double[] x = new double[0];
    for (int trial = 0; trial < last.length; trial++) {
      SyntheticSeries ar = ProductionSeries.generate(MetricFamily.AR_095, Regression.NONE, 1440, 120, 120,
          new SplittableRandom(trial), new SplittableRandom(-trial - 1));
      x = ar.latency().stream().mapToDouble(s -> Math.log(s.value())).toArray();
      last[trial] = x[1439];
      next[trial] = x[1440];
    }
    assertTrue(correlation(last, next) > 0.85, "across the history's end: " + correlation(last, next));
    assertTrue(lagOneCorrelation(Arrays.copyOf(x, 1440)) > 0.85, "the history is an AR(1) 0.95 too");
  }

  private static double lagOneCorrelationOfLogLatency(MetricFamily family) {
    return lagOneCorrelation(longSeries(family).latency().stream().mapToDouble(Sample::value).map(Math::log).toArray());
  }

  private static double correlation(double[] a, double[] b) {
    double ma = Arrays.stream(a).average().orElseThrow();
    double mb = Arrays.stream(b).average().orElseThrow();
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += (a[i] - ma) * (b[i] - mb);
      aa += (a[i] - ma) * (a[i] - ma);
      bb += (b[i] - mb) * (b[i] - mb);
    }
    return ab / Math.sqrt(aa * bb);
  }

  private static double lagOneCorrelation(double[] x) {
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
