package dev.rollback.k8s;

import static dev.rollback.k8s.Fixtures.APP;
import static dev.rollback.k8s.Fixtures.IMAGE_V1;
import static dev.rollback.k8s.Fixtures.VERSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.ScaleDown;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs the workflow step by step through the adapters, for each of the four outcomes in both
 * rollout shapes, on the real control plane: the Deployment, ReplicaSet and Job controllers act on
 * what the adapters write, and kwok plays the kubelets (faulty pods by {@link Fixtures.Fault}).
 */
public class WorkflowTest {
  public static final String SMOKE_OK = "registry.example.com/shop/smoke:1";
  public static final String SMOKE_FAILING = "registry.example.com/shop/smoke:broken";

  TestCluster cluster;
  Fixtures fixtures;
  DeploymentRef ref;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Opens a namespace of its own and the fixtures on it; faults are added before {@link #setUpFixtures}. */
  Fixtures open() throws Exception {
    cluster = TestCluster.create();
    ref = cluster.ref(APP);
    fixtures = new Fixtures(cluster);
    return fixtures;
  }

  StepwiseWorkflow setUp(RolloutShape shape, boolean withV1, String smokeImage) throws Exception {
    open();
    return workflow(shape, withV1, smokeImage);
  }

  /** Creates the shape's objects and waits for the controllers to roll them out. */
  void setUpFixtures(RolloutShape shape, boolean withV1) throws Exception {
    if (shape == RolloutShape.BLUE_GREEN) {
      fixtures.blueGreen(withV1);
    } else {
      fixtures.inPlace(withV1);
    }
  }

  private StepwiseWorkflow workflow(RolloutShape shape, boolean withV1, String smokeImage) throws Exception {
    setUpFixtures(shape, withV1);
    KubernetesAdapters k8s = KubernetesAdapters.create(cluster.adapterClient(), config(shape));
    return new StepwiseWorkflow(k8s, k8s.jobSmokeTester(smokeJob(smokeImage)), ScaleDown.removeAll(), Duration.ofSeconds(30));
  }

  static KubernetesAdapterConfig config(RolloutShape shape) {
    // No scale-down delay after the switch (BlueGreenDrainTest measures it), and the survival
    // check at once (GitOpsTest measures its window).
    return KubernetesAdapterConfig.builder().shape(shape).scaleDownDelay(Duration.ZERO).survivalWindow(Duration.ZERO)
        .backoff(Duration.ofMillis(5), Duration.ofMillis(50)).readinessPollMax(Duration.ofMillis(50)).build();
  }

  /** The smoke-test Job; kwok makes the pods of {@link #SMOKE_FAILING} exit 1 with a termination message. */
  static JobSmokeTestConfig smokeJob(String image) {
    V1ObjectMeta podMeta = new V1ObjectMeta();
    if (SMOKE_FAILING.equals(image)) {
      podMeta.annotations(Map.of(Fixtures.FAULT, Fixtures.Fault.JOB_FAIL.annotation));
    }
    V1Job template = new V1Job().metadata(new V1ObjectMeta().name("checkout-smoke"))
        .spec(new V1JobSpec().backoffLimit(0).template(new V1PodTemplateSpec().metadata(podMeta)
            .spec(new V1PodSpec().restartPolicy("Never").containers(List.of(new V1Container().name("smoke").image(image))))));
    return JobSmokeTestConfig.builder(template).pollInterval(Duration.ofMillis(50)).timeout(Duration.ofSeconds(30)).build();
  }

  @ParameterizedTest
  @EnumSource(RolloutShape.class)
  void rolledBack(RolloutShape shape) throws Exception {
    StepwiseWorkflow wf = setUp(shape, true, SMOKE_OK);
    StepwiseWorkflow.Result r = wf.run(ref, RunId.of("run-1"));

    assertEquals(RunOutcome.ROLLED_BACK, r.outcome(), r.journal().toString());
    assertEquals("v2", r.manifest().from().id());
    assertEquals("v1", r.manifest().to().id());
    assertTrue(r.smoke().passed(), r.smoke().summary());
    assertTrue(r.smoke().checks().get(0).detail().contains("3/3 checks passed"), r.smoke().summary());
    assertTrue(r.health().allHealthy(), r.health().summary());
    assertEquals(3, r.health().pods().size());
    AppsV1Api apps = new AppsV1Api(cluster.plainClient());
    if (shape == RolloutShape.BLUE_GREEN) {
      assertEquals("v1", new CoreV1Api(cluster.plainClient()).readNamespacedService(APP, cluster.ns).execute()
          .getSpec().getSelector().get(VERSION));
      V1Deployment v1 = apps.readNamespacedDeployment("checkout-v1", cluster.ns).execute();
      assertEquals(3, v1.getSpec().getReplicas(), "v1 runs at v2's former replica count");
      assertEquals("run-1", v1.getMetadata().getAnnotations().get("rollback.dev/rollback-run"));
      assertEquals("v2", v1.getMetadata().getAnnotations().get("rollback.dev/rollback-from"));
      assertTrue(apps.listNamespacedDeployment(cluster.ns).execute().getItems().stream()
          .noneMatch(d -> d.getMetadata().getName().equals("checkout-v2")), "cleanup deleted checkout-v2");
    } else {
      V1Deployment d = apps.readNamespacedDeployment(APP, cluster.ns).execute();
      var t = d.getSpec().getTemplate();
      assertEquals(IMAGE_V1, t.getSpec().getContainers().get(0).getImage());
      assertEquals("v1", t.getMetadata().getLabels().get(VERSION));
      assertFalse(t.getMetadata().getLabels().containsKey("pod-template-hash"));
      assertEquals(3, d.getSpec().getReplicas());
      // A merge patch's null removes the key on a real server; the mock stores a null value.
      assertNull(d.getMetadata().getAnnotations().get("rollback.dev/replicas-before"), "cleanup removed bookkeeping");
      List<V1ReplicaSet> rss = apps.listNamespacedReplicaSet(cluster.ns).execute().getItems().stream()
          .sorted(Comparator.comparingLong(Fixtures::revision)).toList();
      assertEquals(2, rss.size(), "the old ReplicaSet was reused, as the controller does");
      assertEquals("v1", rss.get(1).getSpec().getTemplate().getMetadata().getLabels().get(VERSION));
      assertEquals(3, Fixtures.revision(rss.get(1)));
      // The record is the restored ReplicaSet's: on the Deployment, the controller would copy it
      // onto every later ReplicaSet.
      assertEquals("v1", rss.get(1).getMetadata().getAnnotations().get("rollback.dev/rollback-to"));
      assertNull(d.getMetadata().getAnnotations().get("rollback.dev/rollback-to"));
      for (V1ReplicaSet rs : rss) {
        assertTrue(rs.getMetadata().getAnnotations().keySet().stream().noneMatch(k -> k.equals("rollback.dev/replicas-before")
            || k.equals("rollback.dev/scaled-down-by-run") || k.equals("rollback.dev/paused-by-run")),
            "no run bookkeeping left on " + rs.getMetadata().getName() + ": " + rs.getMetadata().getAnnotations());
      }
      assertEquals("run-1", rss.get(0).getMetadata().getAnnotations().get("rollback.dev/rolled-back-from-run"));
    }
    assertEquals(List.of("RollbackStarted", "RollbackComplete"), eventReasons());

    // Repeating the state-changing steps of the finished run changes nothing.
    int before = writes();
    KubernetesAdapters k8s = KubernetesAdapters.create(cluster.adapterClient(), config(shape));
    k8s.clusterDriver().switchTraffic(r.manifest());
    k8s.versionRegistry().recordRollback(r.manifest(), java.time.Instant.now());
    k8s.clusterDriver().cleanup(r.manifest());
    k8s.eventNotifier().send(StepwiseWorkflow.notification(RunId.of("run-1"), ref,
        dev.rollback.spi.NotificationKind.RUN_FINISHED, RunOutcome.ROLLED_BACK, r.manifest(), "again"));
    assertEquals(before + 1, writes(), "only the Event create is sent again, and it is answered 409");
    assertEquals(2, eventReasons().size());

    // The version rolled back from is never offered as stable again.
    PreviousVersion again = k8s.versionRegistry().previousStable(ref, k8s.versionRegistry().currentVersion(ref));
    assertInstanceOf(PreviousVersion.NoneAvailable.class, again);
    String reason = ((PreviousVersion.NoneAvailable) again).reason();
    assertTrue(reason.contains(shape == RolloutShape.BLUE_GREEN ? "none other exists" : "rolled back from by run run-1"), reason);
  }

  @ParameterizedTest
  @EnumSource(RolloutShape.class)
  void manualNeededWhenNoPreviousVersion(RolloutShape shape) throws Exception {
    StepwiseWorkflow wf = setUp(shape, false, SMOKE_OK);
    int before = writes();
    StepwiseWorkflow.Result r = wf.run(ref, RunId.of("run-2"));

    assertEquals(RunOutcome.MANUAL_NEEDED, r.outcome(), r.journal().toString());
    assertNull(r.manifest());
    assertTrue(r.journal().get(1).startsWith("none: "), r.journal().toString());
    assertEquals(before + 2, writes(), "only the two Events are written");
    assertEquals(List.of("RollbackStarted", "RollbackManualNeeded"), eventReasons());
  }

  @ParameterizedTest
  @EnumSource(RolloutShape.class)
  void rollbackFailedWhenPreviousVersionIsUnhealthy(RolloutShape shape) throws Exception {
    boolean blueGreen = shape == RolloutShape.BLUE_GREEN;
    open().fault(IMAGE_V1, blueGreen ? Fixtures.Fault.CRASH_LOOP : Fixtures.Fault.IMAGE_PULL);
    StepwiseWorkflow wf = workflow(shape, true, SMOKE_OK);
    StepwiseWorkflow.Result r = wf.run(ref, RunId.of("run-3"));

    assertEquals(RunOutcome.ROLLBACK_FAILED, r.outcome(), r.journal().toString());
    String readiness = r.journal().get(2);
    assertTrue(readiness.contains(blueGreen ? "CrashLoopBackOff" : "ImagePullBackOff"), readiness);
    String summary = r.health().summary();
    // The wait ends at the first persistent failure; how many of the 3 pods the ReplicaSet
    // controller has made by then depends on its timing, but none of them is healthy.
    assertTrue(summary.matches("0/[1-3] pods healthy; .*"), summary);
    assertTrue(r.health().pods().stream().noneMatch(p -> p.healthy()), summary);
    if (blueGreen) {
      assertTrue(summary.contains("container app keeps crashing (CrashLoopBackOff, 5 restarts)"), summary);
      assertTrue(summary.contains("killed for running out of memory (OOMKilled)"), summary);
    } else {
      assertTrue(summary.contains("container app cannot pull image " + IMAGE_V1 + " (ImagePullBackOff)"), summary);
    }
    assertEquals(List.of("RollbackStarted", "RollbackFailed"), eventReasons());

    KubernetesAdapters k8s = KubernetesAdapters.create(cluster.adapterClient(), config(shape));
    PreviousVersion next = k8s.versionRegistry().previousStable(ref, k8s.versionRegistry().currentVersion(ref));
    assertInstanceOf(PreviousVersion.NoneAvailable.class, next, "a version that failed is not offered again");
    assertTrue(((PreviousVersion.NoneAvailable) next).reason().contains(
        blueGreen ? "marked failed by run run-3" : "rolled back from by run run-3"), next.toString());
    int before = writes();
    k8s.versionRegistry().markFailed(r.manifest(), summary);
    assertEquals(before, writes(), "marking twice writes once");
  }

  @ParameterizedTest
  @EnumSource(RolloutShape.class)
  void needsAttentionWhenSmokeJobFails(RolloutShape shape) throws Exception {
    open();
    cluster.serveLogs("smoke", List.of("GET /readyz 200", "FAIL: /healthz answered 503", "GET /metrics 200"));
    StepwiseWorkflow wf = workflow(shape, true, SMOKE_FAILING);
    StepwiseWorkflow.Result r = wf.run(ref, RunId.of("run-4"));

    assertEquals(RunOutcome.NEEDS_ATTENTION, r.outcome(), r.journal().toString());
    assertFalse(r.smoke().passed());
    String detail = r.smoke().checks().get(0).detail();
    assertTrue(detail.contains("failed (BackoffLimitExceeded"), detail);
    assertTrue(detail.contains("exited 1 (Error); termination message: 1 of 3 checks failed: GET /healthz answered 503"), detail);
    assertTrue(detail.contains("FAIL: /healthz answered 503"), "log tail: " + detail);
    assertTrue(detail.contains("(checking version v1)"), "the Job ran against the restored version: " + detail);
    assertEquals(List.of("RollbackStarted", "RollbackEscalated", "RollbackNeedsAttention"), eventReasons());
    String job = r.smoke().checks().get(0).name().substring("Job ".length());
    assertNotNull(new BatchV1Api(cluster.plainClient()).readNamespacedJob(job, cluster.ns).execute(),
        "a failed Job is kept for inspection by default");
  }

  /** The reasons of the Events the Event notifier wrote (the controllers and kwok write others). */
  List<String> eventReasons() throws Exception {
    return new CoreV1Api(cluster.plainClient()).listNamespacedEvent(cluster.ns).execute().getItems().stream()
        .filter(e -> "rollback".equals(e.getReportingComponent()))
        .sorted(Comparator.comparing((CoreV1Event e) -> Long.parseLong(e.getMetadata().getResourceVersion())))
        .map(CoreV1Event::getReason).toList();
  }

  static int writes() {
    return (int) RequestLog.INSTANCE.entries().stream()
        .filter(e -> !e.method().equals("GET")).count();
  }

  static Map<String, String> annotations(V1Deployment d) {
    return d.getMetadata().getAnnotations();
  }

  /**
   * In place, zero downtime: <i>Scale down new pods</i> pauses the Deployment (the failing
   * ReplicaSet grows no further) and shrinks it to the floor; <i>Deploy previous image</i> lifts
   * that pause with the restore, and cleanup removes the bookkeeping. A pause a person made is
   * refused, as kubectl refuses to undo a paused Deployment.
   */
  @org.junit.jupiter.api.Test
  void inPlaceScaleDownPausesTheRolloutAndRefusesAPersonsPause() throws Exception {
    open();
    setUpFixtures(RolloutShape.IN_PLACE, true);
    KubernetesAdapters k8s = KubernetesAdapters.create(cluster.adapterClient(), config(RolloutShape.IN_PLACE));
    AppsV1Api apps = new AppsV1Api(cluster.plainClient());
    var current = k8s.versionRegistry().currentVersion(ref);
    var previous = ((PreviousVersion.Found) k8s.versionRegistry().previousStable(ref, current)).version();
    var m = new dev.rollback.spi.RollbackManifest(RunId.of("run-p"), ref, current, previous, ScaleDown.keepFloor(1),
        java.time.Instant.now());

    personSetsPaused(apps, true);
    // Fresh adapters: the first ones reuse the Deployment they read for the manifest (readReuse).
    k8s = KubernetesAdapters.create(cluster.adapterClient(), config(RolloutShape.IN_PLACE));
    List<String> problems = k8s.clusterDriver().validate(m);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("is paused (kubectl rollout pause)"), problems.get(0));
    personSetsPaused(apps, false);

    k8s = KubernetesAdapters.create(cluster.adapterClient(), config(RolloutShape.IN_PLACE));
    assertEquals(List.of(), k8s.clusterDriver().validate(m));
    k8s.clusterDriver().scaleDown(m);
    V1Deployment d = apps.readNamespacedDeployment(APP, cluster.ns).execute();
    assertEquals(Boolean.TRUE, d.getSpec().getPaused());
    assertEquals(1, d.getSpec().getReplicas());
    assertEquals("run-p", annotations(d).get("rollback.dev/paused-by-run"));
    assertEquals(List.of(), k8s.clusterDriver().validate(m), "the run's own pause is no obstacle");

    k8s.clusterDriver().deploy(m);
    d = apps.readNamespacedDeployment(APP, cluster.ns).execute();
    assertTrue(d.getSpec().getPaused() == null || !d.getSpec().getPaused(), "deploy lifts the pause");
    assertEquals(3, d.getSpec().getReplicas());
    fixtures.awaitRollout(APP, true);
    k8s.clusterDriver().cleanup(m);
    assertNull(annotations(apps.readNamespacedDeployment(APP, cluster.ns).execute()).get("rollback.dev/paused-by-run"));
  }

  /**
   * Pauses or resumes the Deployment as {@code kubectl rollout pause/resume} does: read, change,
   * write, again on a 409 (the controller's status writes race a person's).
   */
  private void personSetsPaused(AppsV1Api apps, boolean paused) throws Exception {
    for (int attempt = 1; ; attempt++) {
      V1Deployment d = apps.readNamespacedDeployment(APP, cluster.ns).execute();
      d.getSpec().setPaused(paused);
      try {
        apps.replaceNamespacedDeployment(APP, cluster.ns, d).execute();
        return;
      } catch (io.kubernetes.client.openapi.ApiException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }
}
