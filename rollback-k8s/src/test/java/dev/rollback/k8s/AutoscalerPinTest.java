package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.Version;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.AutoscalingV2Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V2CrossVersionObjectReference;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscalerSpec;
import io.kubernetes.client.openapi.models.V2MetricSpec;
import io.kubernetes.client.openapi.models.V2MetricTarget;
import io.kubernetes.client.openapi.models.V2ResourceMetricSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blue/green on the real control plane (issue "A rollback that is right on a real cluster", point
 * 1): an autoscaler of the failing version would scale it back up to its minReplicas at its next
 * sync (the HPA controller enforces minReplicas even without metrics, as here); <i>Scale down new
 * pods</i> pins it to the floor, and cleanup, or a failed rollback, gives it its range back.
 */
class AutoscalerPinTest {
  private TestCluster cluster;
  private AutoscalingV2Api autoscaling;
  private RollbackManifest manifest;
  private ClusterDriver driver;

  @BeforeEach
  void open() throws Exception {
    cluster = TestCluster.create();
    new Fixtures(cluster).blueGreen(true);
    autoscaling = new AutoscalingV2Api(cluster.plainClient());
    autoscaling.createNamespacedHorizontalPodAutoscaler(cluster.ns, new V2HorizontalPodAutoscaler()
        .metadata(new V1ObjectMeta().name("checkout-v2"))
        .spec(new V2HorizontalPodAutoscalerSpec().minReplicas(3).maxReplicas(6)
            .scaleTargetRef(new V2CrossVersionObjectReference().apiVersion("apps/v1").kind("Deployment").name("checkout-v2"))
            .metrics(List.of(new V2MetricSpec().type("Resource").resource(new V2ResourceMetricSource().name("cpu")
                .target(new V2MetricTarget().type("Utilization").averageUtilization(80))))))).execute();
    manifest = new RollbackManifest(RunId.of("run-h"), cluster.ref(Fixtures.APP), Version.of("v2", "app", Fixtures.IMAGE_V2),
        Version.of("v1", "app", Fixtures.IMAGE_V1), ScaleDown.keepFloor(1), Instant.now());
    driver = KubernetesAdapters.create(cluster.adapterClient(), WorkflowTest.config(RolloutShape.BLUE_GREEN)).clusterDriver();
  }

  @AfterEach
  void close() {
    cluster.close();
  }

  private V2HorizontalPodAutoscaler hpa() throws Exception {
    return autoscaling.readNamespacedHorizontalPodAutoscaler("checkout-v2", cluster.ns).execute();
  }

  private int v2Replicas() throws Exception {
    return new AppsV1Api(cluster.plainClient()).readNamespacedDeployment("checkout-v2", cluster.ns).execute().getSpec().getReplicas();
  }

  @Test
  void theFailingVersionsAutoscalerIsPinnedToTheFloorUntilCleanup() throws Exception {
    driver.scaleDown(manifest);
    V2HorizontalPodAutoscaler pinned = hpa();
    assertEquals(1, pinned.getSpec().getMinReplicas());
    assertEquals(1, pinned.getSpec().getMaxReplicas());
    assertEquals(Map.of("rollback.dev/pinned-by-run", "run-h", "rollback.dev/replica-range-before", "3-6"),
        pinned.getMetadata().getAnnotations());
    // Longer than the HPA controller's 15 s sync: unpinned, it would have scaled v2 back to 3.
    Thread.sleep(20_000);
    assertEquals(1, v2Replicas(), "the autoscaler kept the floor");
    driver.scaleDown(manifest);
    assertEquals(1, hpa().getSpec().getMaxReplicas(), "a repeated scale-down keeps the recorded range");
    driver.deploy(manifest);
    Await.until("v1 is ready", java.time.Duration.ofSeconds(30), () -> driver.readiness(manifest).complete());
    driver.switchTraffic(manifest);

    driver.cleanup(manifest);
    V2HorizontalPodAutoscaler restored = hpa();
    assertEquals(3, restored.getSpec().getMinReplicas());
    assertEquals(6, restored.getSpec().getMaxReplicas());
    assertNull(restored.getMetadata().getAnnotations() == null ? null
        : restored.getMetadata().getAnnotations().get("rollback.dev/pinned-by-run"));
  }

  @Test
  void aFailedRollbackGivesTheServingVersionsAutoscalerItsRangeBack() throws Exception {
    driver.scaleDown(manifest);
    assertEquals(1, hpa().getSpec().getMaxReplicas());
    KubernetesAdapters.create(cluster.adapterClient(), WorkflowTest.config(RolloutShape.BLUE_GREEN)).versionRegistry()
        .markFailed(manifest, "Wait for pods ready: 0/3 ready");
    assertEquals(3, hpa().getSpec().getMinReplicas());
    assertEquals(6, hpa().getSpec().getMaxReplicas());
  }
}
