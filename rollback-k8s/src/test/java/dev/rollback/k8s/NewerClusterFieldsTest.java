package dev.rollback.k8s;

import static dev.rollback.k8s.Fixtures.NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.Version;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, point 6: reads tolerate fields that client-java's models do not know (a cluster newer
 * than the client), and an answer that cannot be decoded is reported as such, naming the object,
 * not as "no answer". On the fabric8 mock, whose answers a dispatcher rewrites: the real
 * apiserver prunes unknown fields of built-in types, so only a newer apiserver could send them.
 */
class NewerClusterFieldsTest {
  private static final DeploymentRef REF = DeploymentRef.of("test", NS, Fixtures.APP);
  private static final String PODS = "/api/v1/namespaces/" + NS + "/pods";
  private static final String DEPLOYMENT = "/apis/apps/v1/namespaces/" + NS + "/deployments/" + Fixtures.APP;
  private final List<String> gets = new CopyOnWriteArrayList<>();
  /** The writes to the Deployment: method and body. */
  private final List<String> writes = new CopyOnWriteArrayList<>();
  /** Changes each Deployment and ReplicaSet the mock answers with, once set. */
  private volatile Consumer<JsonObject> newer = o -> {};
  /** The event every pod watch answers with, once set. */
  private volatile String podEvent;
  private MockCluster cluster;
  private KubernetesAdapters k8s;

  @BeforeEach
  void setUp() throws Exception {
    cluster = new MockCluster(inner -> new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        String watchEvent = podEvent;
        if (watchEvent != null && path.startsWith(PODS + "?") && path.contains("watch=true")) {
          // one event per watch, then the end of the watch (after a second, so that resuming does not spin)
          return new MockResponse().setResponseCode(200).setBody(watchEvent + "\n")
              .setBodyDelay(java.time.Duration.ofSeconds(1));
        }
        if (path.startsWith(DEPLOYMENT) && !"GET".equals(request.getMethod())) {
          writes.add(request.getMethod() + " " + new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        MockResponse response = inner.dispatch(request);
        if (!"GET".equals(request.getMethod()) || response.code() != 200
            || !(path.contains("/deployments") || path.contains("/replicasets"))) {
          return response;
        }
        gets.add(path);
        JsonElement json = JsonParser.parseString(response.getBody().readUtf8());
        JsonObject object = json.getAsJsonObject();
        if (object.has("items")) {
          object.getAsJsonArray("items").forEach(item -> newer.accept(item.getAsJsonObject()));
        } else {
          newer.accept(object);
        }
        return response.setBody(json.toString());
      }
    });
    new Fixtures(cluster.plainClient(), NS).inPlaceObjects();
    k8s = KubernetesAdapters.create(cluster.adapterClient(), WorkflowTest.config(RolloutShape.IN_PLACE));
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  /** Adds what a newer Kubernetes might send: new fields in metadata, a container, status and a condition. */
  private static void addNewerFields(JsonObject o) {
    o.getAsJsonObject("metadata").addProperty("newerMetadataField", "x");
    JsonObject spec = o.getAsJsonObject("spec");
    spec.addProperty("newerSpecField", true);
    for (JsonElement c : spec.getAsJsonObject("template").getAsJsonObject("spec").getAsJsonArray("containers")) {
      c.getAsJsonObject().add("newerContainerField", JsonParser.parseString("{\"nested\":[1,2]}"));
    }
    // the mock keeps no status of its own; a ReplicaSet's status requires replicas
    JsonObject status = o.has("status") ? o.getAsJsonObject("status") : JsonParser.parseString("{\"replicas\":0}")
        .getAsJsonObject();
    status.addProperty("newerStatusField", 7);
    JsonArray conditions = status.has("conditions") ? status.getAsJsonArray("conditions") : new JsonArray();
    conditions.add(JsonParser.parseString(
        "{\"type\":\"NewerCondition\",\"status\":\"True\",\"newerConditionField\":\"y\"}"));
    status.add("conditions", conditions);
    o.add("status", status);
  }

  @Test
  void readsIgnoreFieldsTheModelsDoNotKnow() throws Exception {
    newer = NewerClusterFieldsTest::addNewerFields;
    Version current = k8s.versionRegistry().currentVersion(REF);
    assertEquals(Fixtures.IMAGE_V2, current.images().get(0).image().toString(), current.toString());
    PreviousVersion previous = k8s.versionRegistry().previousStable(REF, current);
    Version found = assertInstanceOf(PreviousVersion.Found.class, previous).version();
    assertEquals(Fixtures.IMAGE_V1, found.images().get(0).image().toString(), found.toString());
    assertTrue(gets.contains(DEPLOYMENT), "the Deployment was read with the newer fields: " + gets);
  }

  @Test
  void anAnswerThatCannotBeDecodedIsADecodeErrorNamingTheObjectAndIsNotRetried() {
    newer = o -> o.getAsJsonObject("spec").addProperty("replicas", "three");
    KubernetesAdapterException e = assertThrows(KubernetesAdapterException.class,
        () -> k8s.versionRegistry().currentVersion(REF));
    assertTrue(e.getMessage().startsWith("get deployments.apps shop/checkout failed: the API answered 200 but the answer"
        + " is not a V1Deployment: "), e.getMessage());
    assertTrue(e.getMessage().contains("three"), e.getMessage());
    assertFalse(e.getMessage().contains("no answer"), e.getMessage());
    assertEquals(200, e.statusCode());
    assertEquals(1, gets.stream().filter(DEPLOYMENT::equals).count(), "a body that does not decode is not asked again");
  }

  @Test
  void watchEventsIgnoreFieldsTheModelsDoNotKnow() throws Exception {
    // blue/green v1 with one pod, listed not ready; the watch then reports it ready, with newer fields
    Fixtures fixtures = new Fixtures(cluster.plainClient(), NS);
    var apps = new io.kubernetes.client.openapi.apis.AppsV1Api(cluster.plainClient());
    apps.createNamespacedDeployment(NS, fixtures.versionDeployment("v1", Fixtures.IMAGE_V1, 1)).execute();
    var pod = new io.kubernetes.client.openapi.models.V1Pod().apiVersion("v1").kind("Pod")
        .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta().name("checkout-v1-a").namespace(NS)
            .labels(java.util.Map.of(Fixtures.NAME, Fixtures.APP, Fixtures.VERSION, "v1")))
        .spec(new io.kubernetes.client.openapi.models.V1PodSpec().containers(List.of(
            new io.kubernetes.client.openapi.models.V1Container().name("app").image(Fixtures.IMAGE_V1))));
    pod = new io.kubernetes.client.openapi.apis.CoreV1Api(cluster.plainClient()).createNamespacedPod(NS, pod).execute();
    JsonObject ready = JsonParser.parseString(io.kubernetes.client.openapi.JSON.serialize(pod)).getAsJsonObject();
    ready.add("status", JsonParser.parseString("{\"phase\":\"Running\",\"newerPodStatusField\":{\"a\":1},"
        + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"newerConditionField\":2}]}"));
    ready.getAsJsonObject("metadata").addProperty("resourceVersion", "999");
    podEvent = "{\"type\":\"MODIFIED\",\"object\":" + ready + "}";
    KubernetesAdapters blueGreen = KubernetesAdapters.create(cluster.adapterClient(),
        WorkflowTest.config(RolloutShape.BLUE_GREEN));
    var manifest = new dev.rollback.spi.RollbackManifest(dev.rollback.spi.RunId.of("run-n"), REF,
        Version.of("v2", "app", Fixtures.IMAGE_V2), Version.of("v1", "app", Fixtures.IMAGE_V1),
        dev.rollback.spi.ScaleDown.removeAll(), java.time.Instant.now());
    List<dev.rollback.spi.ReadinessSnapshot> seen = new CopyOnWriteArrayList<>();
    dev.rollback.spi.Subscription watch = blueGreen.clusterDriver().watchReadiness(manifest, seen::add);
    try {
      Await.until("the watch event shows the pod ready", java.time.Duration.ofSeconds(15),
          () -> seen.stream().anyMatch(s -> s.ready() == 1));
    } finally {
      watch.cancel();
    }
    assertEquals(0, seen.get(0).ready(), "first the list, where the pod is not ready: " + seen);
  }

