package dev.rollback.k8s;

import static dev.rollback.k8s.Fixtures.APP;
import static dev.rollback.k8s.Fixtures.NAME;
import static dev.rollback.k8s.Fixtures.NS;
import static dev.rollback.k8s.Fixtures.VERSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentCondition;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The release watch lists afresh when its watch answers 410 Gone (an ERROR event, as the API server
 * sends when the resourceVersion it resumes from has been compacted away; the real control plane
 * serves Deployments from its watch cache, whose window no test can outrun), and a Deployment
 * deleted meanwhile ends its release. On the mock server, with the first watch scripted.
 */
class ReleaseWatcherRelistTest {
  static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/" + NS + "/deployments";
  static final String GONE = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
      + "\"status\":\"Failure\",\"message\":\"too old resource version: 1 (42)\",\"reason\":\"Expired\",\"code\":410}}";

  /** The requests the mock saw, appended on the server's threads while the test reads them. */
  final List<String> requests = new CopyOnWriteArrayList<>();
  MockCluster cluster;
  ReleaseWatcher watcher;

  @AfterEach
  void tearDown() {
    if (watcher != null) {
      watcher.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aWatchAnswering410GoneListsAfreshAndADeploymentGoneMeanwhileEndsItsRelease() throws Exception {
    cluster = new MockCluster(inner -> new Dispatcher() {
      private boolean first = true;

      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        if ((path.equals(DEPLOYMENTS) || path.startsWith(DEPLOYMENTS + "?")) && "GET".equals(request.getMethod())) {
          boolean watch = path.contains("watch=true");
          requests.add(watch ? "watch" : "list");
          if (watch) {
            boolean gone;
            synchronized (this) {
              gone = first;
              first = false;
            }
            if (gone) {
              // The Deployment goes meanwhile, and no watch tells: the mock's own watches are not asked.
              return new MockResponse().setResponseCode(200).setBody(GONE + "\n").setBodyDelay(Duration.ofSeconds(2));
            }
            return new MockResponse().setResponseCode(200).setBody("").setBodyDelay(Duration.ofSeconds(1));
          }
        }
        return inner.dispatch(request);
      }
    });
    AppsV1Api apps = new AppsV1Api(cluster.plainClient());
    Map<String, String> labels = Map.of(NAME, APP);
    OffsetDateTime rolledOut = OffsetDateTime.of(2026, 12, 1, 12, 0, 0, 0, ZoneOffset.UTC);
    Fixtures fixtures = new Fixtures(cluster.plainClient(), NS);
    apps.createNamespacedDeployment(NS, new V1Deployment().apiVersion("apps/v1").kind("Deployment")
        .metadata(new V1ObjectMeta().name(APP).namespace(NS).labels(labels)
            .annotations(Map.of(Fixtures.REVISION, "1")))
        .spec(new V1DeploymentSpec().replicas(1).selector(new V1LabelSelector().matchLabels(labels))
            .template(fixtures.template(Map.of(NAME, APP, VERSION, "v1"), Fixtures.IMAGE_V1)))
        .status(new V1DeploymentStatus().observedGeneration(1L).replicas(1).updatedReplicas(1).availableReplicas(1)
            .conditions(List.of(new V1DeploymentCondition().type("Progressing").status("True")
                .reason("NewReplicaSetAvailable").lastUpdateTime(rolledOut))))).execute();

    ReleaseWatcherTest.ToMonitor told = new ReleaseWatcherTest.ToMonitor(dev.rollback.core.detect.DeploymentMonitor.builder()
        .engine(dev.rollback.testkit.TestRig.create().engine())
        .metrics(dev.rollback.testkit.InMemoryMetricsSource.create())
        .detector(dev.rollback.core.detect.SloThresholdDetector.above("error_ratio", 0.01, 3, Duration.ofSeconds(30)))
        .build());
    // The window reaches from the release (a fixed time in the past) to well after now.
    Duration window = Duration.between(rolledOut.toInstant(), java.time.Instant.now()).plusHours(1);
    watcher = ReleaseWatcher.builder(cluster.adapterClient(), WorkflowTest.config(RolloutShape.IN_PLACE))
        .cluster("test").namespaces(NS).judgementWindow(window).listener(told).build().start();
    Await.until("the release was told", Duration.ofSeconds(20), () -> !told.told.isEmpty());
    assertEquals(List.of("released v1 r1"), told.told);
    assertEquals(rolledOut.toInstant(), told.last().releasedAt());

    apps.deleteNamespacedDeployment(APP, NS).execute();
    Await.until("the relist found the Deployment gone", Duration.ofSeconds(20), () -> told.told.size() >= 2,
        () -> "requests " + requests);
    assertEquals(List.of("released v1 r1", "ended(DELETED) v1 r1"), told.told);
    List<String> seen = List.copyOf(requests);
    assertEquals(List.of("list", "watch", "list"), seen.subList(0, 3), "listed afresh after 410: " + seen);
    Await.until("the watch goes on after the relist", Duration.ofSeconds(20),
        () -> requests.size() >= 4 && requests.get(3).equals("watch"));
    assertTrue(watcher.releases().isEmpty());
  }
}
