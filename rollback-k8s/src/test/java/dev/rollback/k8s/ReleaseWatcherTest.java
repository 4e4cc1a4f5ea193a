package dev.rollback.k8s;

import static dev.rollback.k8s.Fixtures.APP;
import static dev.rollback.k8s.Fixtures.NAME;
import static dev.rollback.k8s.Fixtures.VERSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.RunResult;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.core.detect.SloThresholdDetector;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.testkit.InMemoryMetricsSource;
import dev.rollback.testkit.TestRig;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentCondition;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: releases found by themselves. A {@link ReleaseWatcher} on the real control plane tells
 * a real {@link DeploymentMonitor} (on the test kit's in-memory engine and metrics, whose watches
 * {@link DeploymentMonitor#watching} shows) of each new revision, with the release time the
 * Deployment controller recorded, and ends the watch when a newer revision replaces it, when the
 * Deployment is deleted and when the judgement window closes; a rollback of this library is not a
 * release.
 */
class ReleaseWatcherTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String IMAGE_V3 = "registry.example.com/shop/checkout:3.0";

  TestCluster cluster;
  Fixtures fixtures;
  DeploymentRef ref;
  final TestRig rig = TestRig.create();
  final DeploymentMonitor monitor = DeploymentMonitor.builder().engine(rig.engine())
      .metrics(InMemoryMetricsSource.create())
      .detector(SloThresholdDetector.above("error_ratio", 0.01, 3, Duration.ofSeconds(30))).build();
  final ToMonitor events = new ToMonitor(monitor);
  final List<ReleaseWatcher> watchers = new ArrayList<>();

  /** The wiring of the listener's javadoc, recording what it was told. */
  static final class ToMonitor implements ReleaseListener {
    final DeploymentMonitor monitor;
    final List<String> told = Collections.synchronizedList(new ArrayList<>());
    final List<Release> releases = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Instant> when = Collections.synchronizedMap(new java.util.HashMap<>());

    ToMonitor(DeploymentMonitor monitor) {
      this.monitor = monitor;
    }

    private void record(String event, Release r) {
      String line = event + " " + r.versionId() + " r" + r.revision();
      when.put(line, Instant.now());
      releases.add(r);
      told.add(line);
    }

    @Override
    public void released(Release r) {
      monitor.watch(new MonitoredDeployment(r.deployment(), r.versionId(), r.releasedAt(), r.judgementWindow()));
      record("released", r);
    }

    @Override
    public void ended(Release r, Release.End why) {
      monitor.unwatch(r.deployment());
      record("ended(" + why + ")", r);
    }

    @Override
    public void restored(Release r) {
      monitor.recordRollback(r.deployment(), r.versionId(), r.releasedAt());
      record("restored", r);
    }

    Release last() {
      return releases.get(releases.size() - 1);
    }
  }

  @BeforeEach
  void open() throws Exception {
    cluster = TestCluster.create();
    fixtures = new Fixtures(cluster);
    ref = cluster.ref(APP);
  }

  @AfterEach
  void close() {
    watchers.forEach(ReleaseWatcher::close);
    monitor.close();
    if (cluster != null) {
      cluster.close();
    }
  }

  ReleaseWatcher watcher(Duration window) {
    return watcher(window, events);
  }

  ReleaseWatcher watcher(Duration window, ReleaseListener listener) {
    return watcher(RolloutShape.IN_PLACE, window, listener);
  }

  ReleaseWatcher watcher(RolloutShape shape, Duration window, ReleaseListener listener) {
    ReleaseWatcher w = ReleaseWatcher.builder(cluster.adapterClient(), WorkflowTest.config(shape))
        .cluster("test").namespaces(cluster.ns).labelSelector(NAME + "=" + APP).judgementWindow(window)
        .listener(listener).build();
    watchers.add(w);
    return w.start();
  }

  void awaitTold(String... expected) throws Exception {
    Await.until("the listener was told " + List.of(expected), WAIT, () -> events.told.size() >= expected.length,
        () -> "told " + events.told);
    assertEquals(List.of(expected), events.told);
  }

  /** Changes the pod template to {@code version} running {@code image} (a new revision) and waits for the rollout. */
  void release(String version, String image) throws Exception {
    AppsV1Api apps = new AppsV1Api(cluster.plainClient());
    V1Deployment d = apps.readNamespacedDeployment(APP, cluster.ns).execute();
    d.getSpec().setTemplate(fixtures.template(Map.of(NAME, APP, VERSION, version), image));
    apps.replaceNamespacedDeployment(APP, cluster.ns, d).execute();
    fixtures.awaitRollout(APP, true);
  }

  /** Returns the Deployment controller's record of when the current rollout completed. */
  Instant completedPerCluster() throws Exception {
    V1Deployment d = new AppsV1Api(cluster.plainClient()).readNamespacedDeployment(APP, cluster.ns).execute();
    V1DeploymentCondition progressing = d.getStatus().getConditions().stream()
        .filter(c -> "Progressing".equals(c.getType())).findFirst().orElseThrow();
    assertEquals("NewReplicaSetAvailable", progressing.getReason());
    return progressing.getLastUpdateTime().toInstant();
  }

  @Test
  void aNewRevisionIsWatchedFromWhenTheClusterSaysItRolledOutAndReplacesTheOlderRelease() throws Exception {
    fixtures.inPlace(false); // v2, revision 1, rolled out
    ReleaseWatcher watcher = watcher(Duration.ofHours(2));
    awaitTold("released v2 r1"); // found at start, its window still open
    assertEquals(completedPerCluster(), events.last().releasedAt());
    assertTrue(monitor.watching(ref));

    Instant changed = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    release("v3", IMAGE_V3);
    awaitTold("released v2 r1", "ended(REPLACED) v2 r1", "released v3 r2");
    Release v3 = events.last();
    assertEquals(completedPerCluster(), v3.releasedAt(), "the release time is the cluster's, not the watcher's");
    assertFalse(v3.releasedAt().isBefore(changed), v3 + " completed after the change at " + changed);
    assertEquals(v3.releasedAt().plus(Duration.ofHours(2)), v3.judgedUntil());
    assertEquals(ref, v3.deployment());
    assertEquals(List.of(v3), watcher.releases());
    assertTrue(monitor.watching(ref), "the monitor watches the new release");
  }

  @Test
  void aWatchTheServerEndedIsResumedFromItsResourceVersionNotListedAgain() throws Exception {
    fixtures.inPlace(false);
    ReleaseWatcher w = ReleaseWatcher.builder(cluster.adapterClient(), KubernetesAdapterConfig.builder(
            WorkflowTest.config(RolloutShape.IN_PLACE)).watchTimeout(Duration.ofSeconds(1)).build())
        .cluster("test").namespaces(cluster.ns).labelSelector(NAME + "=" + APP).listener(events).build();
    watchers.add(w);
    w.start();
    awaitTold("released v2 r1");
    String path = "/apis/apps/v1/namespaces/" + cluster.ns + "/deployments";
    Await.until("the server ended a watch and it was resumed", WAIT, () -> RequestLog.INSTANCE.entries().stream()
        .filter(e -> e.path().equals(path) && e.query().contains("watch=true")).count() >= 3);
    List<RequestLog.Entry> lists = RequestLog.INSTANCE.entries().stream()
        .filter(e -> e.path().equals(path) && !e.query().contains("watch=true")).toList();
    assertEquals(1, lists.size(), "resumed from the resourceVersion, not listed again: " + lists);

    release("v3", IMAGE_V3);
    awaitTold("released v2 r1", "ended(REPLACED) v2 r1", "released v3 r2");
  }

  @Test
  void deletingTheDeploymentEndsTheWatch() throws Exception {
    fixtures.inPlace(false);
    watcher(Duration.ofHours(2));
    awaitTold("released v2 r1");
    assertTrue(monitor.watching(ref));

    new AppsV1Api(cluster.plainClient()).deleteNamespacedDeployment(APP, cluster.ns).execute();
    awaitTold("released v2 r1", "ended(DELETED) v2 r1");
    assertFalse(monitor.watching(ref));
  }

  @Test
  void theWindowClosingEndsTheWatchAndAClosedWindowIsNotJudgedAgain() throws Exception {
    ReleaseWatcher watcher = watcher(Duration.ofSeconds(3));
    fixtures.inPlace(false); // released while the watcher watches
    awaitTold("released v2 r1");
    Release v2 = events.last();
    assertEquals(completedPerCluster(), v2.releasedAt());
    assertTrue(monitor.watching(ref));

    awaitTold("released v2 r1", "ended(WINDOW_CLOSED) v2 r1");
    assertFalse(monitor.watching(ref));
    assertFalse(events.when.get("ended(WINDOW_CLOSED) v2 r1").isBefore(v2.judgedUntil()), "not before the window closed");
    assertEquals(List.of(), watcher.releases());

    watcher(Duration.ofSeconds(3)); // a restart: the release's window has closed
    Thread.sleep(1_000);
    assertEquals(2, events.told.size(), "not announced again: " + events.told);
  }

  /** Rolls {@link #ref} back with an engine on the adapters, as an automatic rollback would. */
  void rollBack(RolloutShape shape) throws Exception {
    KubernetesAdapters k8s = KubernetesAdapters.create(cluster.adapterClient(), WorkflowTest.config(shape));
    try (RollbackEngine engine = RollbackEngine.builder().versionRegistry(k8s.versionRegistry())
        .clusterDriver(k8s.clusterDriver())
        .smokeTester(m -> SmokeResult.of(SmokeCheck.passed("smoke", "in-process check", Duration.ZERO)))
        .notifier(k8s.eventNotifier()).policy(Replicas.policy()).build()) {
      RunResult result = engine.start(ref, DurableRunsOnClusterTest.MANUAL).get(60, TimeUnit.SECONDS);
      assertEquals(RunOutcome.ROLLED_BACK, result.outcome(), result.journal().toString());
    }
  }

  @Test
  void aRollbackOfThisLibraryIsNotAReleaseToJudge() throws Exception {
    fixtures.inPlace(true); // v1 revision 1, v2 revision 2
    watcher(Duration.ofHours(2));
    awaitTold("released v2 r2");

    rollBack(RolloutShape.IN_PLACE);
    awaitTold("released v2 r2", "ended(REPLACED) v2 r2", "restored v1 r3");
    assertEquals(completedPerCluster(), events.last().releasedAt());
    assertFalse(monitor.watching(ref), "the restored version is not judged as a release");

    // A watcher started after the run (a restart) knows it by the run's record on the ReplicaSet.
    ToMonitor later = new ToMonitor(monitor);
    watcher(Duration.ofHours(2), later);
    Await.until("the restarted watcher told of the restore", WAIT, () -> !later.told.isEmpty());
    assertEquals(List.of("restored v1 r3"), later.told);
  }

  /** Returns when version Deployment {@code name} finished rolling out, per the cluster. */
  Instant rolledOutPerCluster(String name) throws Exception {
    V1Deployment d = new AppsV1Api(cluster.plainClient()).readNamespacedDeployment(name, cluster.ns).execute();
    return d.getStatus().getConditions().stream().filter(c -> "Progressing".equals(c.getType()))
        .findFirst().orElseThrow().getLastUpdateTime().toInstant();
  }

  @Test
  void blueGreenAReleaseIsAnotherVersionBehindTheServiceAndARollbackIsNot() throws Exception {
    fixtures.blueGreen(true); // checkout-v1 (0 replicas), checkout-v2 serving
    ReleaseWatcher watcher = watcher(RolloutShape.BLUE_GREEN, Duration.ofHours(2), events);
    awaitTold("released v2 r1");
    assertFalse(events.last().releasedAt().isBefore(rolledOutPerCluster(APP + "-v2")));
    assertEquals(APP + "-v2", events.last().workload());
    assertTrue(monitor.watching(ref));

    AppsV1Api apps = new AppsV1Api(cluster.plainClient());
    apps.createNamespacedDeployment(cluster.ns, fixtures.versionDeployment("v3", IMAGE_V3, 3)).execute();
    fixtures.awaitRollout(APP + "-v3", true);
    Thread.sleep(500);
    assertEquals(List.of("released v2 r1"), events.told, "a new version that gets no traffic is no release yet");
    Instant switched = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    CoreV1Api core = new CoreV1Api(cluster.plainClient());
    V1Service svc = core.readNamespacedService(APP, cluster.ns).execute();
    svc.getSpec().setSelector(Map.of(NAME, APP, VERSION, "v3"));
    core.replaceNamespacedService(APP, cluster.ns, svc).execute();
    awaitTold("released v2 r1", "ended(REPLACED) v2 r1", "released v3 r1");
    Release v3 = events.last();
    assertFalse(v3.releasedAt().isBefore(rolledOutPerCluster(APP + "-v3")));
    assertFalse(v3.releasedAt().isBefore(switched), v3 + " released when the Service switched at " + switched);
    assertFalse(v3.releasedAt().isAfter(Instant.now()));
    assertEquals(List.of(v3), watcher.releases());
    assertTrue(monitor.watching(ref));

    rollBack(RolloutShape.BLUE_GREEN); // back to v2
    awaitTold("released v2 r1", "ended(REPLACED) v2 r1", "released v3 r1", "ended(REPLACED) v3 r1", "restored v2 r1");
    assertFalse(monitor.watching(ref), "the restored version is not judged as a release");

    core.deleteNamespacedService(APP, cluster.ns).execute();
    Thread.sleep(500);
    assertEquals(5, events.told.size(), "nothing was being judged: " + events.told);
  }

  @Test
  void buildNamesEveryMissingOrBadSetting() throws Exception {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> ReleaseWatcher.builder(new io.kubernetes.client.openapi.ApiClient(), KubernetesAdapterConfig.ofDefaults())
            .namespaces("Not_A_Label").judgementWindow(Duration.ZERO).build());
    assertEquals(List.of("cluster is required", "namespaces [Not_A_Label] must be DNS-1123 labels",
        "judgementWindow must be positive but was PT0S", "listener is required"), e.problems());
    e = assertThrows(InvalidConfigurationException.class,
        () -> ReleaseWatcher.builder(new io.kubernetes.client.openapi.ApiClient(), KubernetesAdapterConfig.ofDefaults())
            .cluster("prod").listener(events).build());
    assertEquals(List.of("at least one namespace is required"), e.problems());
  }
}
