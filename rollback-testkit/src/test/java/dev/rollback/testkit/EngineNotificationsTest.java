package dev.rollback.testkit;

import static dev.rollback.testkit.EngineOutcomesTest.MANUAL;
import static dev.rollback.testkit.EngineOutcomesTest.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Node;
import dev.rollback.core.NotificationRecord;
import dev.rollback.core.RollbackPolicy;
import dev.rollback.core.RunEvent;
import dev.rollback.core.RunResult;
import dev.rollback.core.StepResult;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Notifier retries and fallback, listeners, single flight, readiness pushes and deadlines. */
class EngineNotificationsTest {

  @Test
  void aFailingNotifierIsRetriedWithBackoffThenTheNextOneDelivers() {
    TestRig rig = TestRig.create();
    RecordingNotifier backup = RecordingNotifier.create(rig.script(), "backup");
    rig.customize(b -> b.notifier(backup));
    // the alert: pager fails three times, backup delivers; the final notification: pager delivers
    rig.script().then(Op.NOTIFY, Behavior.fail("503"), Behavior.fail("503"), Behavior.fail("503"));

    RunResult result = rig.run(MANUAL);

    List<NotificationRecord> alert = result.notifications().stream()
        .filter(r -> r.kind() == NotificationKind.ROLLBACK_ALERT).toList();
    assertEquals(List.of("pager#1:false", "pager#2:false", "pager#3:false", "backup#1:true"),
        alert.stream().map(r -> r.notifier() + "#" + r.attempt() + ":" + r.delivered()).toList());
    assertEquals("Notifier 'pager' threw: java.lang.IllegalStateException: 503", alert.get(0).error());
    // backoff 1 s then 2 s between the pager's attempts, in virtual time
    assertEquals(Duration.ofSeconds(3), Duration.between(alert.get(0).at(), alert.get(2).at()));
    assertEquals(1, backup.delivered().size());
    assertEquals("notified the on-call engineer via backup after 3 failed attempt(s)",
        entry(result, Node.TRIGGER_ALERT).detail());
    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
  }

  @Test
  void whenEveryNotifierFailsTheRunStillEndsAndRecordsTheLogFallback() {
    TestRig rig = TestRig.create();
    rig.script().always(Op.NOTIFY, Behavior.fail("pager down"));

    RunResult result = rig.run(MANUAL);

    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
    assertFalse(result.onCallNotified());
    assertEquals(StepResult.FAILED, entry(result, Node.NOTIFY_ON_CALL).result());
    NotificationRecord last = result.notifications().get(result.notifications().size() - 1);
    assertEquals("log", last.notifier());
    assertEquals(NotificationKind.RUN_FINISHED, last.kind());
    assertEquals(Node.END, result.path().get(result.path().size() - 1));
  }

  @Test
  void aListenerThatThrowsNeverBreaksTheRunAndOthersStillHearEverything() {
    List<RunEvent> heard = new ArrayList<>();
    TestRig rig = TestRig.create()
        .listener(e -> {
          throw new IllegalStateException("listener bug");
        })
        .listener(heard::add);

    RunResult result = rig.run(MANUAL);

    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
    assertTrue(heard.get(0) instanceof RunEvent.RunStarted);
    assertTrue(heard.get(heard.size() - 1) instanceof RunEvent.RunFinished);
    long finishedSteps = heard.stream().filter(e -> e instanceof RunEvent.StepFinished).count();
    assertEquals(result.journal().size(), finishedSteps);
  }

  @Test
  void aSecondTriggerForTheSameDeploymentJoinsTheRunInProgress() {
    TestRig rig = TestRig.create();
    RollbackEngine engine = rig.engine();

    CompletableFuture<RunResult> first = engine.start(TestRig.CHECKOUT, MANUAL);
    CompletableFuture<RunResult> second = engine.start(TestRig.CHECKOUT, MANUAL);

    assertSame(first, second);
    RunResult result = rig.time().runUntil(first);
    assertEquals(1, rig.script().calls(Op.SCALE_DOWN).size());
    assertTrue(engine.inProgress(TestRig.CHECKOUT).isEmpty());
    // a trigger after the run ended starts a new run
    CompletableFuture<RunResult> third = engine.start(TestRig.CHECKOUT, MANUAL);
    assertFalse(third == first);
    rig.time().runUntil(third);
    assertFalse(result.runId().equals(third.join().runId()));
  }

  @Test
  void aPushedReadinessChangeEndsTheWaitAtOnceInsteadOfAtTheNextPoll() {
    TestRig rig = TestRig.create();
    // the pods are ready at 20 s and the driver pushes that; while it pushes, the engine polls only
    // at the longest interval (15 s) as a safety net: at 0 and 15 s, where it would otherwise poll
    // at 0, 1, 3, 7 and 15 s
    RunResult result = rig.run(MANUAL);
    assertEquals(Duration.ofSeconds(20), entry(result, Node.WAIT_READY).duration());
    assertEquals(2, rig.script().calls(Op.READINESS).size());
  }

  @Test
  void theOverallDeadlineBoundsARunWhoseStepsAllHang() {
    RollbackPolicy policy = RollbackPolicy.builder()
        .overallDeadline(Duration.ofMinutes(5))
        .stepDeadline(Duration.ofMinutes(1))
        .build();
    TestRig rig = TestRig.create().policy(policy);
    for (Op op : List.of(Op.CURRENT_VERSION, Op.PREVIOUS_STABLE, Op.VALIDATE, Op.SCALE_DOWN, Op.DEPLOY,
        Op.READINESS, Op.POD_HEALTH, Op.MARK_FAILED)) {
      rig.script().always(op, Behavior.slow(Duration.ofSeconds(50)));
    }

    RunResult result = rig.run(MANUAL);

    assertTrue(result.duration().compareTo(policy.overallDeadline()) <= 0, result.duration().toString());
    assertEquals(Node.END, result.path().get(result.path().size() - 1));
    assertTrue(result.onCallNotified());
  }

  @Test
  void theEngineRefusesToBuildWithoutItsAdaptersNamingEachOne() {
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> RollbackEngine.builder().build());
    assertEquals(List.of("versionRegistry is required", "clusterDriver is required", "smokeTester is required",
        "at least one notifier is required: every run ends by notifying the on-call engineer"), e.problems());
  }
}
