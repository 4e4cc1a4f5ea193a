package dev.rollback.testkit;

import static dev.rollback.testkit.EngineOutcomesTest.MANUAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Node;
import dev.rollback.core.RollbackPolicy;
import dev.rollback.core.RunResult;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.Audience;
import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RunOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Issue 12: faults of the lock and the store are said truthfully, and survive a resumption. */
class EngineFaultsTest {
  final TestRig rig = TestRig.create();

  private void lockFailsAtStart() {
    rig.script().then(Op.LOCK, Behavior.fail("etcd unavailable"), Behavior.fail("etcd unavailable"),
        Behavior.fail("etcd unavailable"));
  }

  @Test
  void aLockThatFailsAtStartIsNotBusyTheRunChangesNothingAndSaysWhy() {
    lockFailsAtStart();
    rig.customize(b -> b.deploymentLock(InMemoryDeploymentLock.following(rig.script())));

    RunResult result = rig.run(MANUAL);

    assertEquals(RunOutcome.MANUAL_NEEDED, result.outcome());
    assertEquals(3, rig.script().calls(Op.LOCK).size(), "the lock was tried three times");
    for (Op op : List.of(Op.CURRENT_VERSION, Op.SCALE_DOWN, Op.DEPLOY, Op.SWITCH_TRAFFIC)) {
      assertTrue(rig.script().calls(op).isEmpty(), op + " was not called without the lease");
    }
    Notification finished = rig.notifier().delivered(NotificationKind.RUN_FINISHED, Audience.ON_CALL).get(0);
    assertTrue(finished.message().contains("the deployment lock failed (DeploymentLock.tryAcquire threw:"
        + " java.lang.IllegalStateException: etcd unavailable)"), finished.message());
    assertTrue(finished.facts().get("engine fault 1").startsWith("the deployment lock failed"), finished.facts().toString());
    assertEquals("not started: the deployment lock failed (DeploymentLock.tryAcquire threw:"
        + " java.lang.IllegalStateException: etcd unavailable), so this engine does not know whether another one is"
        + " rolling the deployment back", EngineOutcomesTest.entry(result, Node.IDENTIFY_CURRENT).detail());
  }

  @Test
  void aFaultRecordedBeforeACrashIsInTheNotificationOfTheEngineThatResumes() {
    lockFailsAtStart();
    InMemoryRunStore store = InMemoryRunStore.create();
    CrashableScheduler a = CrashableScheduler.on(rig.time());
    store.crashBefore(Node.NOTIFY_ON_CALL, a);
    RollbackEngine first = rig.engineOn(a,
        b -> b.runStore(store).deploymentLock(InMemoryDeploymentLock.following(rig.script())).holderId("a"));
    CompletableFuture<RunResult> lost = first.start(TestRig.CHECKOUT, MANUAL);
    rig.time().runUntilIdle();
    assertFalse(lost.isDone(), "the first engine died before notifying");
    assertTrue(rig.notifier().delivered(NotificationKind.RUN_FINISHED, Audience.ON_CALL).isEmpty());

    RollbackEngine second = rig.engineOn(CrashableScheduler.on(rig.time()), b -> b.runStore(store).holderId("b"));
    RunResult result = rig.time().runUntil(rig.time().runUntil(second.resumeUnfinished()).get(0));

    assertEquals(RunOutcome.MANUAL_NEEDED, result.outcome());
    Notification finished = rig.notifier().delivered(NotificationKind.RUN_FINISHED, Audience.ON_CALL).get(0);
    assertTrue(finished.message().contains("The engine also met 1 fault(s) outside the steps: the deployment lock"
        + " failed"), finished.message());
    String fault = finished.facts().get("engine fault 1");
    assertTrue(fault != null && fault.startsWith("the deployment lock failed"), finished.facts().toString());
  }

  @Test
  void savesSlowerThanTheRunCanAffordNeitherPassTheDeadlineNorEatTheReservedTime() {
    RollbackPolicy policy = RollbackPolicy.builder().overallDeadline(Duration.ofMinutes(4)).build();
    rig.policy(policy);
    rig.script().always(Op.SAVE, Behavior.slow(Duration.ofSeconds(29))); // each within its 30 s timeout
    rig.script().then(Op.READINESS, Behavior.hang());
    InMemoryRunStore store = InMemoryRunStore.following(rig.script());
    rig.customize(b -> b.runStore(store));

    RunResult result = rig.run(MANUAL);

    assertTrue(result.duration().compareTo(policy.overallDeadline()) <= 0, "took " + result.duration());
    Instant latest = result.startedAt().plus(policy.overallDeadline()).minus(policy.notificationBudget(1));
    Instant notified = EngineOutcomesTest.entry(result, Node.NOTIFY_ON_CALL).start();
    assertFalse(notified.isAfter(latest), "Notify on-call engineer started at " + notified + ", after " + latest);
    assertTrue(store.load(result.runId()).orElseThrow().record().finished(), "the last save landed");
  }
}
