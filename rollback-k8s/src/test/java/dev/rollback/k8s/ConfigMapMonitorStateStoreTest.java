package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.k8s.internal.ConfigMapMonitorStateStore;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MonitorState;
import dev.rollback.spi.MonitorStateStore;
import dev.rollback.spi.WatchedRelease;
import dev.rollback.testkit.contract.MonitorStateStoreContract;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ConfigMap monitor state store passes the testkit's contract on the real apiserver (conflicts by resourceVersion) and keeps states readable and within the object limit. */
class ConfigMapMonitorStateStoreTest extends MonitorStateStoreContract {
  private TestCluster cluster;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = TestCluster.create();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Override
  protected MonitorStateStore store() {
    return KubernetesMonitorSharing.create(cluster.adapterClient(), WorkflowTest.config(RolloutShape.IN_PLACE))
        .stateStore(cluster.ns);
  }

  @Test
  void aStateIsOneSmallLabelledConfigMapReadableWithKubectl() throws Exception {
    DeploymentRef d = DeploymentRef.of("prod-eu-1", "shop", "checkout");
    store().save(new MonitorState(d, new WatchedRelease("v2", T0, T0, T0.plusSeconds(7200), false), null, null), null);
    V1ConfigMap cm = new CoreV1Api(cluster.plainClient())
        .readNamespacedConfigMap(ConfigMapMonitorStateStore.configMapName(d), cluster.ns).execute();
    assertEquals("true", cm.getMetadata().getLabels().get("rollback.dev/monitor-watched"));
    assertEquals("checkout", cm.getMetadata().getAnnotations().get("rollback.dev/deployment-name"));
    String json = cm.getData().get("state.json");
    assertTrue(json.contains("\"judgedUntil\":\"2026-03-01T12:00:00.123456Z\""), json);
    assertTrue(json.length() < 500, "a few hundred bytes: " + json.length());
  }

  @Test
  void aStateAboveTheObjectLimitIsRefusedBeforeAnyRequest() throws Exception {
    DeploymentRef d = DeploymentRef.of("prod-eu-1", "shop", "checkout");
    MonitorStateStore store = store();
    String huge = "v".repeat(1024 * 1024);
    MonitorStateTooLargeException e = assertThrows(MonitorStateTooLargeException.class, () -> store.save(
        new MonitorState(d, new WatchedRelease(huge, T0, T0, T0, false), null, null), null));
    assertTrue(e.getMessage().contains("above the 1048576 bytes a ConfigMap may hold"), e.getMessage());
    assertTrue(store.load(d).isEmpty(), "nothing was written");
  }
}
