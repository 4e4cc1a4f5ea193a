package dev.rollback.testkit;

import static dev.rollback.testkit.EngineOutcomesTest.MANUAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.EngineClosedException;
import dev.rollback.core.Node;
import dev.rollback.core.RunEvent;
import dev.rollback.core.RunListener;
import dev.rollback.core.RunLostException;
import dev.rollback.core.RunResult;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.RunOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: a listener learns when a run is resumed, when its engine loses the lease, and when a
 * run stops in an engine without reaching End, so that metrics and traces can count and close them.
 */
class RunLifecycleEventsTest {
  final TestRig rig = TestRig.create();
  final InMemoryRunStore store = InMemoryRunStore.create();
  final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());
  final RunListener recorder = events::add;

  @Test
  void aResumedRunIsAnnouncedWithItsTriggerAndResumptionInsteadOfRunStarted() {
    CrashableScheduler a = CrashableScheduler.on(rig.time());
    store.crashBefore(Node.UPDATE_SELECTOR, a);
    rig.engineOn(a, b -> b.runStore(store)).start(TestRig.CHECKOUT, MANUAL);
    rig.time().runUntilIdle();

    RollbackEngine second = rig.engineOn(CrashableScheduler.on(rig.time()),
        b -> b.runStore(store).holderId("replica-b").listener(recorder));
    RunResult result = rig.time().runUntil(rig.time().runUntil(second.resumeUnfinished()).get(0));

    RunEvent.RunResumed resumed = assertInstanceOf(RunEvent.RunResumed.class, events.get(0));
    assertEquals(result.runId(), resumed.runId());
    assertEquals(MANUAL, resumed.trigger());
    assertEquals(result.resumptions().get(0), resumed.resumption());
    assertEquals(Node.UPDATE_SELECTOR, resumed.resumption().node());
    assertEquals(List.of(), ofType(RunEvent.RunStarted.class), "the run started in the other engine");
    RunEvent.StepStarted first = assertInstanceOf(RunEvent.StepStarted.class, events.get(1));
    assertEquals(Node.UPDATE_SELECTOR, first.node());
    assertInstanceOf(RunEvent.RunFinished.class, events.get(events.size() - 1));
  }

  @Test
  void aLeaseLostMidRunIsToldAndTheRunStopsHereForAnotherEngine() {
    InMemoryDeploymentLock lock = InMemoryDeploymentLock.following(rig.script());
    rig.script().then(Op.LOCK, Behavior.succeed()).always(Op.LOCK, Behavior.answerNo());
    rig.script().then(Op.DEPLOY, Behavior.slow(Duration.ofSeconds(20)));
    RollbackEngine engine = rig.engineOn(CrashableScheduler.on(rig.time()),
        b -> b.runStore(store).deploymentLock(lock).leaseDuration(Duration.ofSeconds(15)).listener(recorder));

    CompletableFuture<RunResult> run = engine.start(TestRig.CHECKOUT, MANUAL);
    rig.time().runUntilIdle();

    CompletionException lost = assertThrows(CompletionException.class, run::join);
    assertInstanceOf(RunLostException.class, lost.getCause());
    List<RunEvent.LeaseLost> leases = ofType(RunEvent.LeaseLost.class);
    assertEquals(1, leases.size());
    assertEquals("another holder took the lease", leases.get(0).reason());
    List<RunEvent.RunStopped> stops = ofType(RunEvent.RunStopped.class);
    assertEquals(1, stops.size());
    assertTrue(stops.get(0).reason().contains("lost the lease"), stops.get(0).reason());
    assertTrue(events.indexOf(leases.get(0)) < events.indexOf(stops.get(0)), "lease lost, then stopped");
    assertEquals(List.of(), ofType(RunEvent.RunFinished.class));
  }

  @Test
  void aRunStoppedByClosingItsEngineIsToldAsStopped() {
    rig.script().then(Op.DEPLOY, Behavior.hang());
    RollbackEngine engine = rig.engineOn(CrashableScheduler.on(rig.time()), b -> b.listener(recorder));
    CompletableFuture<RunResult> run = engine.start(TestRig.CHECKOUT, MANUAL);
    rig.time().advance(Duration.ofSeconds(1));

    engine.close();

    CompletionException closed = assertThrows(CompletionException.class, run::join);
    assertInstanceOf(EngineClosedException.class, closed.getCause());
    List<RunEvent.RunStopped> stops = ofType(RunEvent.RunStopped.class);
    assertEquals(1, stops.size());
    assertTrue(stops.get(0).reason().startsWith("the engine was closed"), stops.get(0).reason());
    assertEquals(List.of(), ofType(RunEvent.RunFinished.class));
  }

  @Test
  void aRunThatEndsNormallyIsNeitherResumedNorStopped() {
    rig.listener(recorder);

    assertEquals(RunOutcome.ROLLED_BACK, rig.run(MANUAL).outcome());

    assertEquals(List.of(), ofType(RunEvent.RunResumed.class));
    assertEquals(List.of(), ofType(RunEvent.LeaseLost.class));
    assertEquals(List.of(), ofType(RunEvent.RunStopped.class));
  }

  private <E extends RunEvent> List<E> ofType(Class<E> type) {
    synchronized (events) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }
}
