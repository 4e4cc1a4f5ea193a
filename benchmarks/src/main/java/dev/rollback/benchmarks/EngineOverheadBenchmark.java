package dev.rollback.benchmarks;

import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunOutcome;
import dev.rollback.testkit.VirtualTime;
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
 * Engine overhead: one whole run, Start to End, on adapters that answer at once and on virtual
 * time, per outcome. What is measured is the engine alone: graph walk, journal, notifications,
 * deadlines, result. Run with {@code -prof gc} for the allocation per run.
 */
@SuppressWarnings("NullAway.Init") // JMH initialises the state in @Setup
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineOverheadBenchmark {
  private static final DeploymentRef CHECKOUT = DeploymentRef.of("prod-eu-1", "shop", "checkout");
  private static final Trigger TRIGGER = Trigger.manual("bench@example.com", "engine overhead");

  @Param({"ROLLED_BACK", "MANUAL_NEEDED", "ROLLBACK_FAILED", "NEEDS_ATTENTION"})
  public RunOutcome outcome;

  /** Whether the terminal notification carries the rendered postmortem draft (the default). */
  @Param({"true", "false"})
  public boolean draft;

  private VirtualTime time;
  private RollbackEngine engine;

  @Setup
  public void setUp() {
    time = VirtualTime.create();
    InstantAdapters adapters = new InstantAdapters(outcome);
    engine = RollbackEngine.builder()
        .versionRegistry(adapters)
        .clusterDriver(adapters)
        .smokeTester(adapters)
        .notifier(adapters)
        .scheduler(time)
        .adapterExecutor(time.executor())
        .attachPostmortemDraft(draft)
        .build();
  }

  /** One whole run. */
  @Benchmark
  public RunResult run() {
    RunResult result = time.runUntil(engine.start(CHECKOUT, TRIGGER));
    if (result.outcome() != outcome) {
      throw new IllegalStateException("expected " + outcome + " but the run ended " + result.outcome());
    }
    return result;
  }
}
