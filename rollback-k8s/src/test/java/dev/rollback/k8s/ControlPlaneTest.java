package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The control plane the Kubernetes tests run on is real: the apiserver reports its version,
 * the controllers turn a Deployment into a ReplicaSet and Pods, the scheduler places them on
 * kwok's nodes, and kwok makes them Running and Ready; the adapters' ServiceAccount is refused
 * what the Role does not grant.
 */
class ControlPlaneTest {
  private TestCluster cluster;

  @AfterEach
  void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void runsDeploymentsOnKwokNodes() throws Exception {
    cluster = TestCluster.create();
    assertEquals("v1.35.4", new VersionApi(cluster.plainClient()).getCode().execute().getGitVersion());
    System.err.printf("control plane start took %.1f s%n", cluster.plane.startTime().toMillis() / 1000.0);
    Fixtures fixtures = new Fixtures(cluster);
    new AppsV1Api(cluster.plainClient()).createNamespacedDeployment(cluster.ns,
        fixtures.versionDeployment("v1", Fixtures.IMAGE_V1, 2)).execute();
    fixtures.awaitRollout("checkout-v1", true);
    List<V1Pod> pods = new CoreV1Api(cluster.plainClient()).listNamespacedPod(cluster.ns).execute().getItems();
    assertEquals(2, pods.size());
    for (V1Pod pod : pods) {
      assertTrue(pod.getSpec().getNodeName().startsWith(ControlPlane.NODE_PREFIX), pod.getSpec().getNodeName());
      assertEquals("Running", pod.getStatus().getPhase());
      assertEquals(1, pod.getMetadata().getOwnerReferences().size());
      assertEquals("ReplicaSet", pod.getMetadata().getOwnerReferences().get(0).getKind());
    }
  }

  @Test
  void theServiceAccountGetsA403ForWhatTheRoleDoesNotGrant() throws Exception {
    cluster = TestCluster.create();
    ApiException e = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
        () -> new CoreV1Api(cluster.plane.client(cluster.token())).listNamespacedSecret(cluster.ns).execute());
    assertEquals(403, e.getCode());
    assertTrue(e.getResponseBody().contains("system:serviceaccount:" + cluster.ns + ":rollback"), e.getResponseBody());
  }
}
