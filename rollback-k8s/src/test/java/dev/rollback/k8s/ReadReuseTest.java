package dev.rollback.k8s;

import static dev.rollback.k8s.Fixtures.APP;
import static dev.rollback.k8s.Fixtures.NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.Version;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentCondition;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The steps of one run reuse what the adapters read or wrote moments before, without trusting a
 * stale copy for a write or the Deployment's status. On the CRUD mock, which refuses a write with
 * an old resourceVersion (409) as the API server does: these tests pin exact request sequences and
 * script the Deployment's status, which needs objects that no controller writes meanwhile (on the
 * real control plane the Deployment controller updates the status after each write).
 */
class ReadReuseTest {
  private static final String DEPLOYMENT = "/apis/apps/v1/namespaces/" + NS + "/deployments/" + APP;

  private static final DeploymentRef REF = DeploymentRef.of("test", NS, APP);
  private MockCluster cluster;
  private AppsV1Api plain;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  /** The bodies of the writes, in order. */
  private final List<String> bodies = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    cluster = new MockCluster();
    new Fixtures(cluster.plainClient(), NS).inPlaceObjects();
    plain = new AppsV1Api(cluster.plainClient());
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  private KubernetesAdapters adapters(UnaryOperator<KubernetesAdapterConfig.Builder> tune) {
    ApiClient client = cluster.adapterClient();
    client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(chain -> {
      requests.add(chain.request().method() + " " + chain.request().url().encodedPath());
      if (chain.request().body() != null) {
        okio.Buffer body = new okio.Buffer();
        chain.request().body().writeTo(body);
        bodies.add(body.readUtf8());
      }
      return chain.proceed(chain.request());
    }).build());
    KubernetesAdapterConfig.Builder b = KubernetesAdapterConfig.builder(WorkflowTest.config(RolloutShape.IN_PLACE));
    return KubernetesAdapters.create(client, tune.apply(b).build());
  }

  private RollbackManifest manifest(KubernetesAdapters k8s) throws InterruptedException {
    Version current = k8s.versionRegistry().currentVersion(REF);
    PreviousVersion previous = k8s.versionRegistry().previousStable(REF, current);
    return new RollbackManifest(RunId.of("run-reuse"), REF, current,
        ((PreviousVersion.Found) previous).version(), ScaleDown.keepFloor(1), Instant.now());
  }

  private List<String> since(int mark) {
    return List.copyOf(requests.subList(mark, requests.size()));
  }

  @Test
  void theStepsOfOneRunReadTheDeploymentAndItsReplicaSetsOnce() throws Exception {
    KubernetesAdapters k8s = adapters(b -> b);
    RollbackManifest m = manifest(k8s);
    assertEquals(List.of("GET " + DEPLOYMENT, "GET /apis/apps/v1/namespaces/shop/replicasets"), requests,
        "identify and fetch share one read");

    int mark = requests.size();
    assertEquals(List.of(), k8s.clusterDriver().validate(m));
    k8s.clusterDriver().scaleDown(m);
    k8s.clusterDriver().deploy(m);
    assertEquals(List.of("PATCH " + DEPLOYMENT, "PATCH " + DEPLOYMENT), since(mark),
        "validate reads nothing; scale-down and deploy write from the copies");

    // The restore is a merge patch whose containers list replaces the old one whole; the mock
    // merges lists instead (WorkflowTest sees the real apiserver run v1's image), so the image is
    // checked in what was sent.
    String deploy = bodies.get(bodies.size() - 1);
    assertTrue(deploy.contains("\"image\":\"" + Fixtures.IMAGE_V1 + "\""), deploy);
    V1Deployment onServer = plain.readNamespacedDeployment(APP, NS).execute();
    assertEquals("run-reuse", onServer.getMetadata().getAnnotations().get("rollback.dev/scaled-down-by-run"),
        "deploy's patch started from scale-down's answer, so it kept scale-down's annotations");
    assertEquals(3, onServer.getSpec().getReplicas(), "and restored the replica count");
  }

  @Test
  void aWriteFromAStaleCopyCostsOneConflictAndAFreshRead() throws Exception {
    // No conflict retries at all: a stale copy must not use them up.
    KubernetesAdapters k8s = adapters(b -> b.conflictRetries(0));
    RollbackManifest m = manifest(k8s);
    V1Deployment theirs = plain.readNamespacedDeployment(APP, NS).execute();
    theirs.getMetadata().putAnnotationsItem("team.example.com/owner", "payments");
    plain.replaceNamespacedDeployment(APP, NS, theirs.apiVersion("apps/v1").kind("Deployment")).execute();

    int mark = requests.size();
    k8s.clusterDriver().scaleDown(m);
    assertEquals(List.of("PATCH " + DEPLOYMENT, "GET " + DEPLOYMENT, "PATCH " + DEPLOYMENT), since(mark));
    var annotations = plain.readNamespacedDeployment(APP, NS).execute().getMetadata().getAnnotations();
    assertEquals("payments", annotations.get("team.example.com/owner"), "the other writer's change survives");
    assertEquals("run-reuse", annotations.get("rollback.dev/scaled-down-by-run"));
  }

  @Test
  void aCopyOfADeletedDeploymentIsCheckedBeforeTheDeployFails() throws Exception {
    KubernetesAdapters k8s = adapters(b -> b);
    RollbackManifest m = manifest(k8s);
    plain.deleteNamespacedDeployment(APP, NS).execute();

    int mark = requests.size();
    ClusterStateException e = assertThrows(ClusterStateException.class, () -> k8s.clusterDriver().deploy(m));
    assertTrue(e.getMessage().contains("vanished"), e.getMessage());
    assertEquals(List.of("PATCH " + DEPLOYMENT, "GET " + DEPLOYMENT), since(mark),
        "the 404 of the write from the copy is confirmed by a fresh read");
  }

  @Test
  void withoutReuseEveryStepReadsAfresh() throws Exception {
    KubernetesAdapters k8s = adapters(b -> b.readReuse(Duration.ZERO));
    RollbackManifest m = manifest(k8s);
    assertEquals(4, requests.size(), "identify and fetch read the Deployment and ReplicaSets each: " + requests);

    int mark = requests.size();
    k8s.clusterDriver().scaleDown(m);
    assertEquals(List.of("GET " + DEPLOYMENT, "PATCH " + DEPLOYMENT), since(mark));
  }

  @Test
  void readinessReadsTheDeploymentStatusAfresh() throws Exception {
    KubernetesAdapters k8s = adapters(b -> b);
    RollbackManifest m = manifest(k8s);
    setCondition("Progressing", "False", "ProgressDeadlineExceeded", Instant.now().plusSeconds(1));

    int mark = requests.size();
    ReadinessSnapshot snapshot = k8s.clusterDriver().readiness(m);
    assertTrue(since(mark).contains("GET " + DEPLOYMENT), "a fresh read of the Deployment: " + since(mark));
    assertNotNull(snapshot.blocker(), snapshot.toString());
    assertTrue(snapshot.blocker().contains("exceeded its progress deadline"), snapshot.blocker());
    assertTrue(k8s.clusterDriver().podHealth(m).workloadProblems().stream()
        .anyMatch(p -> p.contains("exceeded its progress deadline")));
  }

  /**
   * Regression (issue "A rollback that is right on a real cluster", point 2): the controller keeps
   * the failing rollout's TimedOut condition until a sync sees progress, and bumps
   * observedGeneration regardless, so a condition observed at the current generation may still be
   * stale; its lastUpdateTime, from before the restore, tells.
   */
  @Test
  void aProgressDeadlineExceededBeforeTheRestoreDoesNotBlockIt() throws Exception {
    KubernetesAdapters k8s = adapters(b -> b);
    RollbackManifest m = manifest(k8s);
    setCondition("Progressing", "False", "ProgressDeadlineExceeded", m.preparedAt().minusSeconds(60));

    ReadinessSnapshot snapshot = k8s.clusterDriver().readiness(m);
    assertNull(snapshot.blocker(), snapshot.toString());
    assertEquals(List.of(), k8s.clusterDriver().podHealth(m).workloadProblems());
  }

  /** A ReplicaSet the controller cannot create pods for (quota, PodSecurity, webhook) fails at once. */
  @Test
  void aReplicaFailureBlocksAtOnceWithItsReason() throws Exception {
    KubernetesAdapters k8s = adapters(b -> b);
    RollbackManifest m = manifest(k8s);
    setCondition("ReplicaFailure", "True", "FailedCreate", Instant.now().plusSeconds(1));

    ReadinessSnapshot snapshot = k8s.clusterDriver().readiness(m);
    assertEquals("Deployment checkout cannot create pods (FailedCreate): the condition's message", snapshot.blocker());
  }

  /** Writes one condition, last updated at {@code updated}, at the Deployment's current generation. */
  private void setCondition(String type, String status, String reason, Instant updated) throws Exception {
    V1Deployment dep = plain.readNamespacedDeployment(APP, NS).execute();
    Long generation = dep.getMetadata().getGeneration();
    assertNotNull(generation, "the mock keeps metadata.generation");
    OffsetDateTime at = updated.atOffset(ZoneOffset.UTC);
    dep.status(new V1DeploymentStatus().observedGeneration(generation)
        .conditions(List.of(new V1DeploymentCondition().type(type).status(status).reason(reason)
            .message("ProgressDeadlineExceeded".equals(reason) ? "ReplicaSet \"checkout-2\" has timed out progressing."
                : "the condition's message")
            .lastUpdateTime(at).lastTransitionTime(at))));
    plain.replaceNamespacedDeploymentStatus(APP, NS, dep.apiVersion("apps/v1").kind("Deployment")).execute();
  }
}
