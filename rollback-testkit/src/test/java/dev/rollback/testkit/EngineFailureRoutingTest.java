package dev.rollback.testkit;

import static dev.rollback.testkit.EngineOutcomesTest.MANUAL;
import static dev.rollback.testkit.EngineOutcomesTest.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.EdgeKind;
import dev.rollback.core.FailureKind;
import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.RunResult;
import dev.rollback.core.StepResult;
import dev.rollback.spi.RunOutcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** A throw, a hang, an interrupt or a malformed answer sends the run down its lane's failure edge. */
class EngineFailureRoutingTest {

  static List<Arguments> faults() {
    return List.of(
        Arguments.of(Op.CURRENT_VERSION, RunOutcome.MANUAL_NEEDED),
        Arguments.of(Op.PREVIOUS_STABLE, RunOutcome.MANUAL_NEEDED),
        Arguments.of(Op.VALIDATE, RunOutcome.MANUAL_NEEDED),
        Arguments.of(Op.SCALE_DOWN, RunOutcome.ROLLBACK_FAILED),
        Arguments.of(Op.DEPLOY, RunOutcome.ROLLBACK_FAILED),
        Arguments.of(Op.READINESS, RunOutcome.ROLLBACK_FAILED),
        Arguments.of(Op.POD_HEALTH, RunOutcome.ROLLBACK_FAILED),
        Arguments.of(Op.SWITCH_TRAFFIC, RunOutcome.ROLLBACK_FAILED),
        Arguments.of(Op.SMOKE, RunOutcome.NEEDS_ATTENTION),
        Arguments.of(Op.RECORD_ROLLBACK, RunOutcome.NEEDS_ATTENTION),
        Arguments.of(Op.CLEANUP, RunOutcome.NEEDS_ATTENTION));
  }

  static List<Arguments> faultMatrix() {
    List<Behavior> behaviors = List.of(
        Behavior.fail("boom"), Behavior.hang(), Behavior.interrupt(), Behavior.malformed());
    return faults().stream()
        .flatMap(a -> behaviors.stream().map(b -> Arguments.of(a.get()[0], b, a.get()[1])))
        .toList();
  }

  @ParameterizedTest(name = "{1} at {0} ends {2}")
  @MethodSource("faultMatrix")
  void faultEndsInTheLanesOutcomeWithExactlyOneTerminalNotification(Op op, Behavior fault, RunOutcome expected) {
    TestRig rig = TestRig.create();
    rig.script().always(op, fault);

    RunResult result = rig.run(MANUAL);

    assertEquals(expected, result.outcome(), result.journal().toString());
    Node node = op.node();
    assertNotNull(node);
    JournalEntry failed = entry(result, node);
    if (node.kind() == dev.rollback.core.NodeKind.DECISION) {
      assertEquals(StepResult.NO, failed.result());
      assertNotNull(failed.detail());
    } else {
      assertEquals(StepResult.FAILED, failed.result(), failed.toString());
      FailureKind kind = failed.failure();
      FailureKind want = fault instanceof Behavior.Fail ? FailureKind.THREW
          : fault == Behavior.hang() ? FailureKind.TIMED_OUT
          : fault == Behavior.interrupt() ? FailureKind.INTERRUPTED
          : FailureKind.MALFORMED;
      assertEquals(want, kind, failed.toString());
    }
    assertEquals(1, result.path().stream().filter(n -> n == Node.NOTIFY_ON_CALL).count());
    assertEquals(Node.END, result.path().get(result.path().size() - 1));
    assertEquals(1, rig.notifier().delivered().stream()
        .filter(n -> n.kind() == dev.rollback.spi.NotificationKind.RUN_FINISHED).count());
    assertTrue(result.duration().compareTo(rig.engine().policy().overallDeadline()) <= 0);
  }

