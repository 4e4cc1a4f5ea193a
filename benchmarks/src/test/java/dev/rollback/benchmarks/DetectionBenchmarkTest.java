package dev.rollback.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Runs the benchmark at a small size: the table's shape and a few facts that must hold at any size. */
class DetectionBenchmarkTest {

  @Test
  void aSmallRunPrintsOneRowPerScenarioAndOneColumnPerDetector() throws InterruptedException {
    DetectionBenchmark.Result result = DetectionBenchmark.run(8, 42);
    String table = DetectionBenchmark.table(result);
    List<String> lines = table.lines().toList();
    assertEquals(2 + Scenario.all().size() + 1, lines.size(), table);
    assertEquals("| scenario | SLO threshold (Flagger) | Mann-Whitney (Kayenta) | CUSUM | restarting charts | since deployment"
        + " | since deployment, 24 h history | default |", lines.get(0));
    for (String line : lines) {
      assertEquals(9, line.split("\\|", -1).length - 1, "8 columns: " + line);
    }
    assertTrue(lines.get(lines.size() - 1).startsWith("| false alarms per 10,000 no-change samples |"));

    Scenario tenfold = Scenario.all().get(2);
    DetectionBenchmark.Cell fast = result.cell(tenfold, "default");
    assertEquals(1.0, fast.detectionRate(), "a 10x error step is always caught");
    assertTrue(fast.medianDelay() <= 4, "within a few samples: " + fast.medianDelay());
    DetectionBenchmark.Cell slo = result.cell(tenfold, "SLO threshold (Flagger)");
    assertEquals(5, slo.medianDelay(), "5 consecutive breaches take 5 samples");
    for (Scenario s : Scenario.all()) {
      for (String d : result.detectors()) {
        DetectionBenchmark.Cell c = result.cell(s, d);
        assertTrue(c.medianDelay() <= c.p90Delay(), s.name() + " / " + d);
        assertTrue(c.samples() <= 8L * DetectionBenchmark.HORIZON);
      }
    }
  }

  @Test
  void aScenarioRunAloneHasTheTrialsItHasInTheWholeRun() throws InterruptedException {
    DetectionBenchmark.Result whole = DetectionBenchmark.run(6, 7);
    DetectionBenchmark.Result alone = DetectionBenchmark.run(6, 7, "0.5% -> 2% (4x)");

    Scenario fourfold = Scenario.all().get(1);
    assertEquals(List.of(fourfold), alone.scenarios());
    for (String d : whole.detectors()) {
      DetectionBenchmark.Cell a = alone.cell(fourfold, d);
      DetectionBenchmark.Cell w = whole.cell(fourfold, d);
      assertEquals(w.detected(), a.detected(), d);
      assertArrayEquals(w.delays(), a.delays(), d);
      assertEquals(w.samples(), a.samples(), d);
    }
  }

  @Test
  void aRunWithoutANoChangeScenarioPrintsNoFalseAlarmFigure() throws InterruptedException {
    String table = DetectionBenchmark.table(DetectionBenchmark.run(2, 7, "(10x)"));
    List<String> lines = table.lines().toList();
    assertEquals(4, lines.size(), table);
    assertEquals("| false alarms per 10,000 no-change samples | - | - | - | - | - | - | - |", lines.get(3));
  }

  @Test
  void theExperimentsAddTheDefaultWithoutItsSlowRiseTestBesideTheContestants() throws InterruptedException {
    DetectionBenchmark.Result result = DetectionBenchmark.run(2, 7, "(10x)", DetectionBenchmark.withExperiments());
    List<String> expected = new java.util.ArrayList<>(Contestants.all().keySet());
    expected.add(DetectionFamiliesBenchmark.WITHOUT_SLOW_RISE);
    assertEquals(expected, result.detectors());
    // a 10x step is caught by the default's step tests within a few samples, without the slow-rise test too
    DetectionBenchmark.Cell cell = result.cell(result.scenarios().get(0), DetectionFamiliesBenchmark.WITHOUT_SLOW_RISE);
    assertEquals(2, cell.detected());
    assertTrue(cell.medianDelay() < 10, "median " + cell.medianDelay());
  }

