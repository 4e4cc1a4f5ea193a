package dev.rollback.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.internal.format.Redaction;
import dev.rollback.core.postmortem.Postmortem;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the redaction benchmark at smoke size, in this JVM, and checks what it measures; never its speed. */
class RedactionBenchmarkTest {

  @Test
  void theInputsHaveTheirSizeAndTheDraftKeepsABoundedCause() {
    for (String shape : new String[] {"log", "adversarial"}) {
      String text = RedactionBenchmark.text(shape, 1 << 20);
      assertEquals(1 << 20, text.length());
      assertTrue(Redaction.text(text).length() <= Redaction.LIMIT, shape);
      Postmortem pm = Postmortem.of(RedactionBenchmark.runFailingWith(text));
      String cause = pm.timeline().stream().map(Postmortem.TimelineRow::cause).filter(c -> c != null)
          .findFirst().orElseThrow();
      assertTrue(cause.length() <= Redaction.LIMIT, shape + ": " + cause.length());
      assertTrue(cause.endsWith(" characters in all, the rest cut]"), shape);
    }
    String log = Redaction.whole(RedactionBenchmark.text("log", 64 * 1024));
    assertFalse(log.contains("abc def") || log.contains("pa55") || log.contains("c2ln"), "secrets are redacted");
  }

  @Test
  void aShortInProcessRunGivesAPositiveScorePerBenchmark() throws RunnerException {
    Options options = new OptionsBuilder()
        .include(RedactionBenchmark.class.getName() + "\\.")
        .param("size", "1024")
        .param("shape", "adversarial")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(300))
        .timeUnit(TimeUnit.MICROSECONDS)
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    assertEquals(3, results.size(), "whole, field and draft");
    for (RunResult r : results) {
      double score = r.getPrimaryResult().getScore();
      assertTrue(score > 0 && Double.isFinite(score), r.getParams().getBenchmark() + ": " + score);
    }
  }
}
