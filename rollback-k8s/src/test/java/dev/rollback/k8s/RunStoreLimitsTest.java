package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.k8s.internal.ConfigMapRunStore;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunRecord;
import dev.rollback.spi.RunStore;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, point 6, on the real apiserver (which refuses a ConfigMap whose data exceeds 1 MiB):
 * the ConfigMap run store keeps a large document compressed and whole, refuses one too large even
 * compressed with an exception naming the run and the sizes (writing nothing), and deletes
 * finished runs once their retention has passed.
 */
class RunStoreLimitsTest {
  private TestCluster cluster;
  private DeploymentRef ref;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = TestCluster.create();
    ref = cluster.ref(Fixtures.APP);
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  private RunStore store(KubernetesAdapterConfig config, TestClock clock) {
    return KubernetesAdapters.create(cluster.adapterClient(), config).runStore(cluster.ns, clock);
  }

  private RunStore store() {
    return store(WorkflowTest.config(RolloutShape.IN_PLACE), new TestClock(Instant.now()));
  }

  private V1ConfigMap configMap(String runId) throws Exception {
    return new CoreV1Api(cluster.plainClient())
        .readNamespacedConfigMap(ConfigMapRunStore.configMapName(RunId.of(runId)), cluster.ns).execute();
  }

  /** A journal of {@code entries} similar steps, as the engine writes them: large, and compressible. */
  private static String journal(int entries) {
    StringBuilder b = new StringBuilder("{\"schemaVersion\":1,\"journal\":[");
    for (int i = 0; i < entries; i++) {
      b.append(i == 0 ? "" : ",").append("{\"node\":\"n7\",\"attempt\":").append(i)
          .append(",\"result\":\"NOT_READY\",\"detail\":\"2 of 3 pods ready; pod checkout-v1-").append(i)
          .append(" is waiting: ContainerCreating\",\"startedAt\":\"2026-12-01T22:00:00Z\"}");
    }
    return b.append("]}").toString();
  }

  @Test
  void aLargeDocumentIsKeptCompressedAndComesBackWhole() throws Exception {
    RunStore store = store();
    String large = journal(20_000);
    assertTrue(large.length() > 2 * 1024 * 1024, "larger than a ConfigMap may hold: " + large.length());
    String first = store.save(new RunRecord(RunId.of("run-big"), ref, false, large), null);
    assertEquals(large, store.load(RunId.of("run-big")).orElseThrow().record().document());
    V1ConfigMap cm = configMap("run-big");
    assertNull(cm.getData() == null ? null : cm.getData().get("run.json"), "not kept plain");
    assertTrue(cm.getBinaryData().get("run.json.gz").length < 1024 * 1024, "kept compressed");

    String small = "{\"schemaVersion\":1,\"journal\":[]}";
    String second = store.save(new RunRecord(RunId.of("run-big"), ref, false, small), first);
    cm = configMap("run-big");
    assertEquals(small, cm.getData().get("run.json"), "a small document is plain again");
    assertTrue(cm.getBinaryData() == null || !cm.getBinaryData().containsKey("run.json.gz"), "the compressed form is gone");

    String larger = journal(21_000);
    store.save(new RunRecord(RunId.of("run-big"), ref, true, larger), second);
    assertEquals(larger, store().load(RunId.of("run-big")).orElseThrow().record().document(), "another store reads it");
  }

  @Test
  void aDocumentTooLargeEvenCompressedIsRefusedNamingTheRunAndNothingIsWritten() throws Exception {
    RunStore store = store();
    String first = store.save(new RunRecord(RunId.of("run-huge"), ref, false, "{\"step\":1}"), null);
    byte[] noise = new byte[1536 * 1024];
    new Random(18).nextBytes(noise);
    String huge = "{\"detail\":\"" + Base64.getEncoder().encodeToString(noise) + "\"}";
    RunTooLargeException e = assertThrows(RunTooLargeException.class,
        () -> store.save(new RunRecord(RunId.of("run-huge"), ref, false, huge), first));
    assertEquals(RunId.of("run-huge"), e.runId());
    assertEquals(huge.length(), e.bytes());
    assertTrue(e.compressedBytes() > 1024 * 1024, e.getMessage());
    assertTrue(e.getMessage().startsWith("run run-huge cannot be saved: its document is " + huge.length()
        + " bytes, "), e.getMessage());
    assertTrue(e.getMessage().endsWith("compressed, above the 1048576 bytes a ConfigMap may hold"), e.getMessage());
    assertEquals(first, configMap("run-huge").getMetadata().getResourceVersion(), "nothing was written");
    assertEquals("{\"step\":1}", store.load(RunId.of("run-huge")).orElseThrow().record().document());
  }

  @Test
  void finishedRunsAreDeletedOnceTheirRetentionHasPassed() throws Exception {
    TestClock clock = new TestClock(Instant.now());
    RunStore store = store(KubernetesAdapterConfig.builder(WorkflowTest.config(RolloutShape.IN_PLACE))
        .runRetention(Duration.ofHours(2)).build(), clock);
    String a = store.save(new RunRecord(RunId.of("run-a"), ref, false, "{\"step\":1}"), null);
    store.save(new RunRecord(RunId.of("run-a"), ref, true, "{\"step\":2}"), a);
    store.save(new RunRecord(RunId.of("run-b"), ref, true, "{\"step\":9}"), null);
    store.save(new RunRecord(RunId.of("run-open"), ref, false, "{\"step\":1}"), null);
    assertEquals(Set.of("run-a", "run-b", "run-open"), runs(), "nothing is old enough yet");

    clock.advance(Duration.ofHours(1));
    store.save(new RunRecord(RunId.of("run-c"), ref, true, "{\"step\":9}"), null);
    assertEquals(Set.of("run-a", "run-b", "run-c", "run-open"), runs());

    clock.advance(Duration.ofHours(1).plusSeconds(1));
    assertEquals(List.of("run-open"), store.unfinished().stream().map(r -> r.record().runId().value()).toList());
    assertEquals(Set.of("run-c", "run-open"), runs(),
        "runs a and b finished more than 2 h ago; c finished 1 h ago; an unfinished run is kept however old");
  }

  private Set<String> runs() throws Exception {
    return new CoreV1Api(cluster.plainClient()).listNamespacedConfigMap(cluster.ns)
        .labelSelector("rollback.dev/run-store=true").execute().getItems().stream()
        .map(cm -> cm.getMetadata().getLabels().get("rollback.dev/run")).collect(Collectors.toSet());
  }
}
