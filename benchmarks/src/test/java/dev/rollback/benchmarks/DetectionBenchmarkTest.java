package dev.rollback.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
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
    assertEquals("| scenario | SLO threshold (Flagger) | Mann-Whitney (Kayenta) | CUSUM | default | since deployment | since deployment, 24 h history |",
        lines.get(0));
    for (String line : lines) {
      assertEquals(8, line.split("\\|", -1).length - 1, "7 columns: " + line);
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
