package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.Version;
import dev.rollback.spi.VersionRegistry;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ResourceQuota;
import io.kubernetes.client.openapi.models.V1ResourceQuotaSpec;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue "A rollback that is right on a real cluster", point 2: the permanent "failed" mark is
 * written only for failures that are the restored version's. A quota that refuses its pods, or a
 * cluster with no room for them, fails the rollback without marking the version, which would run
 * elsewhere or later; the failing version is still marked rolled back from. (A version whose pods
 * crash is marked: {@code WorkflowTest.rollbackFailed}.)
 */
class FailureMarksTest {
  private TestCluster cluster;
  private Fixtures fixtures;
  private AppsV1Api apps;
  private RollbackManifest manifest;

  @BeforeEach
  void open() throws Exception {
    cluster = TestCluster.create();
    fixtures = new Fixtures(cluster);
    apps = new AppsV1Api(cluster.plainClient());
    manifest = new RollbackManifest(RunId.of("run-m"), cluster.ref(Fixtures.APP), Version.of("v2", "app", Fixtures.IMAGE_V2),
        Version.of("v1", "app", Fixtures.IMAGE_V1), ScaleDown.keepFloor(1), Instant.now());
  }

  @AfterEach
  void close() {
    cluster.close();
  }

  private KubernetesAdapters adapters() {
    return KubernetesAdapters.create(cluster.adapterClient(), WorkflowTest.config(RolloutShape.BLUE_GREEN));
  }

  private Map<String, String> annotations(String deployment) throws Exception {
    Map<String, String> a = apps.readNamespacedDeployment(deployment, cluster.ns).execute().getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  /** Restores v1, marks the rollback failed, and checks what was marked. */
  private void restoreFailsAndIsNotTheVersions(ClusterDriver driver, VersionRegistry registry) throws Exception {
    registry.markFailed(manifest, "Wait for pods ready: 0/3 ready");
    assertNull(annotations("checkout-v1").get("rollback.dev/failed-run"), "v1 is not marked: " + annotations("checkout-v1"));
    assertEquals("run-m", annotations("checkout-v2").get("rollback.dev/rolled-back-from-run"));
    // Once the cluster has room again, v1 is still the version to go back to (from v2, or from a v3).
    PreviousVersion previous = registry.previousStable(cluster.ref(Fixtures.APP), manifest.from());
    assertEquals("v1", assertInstanceOf(PreviousVersion.Found.class, previous, previous.toString()).version().id());
  }

  @Test
  void podsNoNodeHasRoomForDoNotMarkTheVersion() throws Exception {
    fixtures.blueGreen(true);
    V1Deployment v1 = apps.readNamespacedDeployment("checkout-v1", cluster.ns).execute();
    v1.getSpec().getTemplate().getSpec().getContainers().get(0)
        .resources(new V1ResourceRequirements().requests(Map.of("cpu", Quantity.fromString("100000"))));
    apps.replaceNamespacedDeployment("checkout-v1", cluster.ns, v1).execute();
    KubernetesAdapters k8s = adapters();
    ClusterDriver driver = k8s.clusterDriver();
    driver.scaleDown(manifest);
    driver.deploy(manifest);
    CoreV1Api core = new CoreV1Api(cluster.plainClient());
    Await.until("v1's pods are unschedulable", Duration.ofSeconds(30), () -> core.listNamespacedPod(cluster.ns)
        .labelSelector(Fixtures.VERSION + "=v1").execute().getItems().stream().anyMatch(p -> p.getStatus().getConditions() != null
            && p.getStatus().getConditions().stream().anyMatch(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))));

    restoreFailsAndIsNotTheVersions(driver, k8s.versionRegistry());
  }

  @Test
  void aQuotaThatRefusesThePodsDoesNotMarkTheVersion() throws Exception {
    fixtures.blueGreen(true);
    CoreV1Api core = new CoreV1Api(cluster.plainClient());
    core.createNamespacedResourceQuota(cluster.ns, new V1ResourceQuota().metadata(new V1ObjectMeta().name("pods"))
        .spec(new V1ResourceQuotaSpec().hard(Map.of("pods", Quantity.fromString("0"))))).execute();
    Await.until("the quota is in force", Duration.ofSeconds(30), () -> {
      var q = core.readNamespacedResourceQuota("pods", cluster.ns).execute();
      return q.getStatus() != null && q.getStatus().getHard() != null && q.getStatus().getHard().containsKey("pods");
    });
    KubernetesAdapters k8s = adapters();
    ClusterDriver driver = k8s.clusterDriver();
    driver.scaleDown(manifest);
    driver.deploy(manifest);
    Await.until("the controller reports it cannot create v1's pods", Duration.ofSeconds(30), () -> {
      var conditions = apps.readNamespacedDeployment("checkout-v1", cluster.ns).execute().getStatus().getConditions();
      return conditions != null && conditions.stream().anyMatch(c -> "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus()));
    });

    restoreFailsAndIsNotTheVersions(driver, k8s.versionRegistry());
  }
}
