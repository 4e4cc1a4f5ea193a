package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.Subscription;
import dev.rollback.spi.Version;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.util.PatchUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * watchReadiness over a real HTTP watch: pushes each change, resumes after the server ends a watch,
 * lists afresh after 410 Gone, and falls back to polling when the Role grants no watch.
 */
class ReadinessWatchTest {
  private TestCluster cluster;
  private Fixtures fixtures;
  private RollbackManifest manifest;

  private ClusterDriver driver(UnaryOperator<List<V1PolicyRule>> rules, KubernetesAdapterConfig config) throws Exception {
    cluster = TestCluster.create(rules);
    fixtures = new Fixtures(cluster);
    manifest = new RollbackManifest(RunId.of("run-w"), cluster.ref(Fixtures.APP), Version.of("v2", "app", Fixtures.IMAGE_V2),
        Version.of("v1", "app", Fixtures.IMAGE_V1), ScaleDown.removeAll(), Instant.now());
    return KubernetesAdapters.create(cluster.adapterClient(), config).clusterDriver();
  }

  private ClusterDriver driver() throws Exception {
    return driver(UnaryOperator.identity(), WorkflowTest.config(RolloutShape.BLUE_GREEN));
  }

  @AfterEach
  void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Creates checkout-v1 with {@code replicas} pods that kwok makes ready {@code readyAfter} after they start. */
  private void deployV1(int replicas, String readyAfter) throws Exception {
    V1Deployment v1 = fixtures.versionDeployment("v1", Fixtures.IMAGE_V1, replicas);
    v1.getSpec().getTemplate().getMetadata().annotations(Map.of("rollback.test/ready-after", readyAfter));
    new AppsV1Api(cluster.plainClient()).createNamespacedDeployment(cluster.ns, v1).execute();
  }

  private List<RequestLog.Entry> podRequests() {
    String path = "/api/v1/namespaces/" + cluster.ns + "/pods";
    return RequestLog.INSTANCE.entries().stream().filter(e -> e.path().equals(path)).toList();
  }

  @Test
  void pushesEachChangeOfTheWatchStream() throws Exception {
    ClusterDriver driver = driver();
    List<ReadinessSnapshot> pushed = new CopyOnWriteArrayList<>();
    deployV1(2, "2s");
    Subscription sub = driver.watchReadiness(manifest, pushed::add);
    try {
      Await.until("both pods are pushed ready", Duration.ofSeconds(30),
          () -> !pushed.isEmpty() && pushed.get(pushed.size() - 1).complete());
      assertEquals(List.of(ReadinessSnapshot.of(0, 2), ReadinessSnapshot.of(1, 2), ReadinessSnapshot.of(2, 2)), pushed,
          "one push per change, none for events that change nothing (pods created, scheduled, running)");
    } finally {
      sub.cancel();
    }
    List<RequestLog.Entry> requests = podRequests();
    assertEquals(1, requests.stream().filter(e -> !e.query().contains("watch=true")).count(),
        "one list, then the watch: " + requests);
    assertTrue(requests.stream().anyMatch(e -> e.query().contains("watch=true")));
  }

  @Test
  void resumesAWatchTheServerEndedAndListsAfreshAfter410Gone() throws Exception {
    ClusterDriver driver = driver(UnaryOperator.identity(), KubernetesAdapterConfig.builder(
        WorkflowTest.config(RolloutShape.BLUE_GREEN)).watchTimeout(Duration.ofSeconds(1)).build());
    List<ReadinessSnapshot> pushed = new CopyOnWriteArrayList<>();
    deployV1(2, "6s");
    Subscription sub = driver.watchReadiness(manifest, pushed::add);
    try {
      Await.until("the watch was resumed after the server ended it", Duration.ofSeconds(20),
          () -> podRequests().stream().filter(e -> e.query().contains("watch=true")).count() >= 2);
      List<RequestLog.Entry> beforeCompaction = podRequests();
      assertEquals(1, beforeCompaction.stream().filter(e -> !e.query().contains("watch=true")).count(),
          "a watch the server ended is resumed from its resourceVersion, not listed again: " + beforeCompaction);

      // Move etcd on past what the watch has seen and compact it: the next resumption finds its
      // resourceVersion gone (pods are watched from etcd itself, see ControlPlane) and gets 410.
      // A watch from resourceVersion R asks etcd for the history after R,
      // resourceVersion (etcd revision) and etcd keeps the history after the compacted revision,
      // so two writes put the compaction beyond what a resumption starting there needs.
      CoreV1Api core = new CoreV1Api(cluster.plainClient());
      V1ConfigMap marker = null;
      for (int i = 0; i < 2; i++) {
        marker = core.createNamespacedConfigMap(cluster.ns,
            new V1ConfigMap().metadata(new V1ObjectMeta().name("compaction-marker-" + i))).execute();
      }
      compactEtcd(marker.getMetadata().getResourceVersion());
      Await.until("a list after the 410", Duration.ofSeconds(20),
          () -> podRequests().stream().filter(e -> !e.query().contains("watch=true")).count() >= 2,
          () -> "pod requests: " + podRequests());
      Await.until("both pods are pushed ready", Duration.ofSeconds(30),
          () -> !pushed.isEmpty() && pushed.get(pushed.size() - 1).complete());
    } finally {
      sub.cancel();
    }
    assertEquals(ReadinessSnapshot.of(2, 2), pushed.get(pushed.size() - 1));
    List<String> kinds = new ArrayList<>();
    for (RequestLog.Entry e : podRequests()) {
      kinds.add(e.query().contains("watch=true") ? "watch" : "list");
    }
    assertEquals(List.of("list", "watch", "watch"), kinds.subList(0, 3), kinds.toString());
    assertTrue(kinds.lastIndexOf("list") > 2 && kinds.get(kinds.size() - 1).equals("watch"),
        "after the relist the watch goes on: " + kinds);
  }

