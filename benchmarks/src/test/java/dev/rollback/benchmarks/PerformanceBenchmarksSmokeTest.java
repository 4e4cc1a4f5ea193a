package dev.rollback.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Seconds-long runs of the performance benchmarks, so they never rot. The figures live in
 * BENCHMARKS.md; these tests check the programs run and their results make sense, not speed.
 */
class PerformanceBenchmarksSmokeTest {

  private static Collection<RunResult> jmh(Class<?> benchmark) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(benchmark.getName())
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200))
        .shouldFailOnError(true)
        .build();
    return new Runner(options).run();
  }

  @Test
  void engineOverheadRunsEveryOutcomeWithAndWithoutTheDraft() throws RunnerException {
    Collection<RunResult> results = jmh(EngineOverheadBenchmark.class);
    assertEquals(8, results.size(), "4 outcomes x draft on/off");
    for (RunResult r : results) {
      assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString());
    }
  }

  @Test
  void monitoringCostJudgesWithEveryDetector() throws RunnerException {
    Collection<RunResult> results = jmh(MonitoringCostBenchmark.class);
    assertEquals(5, results.size());
    for (RunResult r : results) {
      assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString());
    }
  }

  @Test
  void scaleRunsEveryRunToTheEndWithoutAThreadPerWaitingRun() throws Exception {
    List<ScaleBenchmark.Row> rows = ScaleBenchmark.run(new int[] {1, 200}, Duration.ofMillis(300));
    assertEquals(ScaleBenchmark.virtualThreadsAvailable() ? 6 : 4, rows.size(), rows.toString());
    for (ScaleBenchmark.Row row : rows) {
      assertEquals(row.runs(), row.rolledBack(), row.toString());
      assertTrue(row.peakHeapMb() >= row.waitingHeapMb() && row.peakHeapMb() > 0, row.toString());
    }
    ScaleBenchmark.Row real = rows.get(3);
    assertEquals(200, real.runs());
    assertTrue(real.threadsAdded() <= 8, "200 waiting runs on 1+4 threads, not one each: " + real);
    assertFalse(rows.get(1).wallMillis() > 60_000, "virtual time does not wait for real: " + rows.get(1));
  }
}
