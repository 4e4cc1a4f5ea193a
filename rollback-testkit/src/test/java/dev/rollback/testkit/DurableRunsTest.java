package dev.rollback.testkit;

import static dev.rollback.testkit.EngineOutcomesTest.MANUAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.DeploymentBusyException;
import dev.rollback.core.Node;
import dev.rollback.core.Resumption;
import dev.rollback.core.RunResult;
import dev.rollback.core.WorkflowGraph;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RunOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Runs survive the death of their engine, and never run twice. */
class DurableRunsTest {
  final TestRig rig = TestRig.create();
  final InMemoryRunStore store = InMemoryRunStore.create();

  @Test
  void aRunWhoseEngineDiesAfterScaleDownIsFinishedByAnotherEngine() {
    CrashableScheduler a = CrashableScheduler.on(rig.time());
    store.crashBefore(Node.UPDATE_SELECTOR, a);
    RollbackEngine first = rig.engineOn(a, b -> b.runStore(store).holderId("replica-a"));

    CompletableFuture<RunResult> lost = first.start(TestRig.CHECKOUT, MANUAL);
    rig.time().runUntilIdle();
    assertFalse(lost.isDone(), "the first engine died mid-run");
    assertEquals("v2", rig.cluster().selector(TestRig.CHECKOUT), "traffic still goes to v2");
    rig.time().advance(Duration.ofMinutes(1));

    RollbackEngine second = rig.engineOn(CrashableScheduler.on(rig.time()), b -> b.runStore(store).holderId("replica-b"));
    Instant resumedAt = rig.time().now();
    List<CompletableFuture<RunResult>> resumed = rig.time().runUntil(second.resumeUnfinished());
    assertEquals(1, resumed.size());
    RunResult result = rig.time().runUntil(resumed.get(0));

    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
    assertEquals("v1", rig.cluster().selector(TestRig.CHECKOUT));
    Resumption resumption = result.resumptions().get(0);
    assertEquals(Node.UPDATE_SELECTOR, resumption.node());
    assertEquals("replica-b", resumption.holder());
    assertEquals(resumedAt, resumption.resumedAt());
    assertEquals(EngineOutcomesTest.entry(result, Node.PODS_HEALTHY).end(), resumption.lastSavedAt(),
        "the last save before the crash was the one after All pods healthy?");
    assertEquals(1, rig.notifier().delivered(NotificationKind.RUN_FINISHED, dev.rollback.spi.Audience.ON_CALL).size());
    assertEquals(1, result.path().stream().filter(n -> n == Node.UPDATE_SELECTOR).count());
    WorkflowGraph.seed().edgesOf(result.path());
    assertTrue(store.unfinished().isEmpty(), "the store knows the run finished");
    String timelineRow = dev.rollback.core.postmortem.Postmortem.of(result).markdown().lines()
        .filter(l -> l.contains("| n15 |")).findFirst().orElseThrow();
    assertTrue(timelineRow.contains("RESUMED by replica-b at " + resumedAt + " after an interruption (the run was"
        + " last saved at " + resumption.lastSavedAt() + ")"), timelineRow);
    assertTrue(rig.time().runUntil(second.resumeUnfinished()).isEmpty(), "nothing is left to resume");
  }

  @Test
  void aStepThatTookEffectBeforeTheCrashIsRepeatedIdempotently() {
    CrashableScheduler a = CrashableScheduler.on(rig.time());
    store.crashAfter(Node.SCALE_DOWN, a);
    RollbackEngine first = rig.engineOn(a, b -> b.runStore(store));
    first.start(TestRig.CHECKOUT, MANUAL);
    rig.time().runUntilIdle();
    assertEquals(1, rig.script().calls(Op.SCALE_DOWN).size());

    RollbackEngine second = rig.engineOn(CrashableScheduler.on(rig.time()), b -> b.runStore(store));
    RunResult result = rig.time().runUntil(rig.time().runUntil(second.resumeUnfinished()).get(0));

    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
    assertEquals(2, rig.script().calls(Op.SCALE_DOWN).size(), "scale-down ran again after the resume");
    assertEquals(0, rig.cluster().replicas(TestRig.CHECKOUT, "v2"));
    assertEquals(Node.SCALE_DOWN, result.resumptions().get(0).node());
  }