  @Test
  void theMissedTableCountsWhatTheRoundedRatesHideAndLeavesOutTheNoChangeRows() {
    Scenario doubling = Scenario.all().stream().filter(s -> s.name().contains("(2x)")).findFirst().orElseThrow();
    Scenario unchanged = Scenario.all().stream().filter(Scenario::noChange).findFirst().orElseThrow();
    DetectionBenchmark.Cell[][] cells = {
        {new DetectionBenchmark.Cell(2000, 3, delays(3), 0), new DetectionBenchmark.Cell(2000, 0, delays(0), 0)},
        {new DetectionBenchmark.Cell(2000, 1976, delays(1976), 0), new DetectionBenchmark.Cell(2000, 2000, delays(2000), 0)}};
    String table = DetectionBenchmark.missed(
        new DetectionBenchmark.Result(List.of(unchanged, doubling), List.of("a", "b"), cells));
    assertEquals(List.of("| missed within the horizon (of the trials) | a | b |", "|---|---|---|",
        "| " + doubling.name() + " | 24 of 2000 | 0 of 2000 |"), table.lines().toList());
    assertEquals("99% (5/5)", DetectionBenchmark.detection(cells[1][0]), "the rate that hides the 24");
  }

  @Test
  void aRateShortOfAllOrAboveNoneNeverRoundsToIt() {
    assertEquals("99.9% (5/5)", DetectionBenchmark.detection(new DetectionBenchmark.Cell(2000, 1999, delays(1999), 0)));
    assertEquals("99.5% (5/5)", DetectionBenchmark.detection(new DetectionBenchmark.Cell(200, 199, delays(199), 0)));
    assertEquals("99% (5/5)", DetectionBenchmark.detection(new DetectionBenchmark.Cell(2000, 1978, delays(1978), 0)));
    assertEquals("100% (5/5)", DetectionBenchmark.detection(new DetectionBenchmark.Cell(2000, 2000, delays(2000), 0)));
    assertEquals("0.1% (5/5)", DetectionBenchmark.detection(new DetectionBenchmark.Cell(2000, 1, delays(1), 0)));
    assertEquals("0% (-/-)", DetectionBenchmark.detection(new DetectionBenchmark.Cell(2000, 0, delays(0), 0)));
  }

  private static int[] delays(int n) {
    int[] delays = new int[n];
    Arrays.fill(delays, 5);
    return delays;
  }

  @Test
  void aScenarioNoNameContainsIsRefusedWithTheNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DetectionBenchmark.run(1, 1, "(3x)"));
    assertTrue(e.getMessage().startsWith("--scenario must be part of a scenario's name but was '(3x)'"),
        e.getMessage());
    assertTrue(e.getMessage().contains("error ratio 0.5% -> 1% (2x)"), e.getMessage());
  }

  @Test
  void aHistoryComesBeforeTheBaselineAndLeavesTheTrialAsItWas() {
    Instant start = SyntheticSeries.DEPLOYED.minus(SyntheticSeries.STEP.multipliedBy(120));
    for (Scenario scenario : Scenario.all()) {
      SyntheticSeries plain = SyntheticSeries.generate(scenario, 120, 120, new SplittableRandom(9));
      SyntheticSeries with = SyntheticSeries.generate(scenario, 1440, 120, 120, new SplittableRandom(9),
          new SplittableRandom(10));
      assertEquals(plain.errorRatio(), with.errorRatio().stream().filter(s -> !s.at().isBefore(start)).toList());
      assertEquals(plain.latency(), with.latency().stream().filter(s -> !s.at().isBefore(start)).toList());
      long earlier = with.errorRatio().stream().filter(s -> s.at().isBefore(start)).count();
      assertTrue(earlier <= 1440 && earlier >= 1440 * (1 - scenario.missing()) * 0.9, scenario + ": " + earlier);
    }
  }
}