  /** Compacts etcd's history up to {@code revision} through etcd's HTTP gateway. */
  private void compactEtcd(String revision) throws Exception {
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(cluster.plane.etcd() + "/v3/kv/compaction"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"revision\":\"" + revision + "\",\"physical\":true}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
  }

  @Test
  void fallsBackToPollingWhenTheRoleGrantsNoWatch() throws Exception {
    ClusterDriver driver = driver(rules -> rules.stream().map(r -> r.getResources().contains("pods")
        ? new V1PolicyRule().apiGroups(r.getApiGroups()).resources(r.getResources()).verbs(List.of("list"))
        : r).toList(), WorkflowTest.config(RolloutShape.BLUE_GREEN));
    List<ReadinessSnapshot> pushed = new CopyOnWriteArrayList<>();
    deployV1(2, "2s");
    Subscription sub = driver.watchReadiness(manifest, pushed::add);
    try {
      Await.until("the start is pushed", Duration.ofSeconds(10), () -> !pushed.isEmpty());
      Await.until("polling sees both pods ready", Duration.ofSeconds(30),
          () -> pushed.get(pushed.size() - 1).complete());
      assertEquals(ReadinessSnapshot.of(0, 2), pushed.get(0));
    } finally {
      sub.cancel();
    }
    assertTrue(podRequests().stream().filter(e -> !e.query().contains("watch=true")).count() >= 2,
        "listed again and again: " + podRequests());
    int size = pushed.size();
    new AppsV1Api(cluster.plainClient()).deleteNamespacedDeployment("checkout-v1", cluster.ns).execute();
    Thread.sleep(300); // nothing to await: the point is that no push arrives after cancel
    assertEquals(size, pushed.size(), "nothing is pushed after cancel");
  }

  @Test
  void readinessReportsABlockerForAnImagePullFailure() throws Exception {
    ClusterDriver driver = driver();
    fixtures.fault(Fixtures.IMAGE_V1, Fixtures.Fault.IMAGE_PULL);
    new AppsV1Api(cluster.plainClient()).createNamespacedDeployment(cluster.ns,
        fixtures.versionDeployment("v1", Fixtures.IMAGE_V1, 2)).execute();
    Await.until("the kubelet's back-off is a blocker", Duration.ofSeconds(30), () -> driver.readiness(manifest).settled());
    ReadinessSnapshot s = driver.readiness(manifest);
    assertEquals(0, s.ready());
    assertEquals(2, s.desired());
    assertTrue(s.blocker().matches("pod checkout-v1-\\S+: container app cannot pull image "
        + "registry\\.example\\.com/shop/checkout:1\\.0 \\(ImagePullBackOff\\): Back-off pulling image .*"), s.blocker());
  }

  /**
   * Regression (issue "A rollback that is right on a real cluster", point 2): a pod evicted in the
   * version's earlier life, still listed with the version's labels, made the restored version look
   * unhealthy and blocked its readiness. Only active pods count.
   */
  @Test
  void anEvictedPodLeftFromEarlierDoesNotCount() throws Exception {
    ClusterDriver driver = driver();
    new AppsV1Api(cluster.plainClient()).createNamespacedDeployment(cluster.ns,
        fixtures.versionDeployment("v1", Fixtures.IMAGE_V1, 2)).execute();
    // Left over: a pod of v1 the kubelet evicted (bound to a node kwok does not manage, so only
    // this test writes its status).
    CoreV1Api core = new CoreV1Api(cluster.plainClient());
    core.createNamespacedPod(cluster.ns, new V1Pod().metadata(new V1ObjectMeta().name("checkout-v1-old")
            .labels(Map.of(Fixtures.NAME, Fixtures.APP, Fixtures.VERSION, "v1")))
        .spec(new V1PodSpec().overhead(null).nodeName("gone-node").containers(List.of(new V1Container().name("app").image(Fixtures.IMAGE_V1)))))
        .execute();
    PatchUtils.patch(V1Pod.class, () -> core.patchNamespacedPodStatus("checkout-v1-old", cluster.ns, new V1Patch(
            "{\"status\":{\"phase\":\"Failed\",\"reason\":\"Evicted\",\"message\":\"The node was low on memory.\"}}"))
        .buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, cluster.plainClient());
    fixtures.awaitRollout("checkout-v1", true);

    ReadinessSnapshot s = driver.readiness(manifest);
    assertEquals(ReadinessSnapshot.of(2, 2), s);
    var health = driver.podHealth(manifest);
    assertTrue(health.allHealthy(), health.summary());
    assertEquals(2, health.pods().size(), health.summary());
  }

  /**
   * Regression (issue "A rollback that is right on a real cluster", point 2): with blue/green
   * Deployments whose selectors overlap (both select only the application name), the failing
   * version's crash-looping pods were counted as the restored version's, blocking its readiness and
   * failing its health check. Only pods of the restored Deployment's own ReplicaSet count.
   */
  @Test
  void podsOfAnotherDeploymentUnderAnOverlappingSelectorDoNotCount() throws Exception {
    ClusterDriver driver = driver();
    fixtures.fault(Fixtures.IMAGE_V2, Fixtures.Fault.CRASH_LOOP);
    AppsV1Api apps = new AppsV1Api(cluster.plainClient());
    for (String version : List.of("v1", "v2")) {
      V1Deployment d = fixtures.versionDeployment(version, "v1".equals(version) ? Fixtures.IMAGE_V1 : Fixtures.IMAGE_V2, 2);
      d.getSpec().getSelector().matchLabels(Map.of(Fixtures.NAME, Fixtures.APP)); // overlaps the other version's pods
      apps.createNamespacedDeployment(cluster.ns, d).execute();
    }
    fixtures.awaitRollout("checkout-v1", true);
    Await.until("the failing version's pods crash", Duration.ofSeconds(30), () -> new CoreV1Api(cluster.plainClient())
        .listNamespacedPod(cluster.ns).labelSelector(Fixtures.VERSION + "=v2").execute().getItems().stream()
        .anyMatch(p -> p.getStatus().getContainerStatuses() != null
            && p.getStatus().getContainerStatuses().get(0).getRestartCount() > 0));

    assertEquals(ReadinessSnapshot.of(2, 2), driver.readiness(manifest));
    var health = driver.podHealth(manifest);
    assertTrue(health.allHealthy(), health.summary());
    assertEquals(2, health.pods().size(), health.summary());
    assertTrue(health.pods().stream().allMatch(p -> p.pod().startsWith("checkout-v1-")), health.summary());
  }

  /**
   * Regression (point 2, readiness as {@code kubectl rollout status} judges it): a pod counts only
   * once it has been ready for the Deployment's {@code minReadySeconds}. No pod event marks that
   * moment, so the watch judges again when it comes.
   */
  @Test
  void aPodCountsOnlyOnceReadyForMinReadySeconds() throws Exception {
    ClusterDriver driver = driver();
    V1Deployment v1 = fixtures.versionDeployment("v1", Fixtures.IMAGE_V1, 2);
    v1.getSpec().minReadySeconds(4);
    new AppsV1Api(cluster.plainClient()).createNamespacedDeployment(cluster.ns, v1).execute();
    CoreV1Api core = new CoreV1Api(cluster.plainClient());
    Await.until("both pods are ready", Duration.ofSeconds(30), () -> core.listNamespacedPod(cluster.ns)
        .labelSelector(Fixtures.VERSION + "=v1").execute().getItems().stream()
        .filter(p -> p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))).count() == 2);
    Instant lastReady = core.listNamespacedPod(cluster.ns).labelSelector(Fixtures.VERSION + "=v1").execute().getItems()
        .stream().flatMap(p -> p.getStatus().getConditions().stream()).filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getLastTransitionTime().toInstant()).max(Instant::compareTo).orElseThrow();
    Instant availableAt = lastReady.plusSeconds(4);

    ReadinessSnapshot early = driver.readiness(manifest);
    Instant earlyAt = Instant.now();
    assertTrue(!earlyAt.isAfter(availableAt.minusMillis(500)), "the check came too late to show anything: " + earlyAt);
    assertEquals(2, early.desired());
    assertTrue(!early.complete(), "ready for less than minReadySeconds: " + early);

    List<ReadinessSnapshot> pushed = new CopyOnWriteArrayList<>();
    List<Instant> pushedAt = new CopyOnWriteArrayList<>();
    Subscription sub = driver.watchReadiness(manifest, s -> {
      pushed.add(s);
      pushedAt.add(Instant.now());
    });
    try {
      Await.until("the watch pushes completion", Duration.ofSeconds(20),
          () -> !pushed.isEmpty() && pushed.get(pushed.size() - 1).complete());
    } finally {
      sub.cancel();
    }
    Instant completeAt = pushedAt.get(pushed.size() - 1);
    assertTrue(!completeAt.isBefore(availableAt), "complete at " + completeAt + ", available only at " + availableAt);
    assertTrue(completeAt.isBefore(availableAt.plusSeconds(3)), "pushed late: " + completeAt + " vs " + availableAt);
    assertEquals(ReadinessSnapshot.of(2, 2), driver.readiness(manifest));
    Await.until("the controller agrees", Duration.ofSeconds(10), () -> Integer.valueOf(2).equals(
        new AppsV1Api(cluster.plainClient()).readNamespacedDeployment("checkout-v1", cluster.ns).execute()
            .getStatus().getAvailableReplicas()));
  }
}
