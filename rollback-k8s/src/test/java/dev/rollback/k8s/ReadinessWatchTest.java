package dev.rollback.k8s;

import static dev.rollback.k8s.Fixtures.NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.Subscription;
import dev.rollback.spi.Version;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** watchReadiness: pushes from a watch event stream, and falls back to polling when none opens. */
class ReadinessWatchTest {
  private static final Map<String, String> V1_LABELS = Map.of(Fixtures.NAME, Fixtures.APP, Fixtures.VERSION, "v1");
  private TestCluster cluster;
  private ClusterDriver driver;
  private RollbackManifest manifest;

  @BeforeEach
  void setUp() throws Exception {
    cluster = new TestCluster();
    new AppsV1Api(cluster.plainClient()).createNamespacedDeployment(NS,
        Fixtures.versionDeployment("v1", Fixtures.IMAGE_V1, 2)).execute();
    driver = KubernetesAdapters.create(cluster.adapterClient(), WorkflowTest.config(RolloutShape.BLUE_GREEN)).clusterDriver();
    manifest = new RollbackManifest(RunId.of("run-w"), WorkflowTest.REF, Version.of("v2", "app", Fixtures.IMAGE_V2),
        Version.of("v1", "app", Fixtures.IMAGE_V1), ScaleDown.removeAll(), Instant.now());
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  @Test
  void pushesEachChangeOfAScriptedWatchStream() throws Exception {
    String rv = new CoreV1Api(cluster.plainClient()).listNamespacedPod(NS).execute().getMetadata().getResourceVersion();
    String selector = "app.kubernetes.io/name=checkout,app.kubernetes.io/version=v1";
    String path = "/api/v1/namespaces/" + NS + "/pods?labelSelector=" + URLEncoder.encode(selector, StandardCharsets.UTF_8)
        + "&resourceVersion=" + rv + "&watch=true";
    String stream = event("ADDED", pod("p0", false)) + event("ADDED", pod("p1", false))
        + event("MODIFIED", pod("p0", true)) + event("MODIFIED", pod("p1", true));
    cluster.server.expect().get().withPath(path).andReturn(200, stream).once();

    List<ReadinessSnapshot> pushed = new CopyOnWriteArrayList<>();
    Subscription sub = driver.watchReadiness(manifest, pushed::add);
    try {
      Await.until("the stream's changes are pushed", Duration.ofSeconds(10), () -> pushed.size() >= 3);
      assertEquals(List.of(ReadinessSnapshot.of(0, 2), ReadinessSnapshot.of(1, 2), ReadinessSnapshot.of(2, 2)),
          pushed.subList(0, 3), "one push per change, none for events that change nothing");
    } finally {
      sub.cancel();
    }
    assertTrue(RequestLog.INSTANCE.entries().stream().anyMatch(e -> e.query().contains("watch=true")));
  }

  @Test
  void fallsBackToPollingWhenTheWatchIsRefused() throws Exception {
    // The CRUD mock answers HTTP watches with 400.
    List<ReadinessSnapshot> pushed = new CopyOnWriteArrayList<>();
    Subscription sub = driver.watchReadiness(manifest, pushed::add);
    try {
      Await.until("the empty start is pushed", Duration.ofSeconds(10), () -> !pushed.isEmpty());
      CoreV1Api core = new CoreV1Api(cluster.plainClient());
      core.createNamespacedPod(NS, pod("p0", true)).execute();
      core.createNamespacedPod(NS, pod("p1", true)).execute();
      Await.until("polling sees both pods ready", Duration.ofSeconds(10),
          () -> pushed.get(pushed.size() - 1).complete());
      assertEquals(ReadinessSnapshot.of(0, 2), pushed.get(0));
    } finally {
      sub.cancel();
    }
    int size = pushed.size();
    new CoreV1Api(cluster.plainClient()).deleteNamespacedPod("p0", NS).execute();
    Thread.sleep(300); // nothing to await: the point is that no push arrives after cancel
    assertEquals(size, pushed.size(), "nothing is pushed after cancel");
  }

  @Test
  void readinessReportsABlockerForAnImagePullFailure() throws Exception {
    V1Pod pod = pod("p0", false);
    pod.getStatus().containerStatuses(List.of(new io.kubernetes.client.openapi.models.V1ContainerStatus()
        .name("app").image("registry.example.com/shop/checkout:1.0").imageID("").ready(false).restartCount(0)
        .state(new io.kubernetes.client.openapi.models.V1ContainerState().waiting(
            new io.kubernetes.client.openapi.models.V1ContainerStateWaiting().reason("ErrImagePull").message("not found")))));
    new CoreV1Api(cluster.plainClient()).createNamespacedPod(NS, pod).execute();
    ReadinessSnapshot s = driver.readiness(manifest);
    assertEquals(0, s.ready());
    assertEquals(2, s.desired());
    assertTrue(s.settled());
    assertEquals("pod p0: container app cannot pull image registry.example.com/shop/checkout:1.0 (ErrImagePull): not found",
        s.blocker());
  }

  private static V1Pod pod(String name, boolean ready) {
    return new V1Pod().apiVersion("v1").kind("Pod")
        .metadata(new V1ObjectMeta().name(name).namespace(NS).labels(V1_LABELS))
        .spec(new V1PodSpec().containers(List.of(new V1Container().name("app").image(Fixtures.IMAGE_V1))))
        .status(new V1PodStatus().phase("Running")
            .conditions(List.of(new V1PodCondition().type("Ready").status(ready ? "True" : "False"))));
  }

  private static String event(String type, V1Pod pod) {
    return "{\"type\":\"" + type + "\",\"object\":" + JSON.serialize(pod) + "}\n";
  }
}
