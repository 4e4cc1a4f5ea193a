package dev.rollback.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.spi.RunOutcome;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the postmortem benchmark at smoke size, in this JVM, so that it never rots. */
class PostmortemBenchmarkTest {

  @Test
  void everyOutcomeRendersAMarkdownDocument() {
    for (RunOutcome outcome : RunOutcome.values()) {
      String md = Postmortem.of(PostmortemBenchmark.run(outcome)).markdown();
      assertTrue(md.startsWith("# Postmortem: "), outcome + ": " + md.lines().findFirst().orElse(""));
    }
  }

  @Test
  void aShortInProcessRunGivesAPositiveScorePerBenchmark() throws RunnerException {
    Options options = new OptionsBuilder()
        .include(PostmortemBenchmark.class.getName() + "\\.")
        .param("outcome", "ROLLBACK_FAILED")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(500))
        .timeUnit(TimeUnit.MICROSECONDS)
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    assertEquals(2, results.size(), "markdown and json");
    for (RunResult r : results) {
      double score = r.getPrimaryResult().getScore();
      assertTrue(score > 0 && Double.isFinite(score), r.getParams().getBenchmark() + ": " + score);
    }
  }
}