  @Test
  void aFailureBeforeTheDecisionSkipsTheRestOfTheLaneAndTheDecisionAnswersNo() {
    TestRig rig = TestRig.create();
    rig.script().then(Op.SCALE_DOWN, Behavior.fail("connection refused"));

    RunResult result = rig.run(MANUAL);

    assertEquals(StepResult.SKIPPED, entry(result, Node.DEPLOY_PREVIOUS).result());
    assertEquals(StepResult.SKIPPED, entry(result, Node.WAIT_READY).result());
    JournalEntry decision = entry(result, Node.PODS_HEALTHY);
    assertEquals(StepResult.NO, decision.result());
    assertEquals("Scale down new pods failed: ClusterDriver.scaleDown threw: java.lang.IllegalStateException:"
        + " connection refused", decision.detail());
    assertEquals(List.of(), rig.script().calls(Op.DEPLOY));
    assertEquals(List.of(), rig.script().calls(Op.POD_HEALTH), "nothing was deployed, so no pods to check");
  }

  @Test
  void aFailureAfterTheDecisionTakesTheDeclaredFaultEdge() {
    TestRig rig = TestRig.create();
    rig.script().then(Op.SWITCH_TRAFFIC, Behavior.fail("selector patch refused"));

    RunResult result = rig.run(MANUAL);

    JournalEntry failed = entry(result, Node.UPDATE_SELECTOR);
    assertEquals(EdgeKind.FAULT, failed.edge().kind());
    assertEquals(Node.MARK_FAILED, failed.edge().to());
    assertEquals("java.lang.IllegalStateException: selector patch refused", failed.cause());
  }

  @Test
  void aHangTimesOutAtTheStepDeadlineInVirtualTime() {
    TestRig rig = TestRig.create();
    rig.script().then(Op.DEPLOY, Behavior.hang());

    RunResult result = rig.run(MANUAL);

    JournalEntry deploy = entry(result, Node.DEPLOY_PREVIOUS);
    assertEquals(FailureKind.TIMED_OUT, deploy.failure());
    assertEquals(Duration.ofSeconds(30), deploy.duration());
    assertEquals("ClusterDriver.deploy did not answer within 30s", deploy.detail());
  }

  @Test
  void aSlowAnswerWithinTheDeadlineIsWaitedFor() {
    TestRig rig = TestRig.create();
    rig.script().then(Op.DEPLOY, Behavior.slow(Duration.ofSeconds(25)));

    RunResult result = rig.run(MANUAL);

    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
    assertEquals(Duration.ofSeconds(25), entry(result, Node.DEPLOY_PREVIOUS).duration());
  }

  @Test
  void aRegistryOfferingTheCurrentVersionAsPreviousIsMalformed() {
    TestRig rig = TestRig.create();
    rig.script().then(Op.PREVIOUS_STABLE, Behavior.malformed());

    RunResult result = rig.run(MANUAL);

    JournalEntry fetch = entry(result, Node.FETCH_PREVIOUS);
    assertEquals(FailureKind.MALFORMED, fetch.failure());
    assertTrue(fetch.detail().contains("offered the current version v2"), fetch.detail());
    assertEquals(RunOutcome.MANUAL_NEEDED, result.outcome());
  }

  @Test
  void waitingForPodsThatNeverGetReadyFailsAtTheWaitDeadlineAndStillChecksPodHealth() {
    TestRig rig = TestRig.create();
    rig.script().always(Op.READINESS, Behavior.succeed());
    rig.policy(dev.rollback.core.RollbackPolicy.builder()
        .stepDeadline(Node.WAIT_READY, Duration.ofSeconds(10)).build());

    RunResult result = rig.run(MANUAL);

    JournalEntry wait = entry(result, Node.WAIT_READY);
    assertEquals(FailureKind.TIMED_OUT, wait.failure());
    // the driver pushes changes, so the engine polls only at 0 s and then every 15 s
    assertEquals("pods not ready within 10s: 0/3 ready after 1 poll(s)", wait.detail());
    assertFalse(rig.script().calls(Op.POD_HEALTH).isEmpty(), "pod health explains why");
    assertEquals(RunOutcome.ROLLBACK_FAILED, result.outcome());
  }
}
