package dev.rollback.k8s;

import static dev.rollback.k8s.Fixtures.APP;
import static dev.rollback.k8s.Fixtures.IMAGE_V1;
import static dev.rollback.k8s.Fixtures.VERSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.DeploymentBusyException;
import dev.rollback.core.Node;
import dev.rollback.core.Resumption;
import dev.rollback.core.RunEvent;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.k8s.internal.LeaseDeploymentLock;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RunOutcome;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two engines on the real control plane share the ConfigMap run store and the Lease lock: a run whose
 * engine dies mid-way is finished by the other once the lease expires, and of two engines starting
 * a run for one deployment at once exactly one runs it.
 */
class DurableRunsOnClusterTest {
  static final Duration LEASE = Duration.ofSeconds(2);
  static final Trigger MANUAL = Trigger.manual("on-call", "error ratio 12% after v2");

  /** What a takeover looked like: the resumed run and how long after the death it resumed. */
  record Takeover(RunResult result, Duration afterDeath) {}

  @ParameterizedTest
  @EnumSource(RolloutShape.class)
  void aRunWhoseEngineDiesIsResumedByAnotherAfterTheLeaseExpires(RolloutShape shape) throws Exception {
    try (Replicas replicas = new Replicas(shape, LEASE)) {
      Takeover takeover = dieBeforeSelectorAndTakeOver(replicas);
      RunResult result = takeover.result();

      assertEquals(RunOutcome.ROLLED_BACK, result.outcome(), result.journal().toString());
      Resumption resumption = result.resumptions().get(0);
      assertEquals(Node.UPDATE_SELECTOR, resumption.node(), "resumed at the step that was next");
      assertEquals("replica-b", resumption.holder());
      assertEquals(1, result.path().stream().filter(n -> n == Node.UPDATE_SELECTOR).count());
      assertTrue(takeover.afterDeath().compareTo(Duration.ofSeconds(1)) >= 0,
          "not before the lease could have expired: " + takeover.afterDeath());
      assertTrue(takeover.afterDeath().compareTo(LEASE.plus(Duration.ofMillis(1500))) <= 0,
          "within the lease duration and a resume interval: " + takeover.afterDeath());
      assertEquals(1, replicas.notifier.count(NotificationKind.RUN_FINISHED), "exactly one terminal notification");
      assertEquals(1, replicas.notifier.count(NotificationKind.ROLLBACK_ALERT), "the alert is not repeated");
      assertRolledBack(replicas);
      assertTrue(replicas.store().unfinished().isEmpty(), "the store knows the run finished");
      assertNull(((LeaseDeploymentLock) replicas.lock()).holder(replicas.ref()), "the lease was released");
    }
  }

  /**
   * Replica A starts a run and dies as <i>Update service selector</i> starts (after scale-down and
   * deploy: traffic still on the failing version); replica B, resuming every 200 ms, takes over.
   */
  static Takeover dieBeforeSelectorAndTakeOver(Replicas replicas) throws Exception {
    CompletableFuture<Instant> died = new CompletableFuture<>();
    List<EngineProcess> a = new ArrayList<>();
    a.add(replicas.replica("replica-a", e -> {
      if (e instanceof RunEvent.StepStarted s && s.node() == Node.UPDATE_SELECTOR && !died.isDone()) {
        a.get(0).kill();
        died.complete(Instant.now());
      }
    }, b -> b));
    replicas.engine(0).start(replicas.ref(), MANUAL);
    Instant diedAt = died.get(60, TimeUnit.SECONDS);

    assertEquals("v2", new CoreV1Api(replicas.scenario.cluster.plainClient()).readNamespacedService(APP, replicas.ns()).execute()
        .getSpec().getSelector().getOrDefault(VERSION, "v2"), "traffic still goes to the failing version");
    assertEquals(1, replicas.store().unfinished().size(), "the run is stored unfinished");
    assertEquals("replica-a", new CoordinationV1Api(replicas.scenario.cluster.plainClient())
        .readNamespacedLease(LeaseDeploymentLock.leaseName(replicas.ref()), replicas.ns()).execute().getSpec().getHolderIdentity(),
        "the dead replica did not release its lease");

    CompletableFuture<RunResult> finished = new CompletableFuture<>();
    replicas.replica("replica-b", e -> {
      if (e instanceof RunEvent.RunFinished f) {
        finished.complete(f.result());
      }
    }, b -> b.resumeEvery(Duration.ofMillis(200)));
    RunResult result = finished.get(60, TimeUnit.SECONDS);
    return new Takeover(result, Duration.between(diedAt, result.resumptions().get(0).resumedAt()));
  }

  @ParameterizedTest
  @EnumSource(RolloutShape.class)
  void ofTwoEnginesStartingARunForOneDeploymentExactlyOneRunsIt(RolloutShape shape) throws Exception {
    try (Replicas replicas = new Replicas(shape, LEASE)) {
      replicas.replica("replica-a", e -> {}, b -> b);
      replicas.replica("replica-b", e -> {}, b -> b);
      CompletableFuture<RunResult> a = replicas.engine(0).start(replicas.ref(), MANUAL);
      CompletableFuture<RunResult> b = replicas.engine(1).start(replicas.ref(), MANUAL);

      List<RunResult> ran = new ArrayList<>();
      int busy = 0;
      for (CompletableFuture<RunResult> f : List.of(a, b)) {
        try {
          ran.add(f.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          assertInstanceOf(DeploymentBusyException.class, e.getCause());
          busy++;
        }
      }
      assertEquals(1, ran.size(), "exactly one engine ran the rollback");
      assertEquals(1, busy, "the other was told the deployment is busy");
      assertEquals(RunOutcome.ROLLED_BACK, ran.get(0).outcome(), ran.get(0).journal().toString());
      assertEquals(1, replicas.notifier.count(NotificationKind.RUN_FINISHED));
      assertEquals(1, replicas.notifier.count(NotificationKind.ROLLBACK_ALERT));
      assertRolledBack(replicas);
      assertEquals(0, replicas.store().unfinished().size());
    }
  }

  static void assertRolledBack(Replicas replicas) throws Exception {
    TestCluster cluster = replicas.scenario.cluster;
    AppsV1Api apps = new AppsV1Api(cluster.plainClient());
    if (replicas.shape == RolloutShape.BLUE_GREEN) {
      assertEquals("v1", new CoreV1Api(cluster.plainClient()).readNamespacedService(APP, replicas.ns()).execute()
          .getSpec().getSelector().get(VERSION));
      assertEquals(3, apps.readNamespacedDeployment("checkout-v1", replicas.ns()).execute().getSpec().getReplicas());
      assertTrue(apps.listNamespacedDeployment(replicas.ns()).execute().getItems().stream()
          .noneMatch(d -> d.getMetadata().getName().equals("checkout-v2")), "cleanup deleted checkout-v2");
    } else {
      var d = apps.readNamespacedDeployment(APP, replicas.ns()).execute();
      assertEquals(IMAGE_V1, d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
      assertEquals(3, d.getSpec().getReplicas());
    }
  }
}
