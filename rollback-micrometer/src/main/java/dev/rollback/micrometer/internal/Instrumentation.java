package dev.rollback.micrometer.internal;

import dev.rollback.core.RunEvent;
import dev.rollback.core.RunListener;
import dev.rollback.core.detect.Judgement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.Consumer;

/**
 * The listeners of one binding: runs' meters and observations, and judgements' meters, each
 * concern behind its own {@link Guard}, so a registry or handler that throws costs only its own
 * concern one event and never reaches the engine or the monitor. Thread-safe.
 */
public final class Instrumentation {
  private final RunMeters runMeters;
  private final RunTraces runTraces;
  private final JudgementMeters judgementMeters;
  private final Guard metrics = new Guard("metrics");
  private final Guard traces = new Guard("traces");
  private final RunListener runListener = this::onRunEvent;
  private final Consumer<Judgement> judgementListener = this::onJudgement;

  /** Binds to {@code meters} and {@code observations}, registering the gauge of runs in progress. */
  public Instrumentation(MeterRegistry meters, ObservationRegistry observations) {
    this.runMeters = new RunMeters(meters);
    this.runTraces = new RunTraces(observations);
    this.judgementMeters = new JudgementMeters(meters);
    metrics.run("binding", runMeters::bind);
  }

  /** Returns the engine's listener. */
  public RunListener runListener() {
    return runListener;
  }

  /** Returns the monitor's judgement listener. */
  public Consumer<Judgement> judgementListener() {
    return judgementListener;
  }

  private void onRunEvent(RunEvent event) {
    metrics.run(event.getClass().getSimpleName(), () -> runMeters.on(event));
    traces.run(event.getClass().getSimpleName(), () -> runTraces.on(event));
  }

  private void onJudgement(Judgement judgement) {
    metrics.run("a judgement", () -> judgementMeters.on(judgement));
  }
}
