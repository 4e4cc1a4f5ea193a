package dev.rollback.testkit;

import static dev.rollback.testkit.EngineOutcomesTest.MANUAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Node;
import dev.rollback.core.RunResult;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.spi.Audience;
import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.PodHealthReport;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The channel from the cluster driver to people: {@link ClusterDriver#notices} is asked after each
 * cluster step, and what it says reaches every later notification, the run's result, the run store
 * and the postmortem's action items.
 */
class ClusterNoticesTest {
  static final ClusterNotice SUSPENDED = new ClusterNotice("gitops:Deployment/checkout",
      "Suspended Flux's reconciliation of Deployment checkout (annotation kustomize.toolkit.fluxcd.io/reconcile:"
          + " disabled)",
      "Revert the release in Git, then remove the annotation so that Flux reconciles Deployment checkout again");

  @Test
  void aNoticeFromScaleDownReachesTheFinalNotificationTheResultAndThePostmortem() {
    TestRig rig = TestRig.create();
    rig.cluster().noticeAfter(Op.SCALE_DOWN, SUSPENDED);

    RunResult result = rig.run(MANUAL);

    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
    assertEquals(List.of(SUSPENDED), result.notices());
    Notification alert = only(rig, NotificationKind.ROLLBACK_ALERT);
    assertFalse(alert.message().contains("Flux"), "the alert went out before the cluster was changed");
    Notification finished = only(rig, NotificationKind.RUN_FINISHED);
    assertTrue(finished.message().endsWith(" On the cluster: " + SUSPENDED.summary() + ". " + SUSPENDED.action() + "."),
        finished.message());
    assertEquals(SUSPENDED.summary() + ". " + SUSPENDED.action() + ".", finished.facts().get("cluster notice 1"));
    Postmortem pm = Postmortem.of(result);
    assertTrue(pm.actionItems().stream().anyMatch(a -> a.type() == Postmortem.ActionType.MITIGATE
            && a.description().equals(SUSPENDED.action() + " (" + SUSPENDED.summary() + ").")),
        pm.actionItems().toString());
    assertTrue(pm.summary().endsWith(SUSPENDED.summary() + "."), pm.summary());
    assertTrue(pm.markdown().contains(SUSPENDED.action()), "the Markdown lists the action item");
  }

  @Test
  void aNoticeFromAStepThatThrewIsStillToldBecauseTheClusterWasChanged() {
    TestRig rig = TestRig.create();
    rig.cluster().noticeAfter(Op.SCALE_DOWN, SUSPENDED);
    rig.script().always(Op.SCALE_DOWN, Behavior.fail("apiserver said 500"));

    RunResult result = rig.run(MANUAL);

    assertEquals(RunOutcome.ROLLBACK_FAILED, result.outcome());
    assertEquals(List.of(SUSPENDED), result.notices());
    assertTrue(only(rig, NotificationKind.RUN_FINISHED).message().contains(SUSPENDED.action()));
  }

  @Test
  void aNoticeWithAKnownKeyReplacesTheEarlierTextsInItsPlace() {
    TestRig rig = TestRig.create();
    ClusterNotice planned = new ClusterNotice("config", "ConfigMap checkout-config will be restored", null);
    ClusterNotice other = new ClusterNotice("other", "Pinned the autoscaler of checkout", "Unpin it");
    ClusterNotice restored = new ClusterNotice("config", "Restored ConfigMap checkout-config with the template",
        null);
    rig.cluster().noticeAfter(Op.VALIDATE, planned).noticeAfter(Op.VALIDATE, other)
        .noticeAfter(Op.DEPLOY, restored);

    RunResult result = rig.run(MANUAL);

    assertEquals(List.of(restored, other), result.notices());
    Notification finished = only(rig, NotificationKind.RUN_FINISHED);
    assertEquals(restored.summary() + ".", finished.facts().get("cluster notice 1"));
    assertEquals(other.summary() + ". Unpin it.", finished.facts().get("cluster notice 2"));
    assertFalse(finished.message().contains("will be restored"), finished.message());
  }

  @Test
  void aDriverWhoseNoticesThrowIsAFaultOfTheRunNotOfItsStep() {
    TestRig rig = TestRig.create();
    ClusterDriver broken = new Delegating(rig.cluster()) {
      @Override
      public List<ClusterNotice> notices(RollbackManifest manifest) {
        throw new IllegalStateException("notices bug");
      }
    };
    rig.customize(b -> b.clusterDriver(broken));

    RunResult result = rig.run(MANUAL);

    assertEquals(RunOutcome.ROLLED_BACK, result.outcome(), "every step answered");
    assertTrue(result.notices().isEmpty());
    Notification finished = only(rig, NotificationKind.RUN_FINISHED);
    assertTrue(finished.message().contains(
        "ClusterDriver.notices threw after Prepare rollback manifest: java.lang.IllegalStateException: notices bug"),
        finished.message());
    assertEquals(dev.rollback.spi.Severity.CRITICAL, finished.severity(), "a run with faults is not a clean success");
  }

  @Test
  void aResumedRunKeepsTheNoticesOfTheProcessBeforeFromTheRunStore() {
    TestRig rig = TestRig.create();
    InMemoryRunStore store = InMemoryRunStore.create();
    rig.cluster().noticeAfter(Op.SCALE_DOWN, SUSPENDED);
    CrashableScheduler a = CrashableScheduler.on(rig.time());
    store.crashBefore(Node.UPDATE_SELECTOR, a);
    RollbackEngine first = rig.engineOn(a, b -> b.runStore(store));
    CompletableFuture<RunResult> lost = first.start(TestRig.CHECKOUT, MANUAL);
    rig.time().runUntilIdle();
    assertFalse(lost.isDone(), "the first engine died after Scale down new pods");
    rig.time().advance(Duration.ofMinutes(1));

    // The second process's driver remembers nothing of the first's: the notice comes from the store.
    ClusterDriver forgetful = new Delegating(rig.cluster());
    RollbackEngine second = rig.engineOn(CrashableScheduler.on(rig.time()),
        b -> b.runStore(store).clusterDriver(forgetful));
    List<CompletableFuture<RunResult>> resumed = rig.time().runUntil(second.resumeUnfinished());
    RunResult result = rig.time().runUntil(resumed.get(0));

    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
    assertEquals(1, result.resumptions().size());
    assertEquals(List.of(SUSPENDED), result.notices());
    assertTrue(only(rig, NotificationKind.RUN_FINISHED).message().contains(SUSPENDED.action()));
  }

  private static Notification only(TestRig rig, NotificationKind kind) {
    List<Notification> delivered = rig.notifier().delivered(kind, Audience.ON_CALL);
    assertEquals(1, delivered.size(), kind + " notifications: " + delivered);
    return delivered.get(0);
  }

  /** Forwards every step to {@code to}, and reports no notices. */
  private static class Delegating implements ClusterDriver {
    private final ClusterDriver to;

    Delegating(ClusterDriver to) {
      this.to = to;
    }

    @Override
    public List<String> validate(RollbackManifest m) throws InterruptedException {
      return to.validate(m);
    }

    @Override
    public void scaleDown(RollbackManifest m) throws InterruptedException {
      to.scaleDown(m);
    }

    @Override
    public void deploy(RollbackManifest m) throws InterruptedException {
      to.deploy(m);
    }

    @Override
    public ReadinessSnapshot readiness(RollbackManifest m) throws InterruptedException {
      return to.readiness(m);
    }

    @Override
    public Subscription watchReadiness(RollbackManifest m, Consumer<ReadinessSnapshot> onChange) {
      return to.watchReadiness(m, onChange);
    }

    @Override
    public PodHealthReport podHealth(RollbackManifest m) throws InterruptedException {
      return to.podHealth(m);
    }

    @Override
    public void switchTraffic(RollbackManifest m) throws InterruptedException {
      to.switchTraffic(m);
    }

    @Override
    public void cleanup(RollbackManifest m) throws InterruptedException {
      to.cleanup(m);
    }
  }
}
