package dev.rollback.k8s;

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
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ConfigMap run store passes the testkit's contract on the real apiserver (optimistic concurrency by resourceVersion), and owns its ConfigMaps well. */
class ConfigMapRunStoreTest extends RunStoreContract {
  private TestCluster cluster;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = TestCluster.create();
    new Fixtures(cluster).blueGreen(true);
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Override
  protected RunStore store() {
    return adapters(RolloutShape.BLUE_GREEN).runStore(cluster.ns);
  }

  @Override
  protected DeploymentRef deployment() {
    return DeploymentRef.of("contract", cluster.ns, Fixtures.APP);
  }

  private KubernetesAdapters adapters(RolloutShape shape) {
    return KubernetesAdapters.create(cluster.adapterClient(), WorkflowTest.config(shape));
  }

  private V1ConfigMap configMap(String runId) throws Exception {
    return new CoreV1Api(cluster.plainClient())
        .readNamespacedConfigMap(ConfigMapRunStore.configMapName(RunId.of(runId)), cluster.ns).execute();
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
    RunStore store = adapters(shape).runStore(cluster.ns);
    store.save(new RunRecord(RunId.of("run-2"), DeploymentRef.of("c", cluster.ns, "no-such-app"), false, "{}"), null);
    store.save(new RunRecord(RunId.of("run-3"), DeploymentRef.of("c", "elsewhere", "checkout"), false, "{}"), null);
    assertTrue(owners(configMap("run-2")).isEmpty());
    assertTrue(owners(configMap("run-3")).isEmpty());
    assertEquals(DeploymentRef.of("c", "elsewhere", "checkout"),
        store.load(RunId.of("run-3")).orElseThrow().record().deployment(), "the deployment comes back whole");
  }

  @Test
  void inPlaceRunsAreOwnedByTheDeployment() throws Exception {
    new io.kubernetes.client.openapi.apis.AppsV1Api(cluster.plainClient())
        .deleteNamespacedDeployment("checkout-v1", cluster.ns).execute();
    new io.kubernetes.client.openapi.apis.AppsV1Api(cluster.plainClient())
        .deleteNamespacedDeployment("checkout-v2", cluster.ns).execute();
    new CoreV1Api(cluster.plainClient()).deleteNamespacedService(Fixtures.APP, cluster.ns).execute();
    new Fixtures(cluster).inPlace(true);
    adapters(RolloutShape.IN_PLACE).runStore(cluster.ns)
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

  /**
   * Regression (real garbage collector): blue/green cleanup deletes the failing version's
   * Deployment, the garbage collector drops it from the run's owner references, and that bumps the
   * ConfigMap's resourceVersion. The run's next save must not take that for another engine's write.
   */
  @Test
  void aChangeByTheGarbageCollectorIsNotAConflict() throws Exception {
    RunStore store = store();
    String first = store.save(new RunRecord(RunId.of("run-gc"), deployment(), false, "{\"step\":1}"), null);
    new io.kubernetes.client.openapi.apis.AppsV1Api(cluster.plainClient())
        .deleteNamespacedDeployment("checkout-v2", cluster.ns).execute();
    Await.until("the garbage collector dropped the deleted owner", Duration.ofSeconds(30),
        () -> owners(configMap("run-gc")).size() == 1);
    assertTrue(!first.equals(configMap("run-gc").getMetadata().getResourceVersion()), "the GC's write bumped it");

    String second = store.save(new RunRecord(RunId.of("run-gc"), deployment(), false, "{\"step\":2}"), first);
    assertEquals(second, configMap("run-gc").getMetadata().getResourceVersion());
    assertEquals("{\"step\":2}", store.load(RunId.of("run-gc")).orElseThrow().record().document());
    assertEquals(List.of("checkout-v1"), owners(configMap("run-gc")).stream().map(V1OwnerReference::getName).toList());

    // A label a person adds is no conflict either; another engine's document still is.
    V1ConfigMap cm = configMap("run-gc");
    cm.getMetadata().putLabelsItem("team.example.com/looked-at", "yes");
    new CoreV1Api(cluster.plainClient()).replaceNamespacedConfigMap(cm.getMetadata().getName(), cluster.ns, cm).execute();
    String third = store.save(new RunRecord(RunId.of("run-gc"), deployment(), false, "{\"step\":3}"), second);
    store().save(new RunRecord(RunId.of("run-gc"), deployment(), false, "{\"by\":\"other\"}"), third);
    RunStoreConflictException lost = assertThrows(RunStoreConflictException.class,
        () -> store.save(new RunRecord(RunId.of("run-gc"), deployment(), false, "{\"step\":4}"), third));
    assertTrue(lost.getMessage().contains("another process wrote the run"), lost.getMessage());
  }
}
