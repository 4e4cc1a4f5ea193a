package dev.rollback.benchmarks;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.spi.RunOutcome;
import dev.rollback.testkit.Behavior;
import dev.rollback.testkit.Op;
import dev.rollback.testkit.TestRig;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Postmortem cost: building the postmortem of a finished run ({@link Postmortem#of}) and rendering
 * it as Markdown (what the on-call notification carries) or as JSON (what publishers get), per
 * outcome, on the testkit's scripted runs (the runs of the postmortem golden files). Run with
 * {@code -prof gc} for the allocation per document.
 */
@SuppressWarnings("NullAway.Init") // JMH initialises the state in @Setup
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PostmortemBenchmark {
  private static final Trigger DETECTED = Trigger.detected(new Finding(
      "slo-threshold",
      "error_ratio above 0.01 for 3 consecutive samples",
      List.of(new Evidence("error_ratio", "error_ratio > 0.01 for 3 consecutive samples", 0.052, 0.01,
          "error ratio 5.2% is above the 1% limit for the last 3 samples")),
      Instant.parse("2025-12-31T23:58:30Z"),
      Instant.parse("2025-12-31T23:59:30Z")));
  private static final Trigger MANUAL = Trigger.manual("jane@example.com", "checkout 5xx after v2");

  @Param({"ROLLED_BACK", "MANUAL_NEEDED", "ROLLBACK_FAILED", "NEEDS_ATTENTION"})
  public RunOutcome outcome;

  private RunResult result;

  @Setup
  public void setUp() {
    result = run(outcome);
  }

  /** Returns the run of {@code outcome} on a fresh testkit rig: detected for two outcomes, manual for two. */
  static RunResult run(RunOutcome outcome) {
    TestRig rig = TestRig.create();
    switch (outcome) {
      case ROLLED_BACK -> {}
      case MANUAL_NEEDED -> rig.script().then(Op.PREVIOUS_STABLE, Behavior.answerNo());
      case ROLLBACK_FAILED -> rig.script().then(Op.POD_HEALTH, Behavior.answerNo());
      case NEEDS_ATTENTION -> rig.script().then(Op.SMOKE, Behavior.answerNo());
    }
    Trigger trigger = outcome == RunOutcome.ROLLED_BACK || outcome == RunOutcome.ROLLBACK_FAILED ? DETECTED : MANUAL;
    RunResult result = rig.run(trigger);
    if (result.outcome() != outcome) {
      throw new IllegalStateException("expected " + outcome + " but the run ended " + result.outcome());
    }
    return result;
  }

  /** Builds the postmortem and renders it as Markdown: the draft attached to the on-call notification. */
  @Benchmark
  public String markdown() {
    return Postmortem.of(result).markdown();
  }

  /** Builds the postmortem and renders it as JSON: what the publishers get at End. */
  @Benchmark
  public String json() {
    return Postmortem.of(result).json();
  }
}
