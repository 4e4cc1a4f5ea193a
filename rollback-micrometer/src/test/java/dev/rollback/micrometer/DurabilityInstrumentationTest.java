package dev.rollback.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rollback.core.Node;
import dev.rollback.core.RunResult;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.RunOutcome;
import dev.rollback.testkit.Behavior;
import dev.rollback.testkit.CrashableScheduler;
import dev.rollback.testkit.InMemoryDeploymentLock;
import dev.rollback.testkit.InMemoryRunStore;
import dev.rollback.testkit.Op;
import dev.rollback.testkit.TestRig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Runs resumed, leases lost and runs stopped without reaching End are counted and their spans closed. */
class DurabilityInstrumentationTest {
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final TestObservationRegistry observations = TestObservationRegistry.builder()
      .validateObservationsWithTheSameNameHavingTheSameSetOfLowCardinalityKeys(true)
      .build();
  final RollbackObservability observability =
      RollbackObservability.builder().meterRegistry(meters).observationRegistry(observations).build();
  final TestRig rig = TestRig.create();
  final InMemoryRunStore store = InMemoryRunStore.create();

  @Test
  void aRunResumedHereIsCountedByNodeAndObservedAsResumed() {
    CrashableScheduler a = CrashableScheduler.on(rig.time());
    store.crashBefore(Node.UPDATE_SELECTOR, a);
    rig.engineOn(a, b -> b.runStore(store)).start(TestRig.CHECKOUT, Scenario.MANUAL);
    rig.time().runUntilIdle();
    RollbackEngine second = rig.engineOn(CrashableScheduler.on(rig.time()),
        b -> b.runStore(store).listener(observability.runListener()));

    RunResult result = rig.time().runUntil(rig.time().runUntil(second.resumeUnfinished()).get(0));

    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
    assertEquals(1.0, meters.get("rollback.runs.resumed").tag("node", "UPDATE_SELECTOR").counter().count());
    assertNull(meters.find("rollback.runs.started").counter(), "the run started in the engine that died");
    assertEquals(1.0, meters.get("rollback.runs.ended").tag("outcome", "ROLLED_BACK").counter().count());
    assertEquals(0.0, meters.get("rollback.runs.active").gauge().value());
    assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo("rollback.run", 1)
        .hasObservationWithNameEqualTo("rollback.run").that()
        .hasBeenStopped()
        .hasLowCardinalityKeyValue("resumed", "true")
        .hasLowCardinalityKeyValue("trigger", "MANUAL")
        .hasLowCardinalityKeyValue("outcome", "ROLLED_BACK")
        .hasHighCardinalityKeyValue("rollback.run.id", result.runId().value())
        .backToTestObservationRegistry()
        .hasNumberOfObservationsWithNameEqualTo("rollback.step",
            result.path().size() - result.path().indexOf(Node.UPDATE_SELECTOR));
  }

  @Test
  void aLeaseLostMidRunIsCountedAndTheStoppedRunsSpanIsClosedWithItsReason() {
    InMemoryDeploymentLock lock = InMemoryDeploymentLock.following(rig.script());
    rig.script().then(Op.LOCK, Behavior.succeed()).always(Op.LOCK, Behavior.answerNo());
    rig.script().then(Op.DEPLOY, Behavior.slow(Duration.ofSeconds(20)));
    RollbackEngine engine = rig.engineOn(CrashableScheduler.on(rig.time()), b -> b.runStore(store)
        .deploymentLock(lock).leaseDuration(Duration.ofSeconds(15)).listener(observability.runListener()));

    CompletableFuture<RunResult> run = engine.start(TestRig.CHECKOUT, Scenario.MANUAL);
    rig.time().runUntilIdle();

    assertThrows(CompletionException.class, run::join);
    assertEquals(1.0, meters.get("rollback.leases.lost").counter().count());
    assertEquals(1.0, meters.get("rollback.runs.stopped").counter().count());
    assertNull(meters.find("rollback.runs.ended").counter(), "the run did not end here");
    assertEquals(0.0, meters.get("rollback.runs.active").gauge().value(), "a stopped run is not in progress");
    assertThat(observations)
        .hasObservationWithNameEqualTo("rollback.run").that()
        .hasBeenStopped()
        .hasLowCardinalityKeyValue("outcome", "STOPPED")
        .hasHighCardinalityKeyValueWithKey("rollback.stop.reason")
        .hasEvent("lease.lost")
        .backToTestObservationRegistry()
        .forAllObservationsWithNameEqualTo("rollback.step", step -> step.hasLowCardinalityKeyValueWithKey("result"));
    List<String> stoppedSteps = new java.util.ArrayList<>();
    assertThat(observations).hasHandledContextsThatSatisfy(contexts -> contexts.stream()
        .filter(c -> "STOPPED".equals(c.getLowCardinalityKeyValue("result") == null ? null
            : c.getLowCardinalityKeyValue("result").getValue()))
        .forEach(c -> stoppedSteps.add(c.getContextualName())));
    assertEquals(List.of(Node.DEPLOY_PREVIOUS.label()), stoppedSteps,
        "the deploy took 20 s; the lease went at the first renewal, after 5 s");
  }

  @Test
  void aRunStoppedInFlightByClosingTheEngineClosesItsStepAsStopped() {
    rig.script().then(Op.DEPLOY, Behavior.hang());
    RollbackEngine engine = rig.engineOn(CrashableScheduler.on(rig.time()),
        b -> b.listener(observability.runListener()));
    engine.start(TestRig.CHECKOUT, Scenario.MANUAL);
    rig.time().advance(Duration.ofSeconds(1));

    engine.close();

    assertEquals(1.0, meters.get("rollback.runs.stopped").counter().count());
    assertThat(observations)
        .hasObservationWithNameEqualTo("rollback.run").that()
        .hasBeenStopped()
        .hasLowCardinalityKeyValue("outcome", "STOPPED")
        .backToTestObservationRegistry()
        .hasAnObservation(step -> step.hasNameEqualTo("rollback.step")
            .hasContextualNameEqualTo(Node.DEPLOY_PREVIOUS.label())
            .hasLowCardinalityKeyValue("result", "STOPPED"));
  }
}
