package dev.rollback.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.RunEvent;
import dev.rollback.core.RunResult;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.core.detect.SloThresholdDetector;
import dev.rollback.testkit.InMemoryMetricsSource;
import dev.rollback.testkit.TestRig;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A meter registry or observation handler that throws never changes a run, and costs only its own
 * concern: the other one still records.
 */
class ThrowingRegistryTest {

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void aRegistryAndAHandlerThatThrowOnEveryCallLeaveTheRunExactlyAsWithoutThem(Scenario scenario) {
    RunResult baseline = run(scenario, null);

    AtomicInteger thrown = new AtomicInteger();
    RollbackObservability broken = RollbackObservability.builder()
        .meterRegistry(throwingMeters(thrown))
        .observationRegistry(throwingObservations(thrown))
        .build();
    int atBuild = thrown.get();
    RunResult instrumented = run(scenario, broken);

    assertTrue(thrown.get() > atBuild + 2 * instrumented.journal().size(), "both threw on every step: " + thrown);
    assertEquals(scenario.outcome, instrumented.outcome());
    assertEquals(baseline, instrumented, "the same run, step for step, notification for notification");
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void aThrowingObservationHandlerCostsNoMeter(Scenario scenario) {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    AtomicInteger thrown = new AtomicInteger();
    RollbackObservability observability = RollbackObservability.builder()
        .meterRegistry(meters).observationRegistry(throwingObservations(thrown)).build();

    RunResult result = run(scenario, observability);

    assertTrue(thrown.get() >= 2 * result.journal().size(), "the handler threw on every step's start and stop");
    assertEquals(1.0, meters.get("rollback.runs.ended").tag("outcome", result.outcome().name()).counter().count());
    assertEquals(result.journal().size(), meters.find("rollback.step.duration").timers().stream()
        .mapToLong(io.micrometer.core.instrument.Timer::count).sum());
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void aThrowingMeterRegistryCostsNoObservation(Scenario scenario) {
    TestObservationRegistry observations = TestObservationRegistry.create();
    AtomicInteger thrown = new AtomicInteger();
    RollbackObservability observability = RollbackObservability.builder()
        .meterRegistry(throwingMeters(thrown)).observationRegistry(observations).build();

    RunResult result = run(scenario, observability);

    assertTrue(thrown.get() >= result.journal().size(), "the registry threw on every step's timer");
    assertThat(observations)
        .hasObservationWithNameEqualTo("rollback.run").that()
        .hasBeenStopped()
        .hasLowCardinalityKeyValue("outcome", result.outcome().name())
        .backToTestObservationRegistry()
        .hasNumberOfObservationsWithNameEqualTo("rollback.step", result.journal().size());
  }

  @Test
  void aThrowingRegistryNeverKeepsTheMonitorFromStartingTheRun() {
    Duration step = Duration.ofSeconds(30);
    AtomicInteger thrown = new AtomicInteger();
    RollbackObservability broken = RollbackObservability.builder()
        .meterRegistry(throwingMeters(thrown)).observationRegistry(throwingObservations(thrown)).build();
    List<RunResult> finished = new ArrayList<>();
    TestRig rig = TestRig.create().listener(broken.runListener()).listener(e -> {
      if (e instanceof RunEvent.RunFinished f) {
        finished.add(f.result());
      }
    });
    InMemoryMetricsSource metrics = InMemoryMetricsSource.create();
    Instant deployedAt = rig.time().now();
    for (int i = 1; i <= 20; i++) {
      metrics.record("error_ratio", deployedAt.plus(step.multipliedBy(i)), i <= 4 ? 0.002 : 0.05);
    }
    DeploymentMonitor monitor = DeploymentMonitor.builder().engine(rig.engine()).metrics(metrics)
        .detector(SloThresholdDetector.above("error_ratio", 0.01, 3, step)).interval(step)
        .onJudgement(broken.judgementListener()).build();

    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", deployedAt));
    rig.time().advance(Duration.ofMinutes(5));

    int failures = thrown.get();
    assertEquals(1, finished.size(), "the regression still started one run");
    assertTrue(failures > 8, "the judgements' timer and the run's meters and handler threw: " + failures);
    assertEquals(deployedAt.plusSeconds(210), finished.get(0).startedAt(), "on the same judgement as ever");
  }

  /** Runs {@code scenario} on a fresh rig, with {@code observability}'s listener if there is one. */
  private static RunResult run(Scenario scenario, @org.jspecify.annotations.Nullable RollbackObservability observability) {
    TestRig rig = TestRig.create();
    if (observability != null) {
      rig.listener(observability.runListener());
    }
    scenario.applyTo(rig.script());
    return rig.run(Scenario.detected(rig.time()));
  }

  /** A registry whose every meter registration throws, as a buggy meter filter would. */
  private static MeterRegistry throwingMeters(AtomicInteger thrown) {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    meters.config().meterFilter(new MeterFilter() {
      @Override
      public MeterFilterReply accept(Meter.Id id) {
        thrown.incrementAndGet();
        throw new IllegalStateException("meter filter bug on " + id.getName());
      }
    });
    return meters;
  }

  /** A registry whose handler throws on every start, event, error and stop. */
  private static ObservationRegistry throwingObservations(AtomicInteger thrown) {
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public void onStart(Observation.Context context) {
        thrown.incrementAndGet();
        throw new IllegalStateException("handler bug on start of " + context.getName());
      }

      @Override
      public void onEvent(Observation.Event event, Observation.Context context) {
        thrown.incrementAndGet();
        throw new IllegalStateException("handler bug on event");
      }

      @Override
      public void onError(Observation.Context context) {
        thrown.incrementAndGet();
        throw new IllegalStateException("handler bug on error");
      }

      @Override
      public void onStop(Observation.Context context) {
        thrown.incrementAndGet();
        throw new IllegalStateException("handler bug on stop of " + context.getName());
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }
    });
    return observations;
  }
}
