package dev.rollback.micrometer.internal;

import dev.rollback.core.detect.Judgement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meter of the monitor's judgements: one timer, counting them by detector, verdict and
 * decision and timing them on the engine's scheduler clock. Judgements are not traced: one per
 * watched deployment every interval would bury the rollbacks' traces. Thread-safe.
 */
final class JudgementMeters {
  static final String JUDGEMENTS = "rollback.monitor.judgements";

  private final MeterRegistry registry;

  JudgementMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void on(Judgement judgement) {
    Timer.builder(JUDGEMENTS)
        .description("Judgements of watched deployments, by detector, verdict (FAILED: none was trusted) and decision")
        .tags("detector", judgement.detector(),
            "verdict", TagValues.verdict(judgement.result()),
            "decision", TagValues.decision(judgement.result()))
        .register(registry)
        .record(judgement.duration());
  }
}
