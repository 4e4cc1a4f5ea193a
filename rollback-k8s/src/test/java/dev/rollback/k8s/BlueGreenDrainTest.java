package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.Version;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.DiscoveryV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blue/green on the real control plane (issue "A rollback that is right on a real cluster", point
 * 4): the switch is refused when the restored pods lack a label of the Service's selector (it
 * would leave the Service without endpoints); after the switch the Service's EndpointSlices hold
 * only the restored version's pods; and the failing version is removed no sooner than the
 * scale-down delay after the switch.
 */
class BlueGreenDrainTest {
  private static final Duration DELAY = Duration.ofSeconds(4);
  private TestCluster cluster;
  private Fixtures fixtures;
  private RollbackManifest manifest;

  @BeforeEach
  void open() throws Exception {
    cluster = TestCluster.create();
    fixtures = new Fixtures(cluster);
    manifest = new RollbackManifest(RunId.of("run-d"), cluster.ref(Fixtures.APP), Version.of("v2", "app", Fixtures.IMAGE_V2),
        Version.of("v1", "app", Fixtures.IMAGE_V1), ScaleDown.keepFloor(1), Instant.now());
  }

  @AfterEach
  void close() {
    cluster.close();
  }

  private ClusterDriver driver() {
    return KubernetesAdapters.create(cluster.adapterClient(), KubernetesAdapterConfig.builder(
        WorkflowTest.config(RolloutShape.BLUE_GREEN)).scaleDownDelay(DELAY).build()).clusterDriver();
  }

  /** Regression: a Service selecting a label the restored pods lack was switched anyway, to no endpoint. */
  @Test
  void refusesASwitchThatWouldLeaveTheServiceWithoutEndpoints() throws Exception {
    fixtures.blueGreen(true);
    CoreV1Api core = new CoreV1Api(cluster.plainClient());
    V1Service svc = core.readNamespacedService(Fixtures.APP, cluster.ns).execute();
    Map<String, String> selector = new HashMap<>(svc.getSpec().getSelector());
    selector.put("tier", "web"); // v2's pods are relabelled below so that they keep serving; v1's are not
    AppsV1Api apps = new AppsV1Api(cluster.plainClient());
    V1Deployment v2 = apps.readNamespacedDeployment("checkout-v2", cluster.ns).execute();
    Map<String, String> labels = new HashMap<>(v2.getSpec().getTemplate().getMetadata().getLabels());
    labels.put("tier", "web");
    v2.getSpec().getTemplate().getMetadata().setLabels(labels);
    apps.replaceNamespacedDeployment("checkout-v2", cluster.ns, v2).execute();
    fixtures.awaitRollout("checkout-v2", true);
    svc.getSpec().setSelector(selector);
    core.replaceNamespacedService(Fixtures.APP, cluster.ns, svc).execute();

    List<String> problems = driver().validate(manifest);

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("the pods of Deployment checkout-v1 (version v1) do not carry tier=web of Service"
        + " checkout's selector, so switching it would leave the Service without endpoints"), problems.get(0));
  }

  @Test
  void endpointsHoldOnlyTheRestoredPodsAfterTheSwitchAndTheFailingVersionOutlivesItByTheDelay() throws Exception {
    fixtures.blueGreen(true);
    ClusterDriver driver = driver();
    assertEquals(List.of(), driver.validate(manifest));
    driver.scaleDown(manifest);
    driver.deploy(manifest);
    Await.until("v1 is ready", Duration.ofSeconds(30), () -> driver.readiness(manifest).complete());

    driver.switchTraffic(manifest);
    Instant switched = Instant.now();

    List<String> endpointPods = new DiscoveryV1Api(cluster.plainClient()).listNamespacedEndpointSlice(cluster.ns)
        .labelSelector("kubernetes.io/service-name=" + Fixtures.APP).execute().getItems().stream()
        .flatMap(s -> s.getEndpoints() == null ? java.util.stream.Stream.empty() : s.getEndpoints().stream())
        .map(e -> Objects.requireNonNull(e.getTargetRef()).getName()).toList();
    assertFalse(endpointPods.isEmpty());
    assertTrue(endpointPods.stream().allMatch(p -> p.startsWith("checkout-v1-")), "endpoints when the switch returned: " + endpointPods);

    AppsV1Api apps = new AppsV1Api(cluster.plainClient());
    V1Deployment v2 = apps.readNamespacedDeployment("checkout-v2", cluster.ns).execute();
    Instant left = Instant.parse(v2.getMetadata().getAnnotations().get("rollback.dev/traffic-left-at"));
    assertFalse(left.isAfter(switched), left + " after " + switched);

    driver.cleanup(manifest);
    Instant cleaned = Instant.now();
    assertFalse(cleaned.isBefore(left.plus(DELAY)), "removed at " + cleaned + ", switched at " + left);
    assertTrue(apps.listNamespacedDeployment(cluster.ns).execute().getItems().stream()
        .noneMatch(d -> d.getMetadata().getName().equals("checkout-v2")), "cleanup deleted checkout-v2");

    // Repeated (a resumed run), cleanup has nothing left to wait for.
    Instant again = Instant.now();
    driver.cleanup(manifest);
    assertTrue(Duration.between(again, Instant.now()).compareTo(DELAY) < 0, "no second delay");
  }
}
