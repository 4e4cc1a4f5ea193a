package dev.rollback.k8s;

import static dev.rollback.k8s.Fixtures.NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.k8s.internal.ConfigMapRunStore;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunRecord;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.RunStoreConflictException;
import dev.rollback.testkit.contract.RunStoreContract;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ConfigMap run store passes the testkit's contract on the mock, and owns its ConfigMaps well. */
class ConfigMapRunStoreTest extends RunStoreContract {
  private TestCluster cluster;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = new TestCluster();
    new Fixtures(cluster.plainClient()).blueGreen(true);
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Override
  protected RunStore store() {
    return adapters(RolloutShape.BLUE_GREEN).runStore(NS);
  }

  private KubernetesAdapters adapters(RolloutShape shape) {
    return KubernetesAdapters.create(cluster.adapterClient(), WorkflowTest.config(shape));
  }

  private V1ConfigMap configMap(String runId) throws Exception {
    return new CoreV1Api(cluster.plainClient())
        .readNamespacedConfigMap(ConfigMapRunStore.configMapName(RunId.of(runId)), NS).execute();
  }

  private static List<V1OwnerReference> owners(V1ConfigMap cm) {
    List<V1OwnerReference> owners = cm.getMetadata().getOwnerReferences();
    return owners == null ? List.of() : owners;
  }

  @Test
  void blueGreenRunsAreOwnedByEveryDeploymentOfTheApplication() throws Exception {
    store().save(new RunRecord(RunId.of("Run_1.a"), deployment(), false, "{}"), null);
    V1ConfigMap cm = configMap("Run_1.a");
    assertTrue(cm.getMetadata().getName().startsWith("rollback-run-run-1.a-"), cm.getMetadata().getName());
    assertEquals(Set.of("checkout-v1", "checkout-v2"), cm.getMetadata().getOwnerReferences().stream()
        .map(V1OwnerReference::getName).collect(Collectors.toSet()),
        "owned by both versions, so deleting the failing one in cleanup keeps the run");
    V1OwnerReference owner = cm.getMetadata().getOwnerReferences().get(0);
    assertEquals("Deployment", owner.getKind());
    assertEquals("apps/v1", owner.getApiVersion());
    assertEquals("false", cm.getMetadata().getLabels().get("rollback.dev/finished"));
    assertEquals("Run_1.a", cm.getMetadata().getLabels().get("rollback.dev/run"));
  }

  @ParameterizedTest
  @EnumSource(RolloutShape.class)
  void aRunOfAnUnknownDeploymentOrAnotherNamespaceHasNoOwner(RolloutShape shape) throws Exception {
    RunStore store = adapters(shape).runStore(NS);
    store.save(new RunRecord(RunId.of("run-2"), DeploymentRef.of("c", NS, "no-such-app"), false, "{}"), null);
    store.save(new RunRecord(RunId.of("run-3"), DeploymentRef.of("c", "elsewhere", "checkout"), false, "{}"), null);
    // the mock answers an absent list as []
    assertTrue(owners(configMap("run-2")).isEmpty());
    assertTrue(owners(configMap("run-3")).isEmpty());
    assertEquals(DeploymentRef.of("c", "elsewhere", "checkout"),
        store.load(RunId.of("run-3")).orElseThrow().record().deployment(), "the deployment comes back whole");
  }

  @Test
  void inPlaceRunsAreOwnedByTheDeployment() throws Exception {
    ClusterSimulator sim = new ClusterSimulator(cluster, NS);
    new io.kubernetes.client.openapi.apis.AppsV1Api(cluster.plainClient())
        .deleteNamespacedDeployment("checkout-v1", NS).execute();
    new io.kubernetes.client.openapi.apis.AppsV1Api(cluster.plainClient())
        .deleteNamespacedDeployment("checkout-v2", NS).execute();
    new CoreV1Api(cluster.plainClient()).deleteNamespacedService(Fixtures.APP, NS).execute();
    new Fixtures(cluster.plainClient()).inPlace(sim, true);
    adapters(RolloutShape.IN_PLACE).runStore(NS)
        .save(new RunRecord(RunId.of("run-4"), deployment(), false, "{}"), null);
    List<V1OwnerReference> owners = configMap("run-4").getMetadata().getOwnerReferences();
    assertEquals(List.of("checkout"), owners.stream().map(V1OwnerReference::getName).toList());
  }

  @Test
  void twoWritersOfOneRevisionCannotBothWin() throws Exception {
    RunStore a = store();
    RunStore b = store();
    String first = a.save(new RunRecord(RunId.of("run-5"), deployment(), false, "{\"by\":\"a\"}"), null);
    b.save(new RunRecord(RunId.of("run-5"), deployment(), false, "{\"by\":\"b\"}"), first);
    RunStoreConflictException lost = assertThrows(RunStoreConflictException.class,
        () -> a.save(new RunRecord(RunId.of("run-5"), deployment(), true, "{\"by\":\"a\"}"), first));
    assertTrue(lost.getMessage().contains("resourceVersion " + first), lost.getMessage());
    assertEquals("{\"by\":\"b\"}", a.load(RunId.of("run-5")).orElseThrow().record().document());
  }
}