  @Test
  void aSecondReplicaCannotStartARunWhileTheFirstHoldsTheLease() {
    InMemoryDeploymentLock lock = InMemoryDeploymentLock.create(rig.time().clock());
    rig.script().then(Op.DEPLOY, Behavior.slow(Duration.ofSeconds(20)));
    RollbackEngine a = rig.engineOn(CrashableScheduler.on(rig.time()),
        b -> b.runStore(store).deploymentLock(lock).holderId("replica-a"));
    RollbackEngine b = rig.engineOn(CrashableScheduler.on(rig.time()),
        x -> x.runStore(store).deploymentLock(lock).holderId("replica-b"));

    CompletableFuture<RunResult> first = a.start(TestRig.CHECKOUT, MANUAL);
    rig.time().advance(Duration.ofSeconds(5));
    CompletableFuture<RunResult> second = b.start(TestRig.CHECKOUT, MANUAL);
    rig.time().advance(Duration.ofSeconds(1));

    CompletionException busy = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, second::join);
    assertInstanceOf(DeploymentBusyException.class, busy.getCause());
    RunResult result = rig.time().runUntil(first);
    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
    assertEquals(1, rig.script().calls(Op.SCALE_DOWN).size(), "one rollback, not two");
    assertTrue(lock.holder(TestRig.CHECKOUT).isEmpty(), "the lease is released at the end");
  }

  @Test
  void whenTheHolderDiesAnotherReplicaResumesWithinTheLeaseDuration() {
    InMemoryDeploymentLock lock = InMemoryDeploymentLock.create(rig.time().clock());
    Duration lease = Duration.ofSeconds(15);
    CrashableScheduler a = CrashableScheduler.on(rig.time());
    store.crashBefore(Node.DEPLOY_PREVIOUS, a);
    RollbackEngine first = rig.engineOn(a, b -> b.runStore(store).deploymentLock(lock).leaseDuration(lease)
        .holderId("replica-a"));
    first.start(TestRig.CHECKOUT, MANUAL);
    rig.time().advance(Duration.ofMillis(1));
    Instant died = rig.time().now();
    assertEquals("replica-a", lock.holder(TestRig.CHECKOUT).orElseThrow(), "the dead replica still holds the lease");

    List<RunResult> finished = new java.util.ArrayList<>();
    rig.engineOn(CrashableScheduler.on(rig.time()), b -> b.runStore(store).deploymentLock(lock).leaseDuration(lease)
        .holderId("replica-b").resumeEvery(Duration.ofSeconds(5))
        .listener(e -> {
          if (e instanceof dev.rollback.core.RunEvent.RunFinished f) {
            finished.add(f.result());
          }
        }));
    rig.time().advance(Duration.ofMinutes(2));

    assertEquals(1, finished.size());
    RunResult result = finished.get(0);
    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
    Duration takeover = Duration.between(died, result.resumptions().get(0).resumedAt());
    assertTrue(takeover.compareTo(lease.plus(Duration.ofSeconds(5))) <= 0, "took over after " + takeover);
    assertTrue(takeover.compareTo(lease.minus(Duration.ofSeconds(5))) >= 0, "not before the lease expired: " + takeover);
    assertEquals("replica-b", result.resumptions().get(0).holder());
  }

  @Test
  void replicasSharingAStoreNeverMintTheSameRunId() {
    RollbackEngine a = rig.engineOn(CrashableScheduler.on(rig.time()), b -> b.runStore(store).holderId("replica-a"));
    RollbackEngine b = rig.engineOn(CrashableScheduler.on(rig.time()), x -> x.runStore(store).holderId("replica-b"));
    dev.rollback.spi.DeploymentRef cart = dev.rollback.spi.DeploymentRef.of("prod-eu-1", "shop", "cart");
    rig.registry().history(cart, TestRig.V1, TestRig.V2);
    rig.cluster().running(cart, "v2");

    CompletableFuture<RunResult> first = a.start(TestRig.CHECKOUT, MANUAL);
    CompletableFuture<RunResult> second = b.start(cart, MANUAL);
    RunResult one = rig.time().runUntil(first);
    RunResult two = rig.time().runUntil(second);

    assertFalse(one.runId().equals(two.runId()), one.runId() + " vs " + two.runId());
    assertEquals(RunOutcome.ROLLED_BACK, one.outcome());
    assertEquals(RunOutcome.ROLLED_BACK, two.outcome());
  }
}
