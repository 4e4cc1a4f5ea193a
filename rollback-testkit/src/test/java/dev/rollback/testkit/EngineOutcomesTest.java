package dev.rollback.testkit;

import static dev.rollback.core.Node.CLEANUP;
import static dev.rollback.core.Node.DEPLOY_PREVIOUS;
import static dev.rollback.core.Node.DETECT_ANOMALY;
import static dev.rollback.core.Node.END;
import static dev.rollback.core.Node.ESCALATE;
import static dev.rollback.core.Node.FETCH_PREVIOUS;
import static dev.rollback.core.Node.HALT_MANUAL;
import static dev.rollback.core.Node.IDENTIFY_CURRENT;
import static dev.rollback.core.Node.MARK_FAILED;
import static dev.rollback.core.Node.NOTIFY_ON_CALL;
import static dev.rollback.core.Node.PODS_HEALTHY;
import static dev.rollback.core.Node.PREPARE_MANIFEST;
import static dev.rollback.core.Node.PREVIOUS_AVAILABLE;
import static dev.rollback.core.Node.RUN_SMOKE_TESTS;
import static dev.rollback.core.Node.SCALE_DOWN;
import static dev.rollback.core.Node.START;
import static dev.rollback.core.Node.TESTS_PASSING;
import static dev.rollback.core.Node.TRIGGER_ALERT;
import static dev.rollback.core.Node.UPDATE_SELECTOR;
import static dev.rollback.core.Node.UPDATE_STATUS;
import static dev.rollback.core.Node.WAIT_READY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Node;
import dev.rollback.core.RunResult;
import dev.rollback.core.StepResult;
import dev.rollback.core.Trigger;
import dev.rollback.spi.Audience;
import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The four outcomes of the seed workflow, end to end on the in-memory adapters. */
class EngineOutcomesTest {
  static final Trigger MANUAL = Trigger.manual("jane@example.com", "checkout 5xx after v2");

  final TestRig rig = TestRig.create();

  @Test
  void rolledBackWalksTheHappyPathAndRestoresV1() {
    RunResult result = rig.run(MANUAL);

    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
    assertEquals(List.of(START, DETECT_ANOMALY, TRIGGER_ALERT, IDENTIFY_CURRENT, FETCH_PREVIOUS,
        PREVIOUS_AVAILABLE, PREPARE_MANIFEST, SCALE_DOWN, DEPLOY_PREVIOUS, WAIT_READY, PODS_HEALTHY,
        UPDATE_SELECTOR, RUN_SMOKE_TESTS, TESTS_PASSING, UPDATE_STATUS, CLEANUP, NOTIFY_ON_CALL, END),
        result.path());
    assertEquals("v1", rig.cluster().selector(TestRig.CHECKOUT));
    assertEquals(3, rig.cluster().replicas(TestRig.CHECKOUT, "v1"));
    assertEquals(0, rig.cluster().replicas(TestRig.CHECKOUT, "v2"));
    assertEquals(1, rig.registry().rollbacks().size());
    assertEquals(TestRig.V2, result.from());
    assertEquals(TestRig.V1, result.to());
    assertTrue(result.onCallNotified());
    List<Notification> sent = rig.notifier().delivered();
    assertEquals(List.of(NotificationKind.ROLLBACK_ALERT, NotificationKind.RUN_FINISHED),
        sent.stream().map(Notification::kind).toList());
    assertEquals("Rolled back prod-eu-1/shop/checkout from v2 to v1", sent.get(1).title());
    assertEquals(RunOutcome.ROLLED_BACK, sent.get(1).outcome());
    // the pods become ready 20 s after deployment; everything else is instant
    assertEquals(Duration.ofSeconds(20), result.duration());
  }

  @Test
  void noPreviousVersionHaltsForAManualRollbackWithoutTouchingTheCluster() {
    rig.script().then(Op.PREVIOUS_STABLE, Behavior.answerNo());

    RunResult result = rig.run(MANUAL);

    assertEquals(RunOutcome.MANUAL_NEEDED, result.outcome());
    assertEquals(List.of(START, DETECT_ANOMALY, TRIGGER_ALERT, IDENTIFY_CURRENT, FETCH_PREVIOUS,
        PREVIOUS_AVAILABLE, HALT_MANUAL, NOTIFY_ON_CALL, END), result.path());
    assertEquals(StepResult.NO, entry(result, PREVIOUS_AVAILABLE).result());
    assertTrue(entry(result, HALT_MANUAL).detail().contains("only one version of checkout was ever deployed"),
        entry(result, HALT_MANUAL).detail());
    assertEquals(List.of(), rig.script().calls(Op.SCALE_DOWN));
    assertEquals("v2", rig.cluster().selector(TestRig.CHECKOUT));
    Notification last = last(rig.notifier().delivered());
    assertEquals(Severity.CRITICAL, last.severity());
    assertTrue(last.title().startsWith("Manual rollback needed for prod-eu-1/shop/checkout"), last.title());
  }

