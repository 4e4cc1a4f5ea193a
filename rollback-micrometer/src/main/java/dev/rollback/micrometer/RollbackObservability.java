package dev.rollback.micrometer;

import dev.rollback.core.RunListener;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.Judgement;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.micrometer.internal.Instrumentation;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Binds rollback runs and monitor judgements to Micrometer: meters on a {@link MeterRegistry}, and
 * observations on an {@link ObservationRegistry} (a trace per run with a span per step when
 * micrometer-tracing is on the classpath). Build one per application and hand its listeners to the
 * engine and the monitor:
 *
 * <pre>{@code
 * RollbackObservability observability = RollbackObservability.builder()
 *     .meterRegistry(meterRegistry)
 *     .observationRegistry(observationRegistry)
 *     .build();
 * RollbackEngine engine = RollbackEngine.builder() ... .listener(observability.runListener()).build();
 * DeploymentMonitor monitor = DeploymentMonitor.builder() ... .onJudgement(observability.judgementListener()).build();
 * }</pre>
 *
 * <p>Meters (Prometheus names in brackets; durations in seconds): {@code rollback.runs.started}
 * (trigger), {@code rollback.runs.resumed} (node), {@code rollback.runs.ended} (outcome), {@code
 * rollback.runs.stopped}, the gauge {@code rollback.runs.active}, the timers {@code
 * rollback.run.duration} (outcome), {@code rollback.step.duration} (node, lane, result), {@code
 * rollback.detection.latency} (detector: first bad sample to finding) and {@code
 * rollback.traffic.restore.latency} (detector: finding to traffic on the previous version), the
 * counters {@code rollback.notification.attempts} and {@code rollback.notification.failures}
 * (notifier, audience, kind), {@code rollback.postmortem.published} and {@code
 * rollback.postmortem.failures} (publisher), {@code rollback.leases.lost}, and the timer {@code
 * rollback.monitor.judgements} (detector, verdict, decision). Their durations are the engine's own,
 * on its scheduler clock, as in the run's journal. Tags are low-cardinality: never a run id, a
 * version or a deployment.
 *
 * <p>Observations: {@code rollback.run} with low-cardinality keys {@code trigger}, {@code resumed}
 * and {@code outcome} ({@code STOPPED} when the run stopped in this engine without reaching End)
 * and high-cardinality keys {@code rollback.run.id} and {@code rollback.deployment}; its child
 * {@code rollback.step}, named after the node's label, with {@code node}, {@code lane} and {@code
 * result}, and a failed step's failure as its error. A meter handler on the observation registry
 * (as Spring Boot registers) adds the timers {@code rollback.run} and {@code rollback.step} in real
 * time; their names do not collide with the meters above.
 *
 * <p>A registry, meter filter or observation handler that throws never changes a run or a
 * judgement: metrics and traces are guarded separately, the failure is logged (at WARN the first
 * time), and the other goes on. Thread-safe; one binding may serve several engines and monitors.
 */
public final class RollbackObservability {
  private final Instrumentation instrumentation;

  private RollbackObservability(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the listener to add to the engine with {@link RollbackEngine.Builder#listener}. */
  public RunListener runListener() {
    return instrumentation.runListener();
  }

  /**
   * Returns the listener to set on the monitor with {@link DeploymentMonitor.Builder#onJudgement};
   * compose it with {@link Consumer#andThen} to keep a listener of one's own.
   */
  public Consumer<Judgement> judgementListener() {
    return instrumentation.judgementListener();
  }

  /** Builds a {@link RollbackObservability}. Not thread-safe. */
  public static final class Builder {
    private @Nullable MeterRegistry meterRegistry;
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private Builder() {}

    /** Sets the registry the meters go to (required). */
    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /**
     * Sets the registry the observations go to; the default, {@link ObservationRegistry#NOOP},
     * records none.
     */
    public Builder observationRegistry(ObservationRegistry observationRegistry) {
      this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
      return this;
    }

    /**
     * Returns the binding, having registered the gauge {@code rollback.runs.active}.
     *
     * @throws InvalidConfigurationException when the meter registry is missing
     */
    public RollbackObservability build() {
      MeterRegistry meters = meterRegistry;
      if (meters == null) {
        throw new InvalidConfigurationException("RollbackObservability",
            List.of("meterRegistry is required: the meters need a registry to go to"));
      }
      return new RollbackObservability(new Instrumentation(meters, observationRegistry));
    }
  }
}