  /**
   * Regression: the in-place restore PUT the Deployment as read, so whatever the client's models do
   * not know (dropped on reading) would have been reset on a newer cluster. It now patches only
   * what it changes.
   */
  @Test
  void theRestoreLeavesFieldsTheModelsDoNotKnowAsTheyAre() throws Exception {
    newer = NewerClusterFieldsTest::addNewerFields;
    Version current = k8s.versionRegistry().currentVersion(REF);
    Version previous = ((PreviousVersion.Found) k8s.versionRegistry().previousStable(REF, current)).version();
    var m = new dev.rollback.spi.RollbackManifest(dev.rollback.spi.RunId.of("run-n"), REF, current, previous,
        dev.rollback.spi.ScaleDown.keepFloor(1), java.time.Instant.now());
    k8s.clusterDriver().scaleDown(m);
    writes.clear();

    k8s.clusterDriver().deploy(m);

    assertEquals(1, writes.size(), writes.toString());
    assertTrue(writes.get(0).startsWith("PATCH "), writes.get(0));
    JsonObject patch = JsonParser.parseString(writes.get(0).substring("PATCH ".length())).getAsJsonObject();
    assertFalse(writes.get(0).contains("newer"), "the patch does not touch the newer fields: " + writes.get(0));
    assertEquals(java.util.Set.of("template", "replicas", "paused"), patch.getAsJsonObject("spec").keySet(),
        "only what the restore changes: " + patch);
    assertEquals(Fixtures.IMAGE_V1, patch.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec")
        .getAsJsonArray("containers").get(0).getAsJsonObject().get("image").getAsString());
  }
}