  @Test
  void unhealthyPodsMarkTheRollbackFailedSoV1IsNeverOfferedAgain() {
    rig.script().then(Op.POD_HEALTH, Behavior.answerNo());

    RunResult result = rig.run(MANUAL);

    assertEquals(RunOutcome.ROLLBACK_FAILED, result.outcome());
    assertEquals(List.of(START, DETECT_ANOMALY, TRIGGER_ALERT, IDENTIFY_CURRENT, FETCH_PREVIOUS,
        PREVIOUS_AVAILABLE, PREPARE_MANIFEST, SCALE_DOWN, DEPLOY_PREVIOUS, WAIT_READY, PODS_HEALTHY,
        MARK_FAILED, NOTIFY_ON_CALL, END), result.path());
    assertEquals(Set.of("v1"), rig.registry().failedVersions(TestRig.CHECKOUT));
    assertTrue(entry(result, PODS_HEALTHY).detail().contains("CrashLoopBackOff"), entry(result, PODS_HEALTHY).detail());
    assertFalse(result.podHealth().allHealthy());
  }

  @Test
  void failingSmokeTestsEscalateToTheTeamLead() {
    rig.script().then(Op.SMOKE, Behavior.answerNo());

    RunResult result = rig.run(MANUAL);

    assertEquals(RunOutcome.NEEDS_ATTENTION, result.outcome());
    assertEquals(List.of(START, DETECT_ANOMALY, TRIGGER_ALERT, IDENTIFY_CURRENT, FETCH_PREVIOUS,
        PREVIOUS_AVAILABLE, PREPARE_MANIFEST, SCALE_DOWN, DEPLOY_PREVIOUS, WAIT_READY, PODS_HEALTHY,
        UPDATE_SELECTOR, RUN_SMOKE_TESTS, TESTS_PASSING, ESCALATE, NOTIFY_ON_CALL, END), result.path());
    List<Notification> toLead = rig.notifier().delivered(NotificationKind.ESCALATION, Audience.TEAM_LEAD);
    assertEquals(1, toLead.size());
    assertTrue(toLead.get(0).title().contains("1/2 smoke checks passed"), toLead.get(0).title());
    assertEquals("v1", rig.cluster().selector(TestRig.CHECKOUT), "traffic stays on v1");
    assertEquals(1, rig.notifier().delivered(NotificationKind.RUN_FINISHED, Audience.ON_CALL).size());
  }

  @Test
  void zeroDowntimeKeepsAFloorUntilCleanup() {
    rig.policy(dev.rollback.core.RollbackPolicy.builder()
        .scaleDown(dev.rollback.spi.ScaleDown.keepFloor(1)).build());
    rig.script().then(Op.POD_HEALTH, Behavior.succeed());

    RunResult result = rig.run(MANUAL);

    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
    assertEquals("scaled v2 down to its floor of 1 pods", entry(result, SCALE_DOWN).detail());
    assertEquals(0, rig.cluster().replicas(TestRig.CHECKOUT, "v2"), "cleanup removed the floor");
  }

  @Test
  void aFloorThatWouldRemoveNothingHaltsBeforeTheClusterIsTouched() {
    rig.policy(dev.rollback.core.RollbackPolicy.builder()
        .scaleDown(dev.rollback.spi.ScaleDown.keepFloor(3)).build());

    RunResult result = rig.run(MANUAL);

    assertEquals(RunOutcome.MANUAL_NEEDED, result.outcome());
    assertTrue(entry(result, PREPARE_MANIFEST).detail().contains(
        "the zero-downtime floor of 3 replicas is not below the 3 that version v2 runs"),
        entry(result, PREPARE_MANIFEST).detail());
    assertEquals(List.of(), rig.script().calls(Op.SCALE_DOWN));
  }

  @Test
  void everyStepIsJournalledInOrderWithMonotonicTimes() {
    RunResult result = rig.run(MANUAL);
    for (int i = 1; i < result.journal().size(); i++) {
      assertFalse(result.journal().get(i).start().isBefore(result.journal().get(i - 1).end()));
      assertEquals(result.journal().get(i).node(), result.journal().get(i - 1).edge().to());
    }
    assertNull(last(result.journal()).edge());
  }

  static dev.rollback.core.JournalEntry entry(RunResult result, Node node) {
    return result.journal().stream().filter(e -> e.node() == node).findFirst().orElseThrow();
  }

  static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }
}
