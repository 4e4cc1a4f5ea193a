package dev.rollback.k8s;

import static dev.rollback.k8s.Fixtures.APP;
import static dev.rollback.k8s.Fixtures.IMAGE_V1;
import static dev.rollback.k8s.Fixtures.IMAGE_V2;
import static dev.rollback.k8s.Fixtures.NAME;
import static dev.rollback.k8s.Fixtures.VERSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.Version;
import dev.rollback.spi.VersionRegistry;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In place on the real control plane: revisions are told apart by their ReplicaSet (pod-template
 * hash), not by a version label several revisions share; the restore keeps kubectl's bookkeeping
 * (change-cause, so {@code kubectl rollout history} tells the truth); and the library's own
 * annotations do not ride along into later revisions.
 */
class RevisionsTest {
  static final String CHANGE_CAUSE = "kubernetes.io/change-cause";

  TestCluster cluster;
  Fixtures fixtures;
  AppsV1Api apps;
  DeploymentRef ref;

  @BeforeEach
  void open() throws Exception {
    cluster = TestCluster.create();
    fixtures = new Fixtures(cluster);
    apps = new AppsV1Api(cluster.plainClient());
    ref = cluster.ref(APP);
  }

  @AfterEach
  void close() {
    cluster.close();
  }

  /** A template of version label {@code label} running {@code image} with env FLAG={@code flag}; faulty with {@code fault}. */
  private V1PodTemplateSpec template(String label, String image, String flag, Fixtures.Fault fault) {
    V1PodTemplateSpec t = fixtures.template(Map.of(NAME, APP, VERSION, label), image);
    t.getSpec().getContainers().get(0).env(List.of(new V1EnvVar().name("FLAG").value(flag)));
    if (fault != null) {
      Map<String, String> a = new HashMap<>(t.getMetadata().getAnnotations() == null ? Map.of() : t.getMetadata().getAnnotations());
      a.put(Fixtures.FAULT, fault.annotation);
      t.getMetadata().annotations(a);
    }
    return t;
  }

  private void create(V1PodTemplateSpec template, String changeCause, Integer historyLimit) throws Exception {
    apps.createNamespacedDeployment(cluster.ns, new V1Deployment().apiVersion("apps/v1").kind("Deployment")
        .metadata(new V1ObjectMeta().name(APP).namespace(cluster.ns).labels(Map.of(NAME, APP))
            .annotations(Map.of(CHANGE_CAUSE, changeCause)))
        .spec(new V1DeploymentSpec().replicas(2).revisionHistoryLimit(historyLimit)
            .selector(new V1LabelSelector().matchLabels(Map.of(NAME, APP))).template(template))).execute();
    new CoreV1Api(cluster.plainClient()).createNamespacedService(cluster.ns, fixtures.service(APP, Map.of(NAME, APP))).execute();
    fixtures.awaitRollout(APP, true);
  }

  /** Releases {@code template} as a person would with kubectl apply and an annotated change-cause. */
  private void release(V1PodTemplateSpec template, String changeCause, boolean available) throws Exception {
    V1Deployment d = apps.readNamespacedDeployment(APP, cluster.ns).execute();
    d.getSpec().setTemplate(template);
    d.getMetadata().getAnnotations().put(CHANGE_CAUSE, changeCause);
    apps.replaceNamespacedDeployment(APP, cluster.ns, d).execute();
    fixtures.awaitRollout(APP, available);
  }

  private KubernetesAdapters adapters() {
    return KubernetesAdapters.create(cluster.adapterClient(), WorkflowTest.config(RolloutShape.IN_PLACE));
  }

  private StepwiseWorkflow.Result rollBack(String run) throws Exception {
    KubernetesAdapters k8s = adapters();
    return new StepwiseWorkflow(k8s, k8s.jobSmokeTester(WorkflowTest.smokeJob(WorkflowTest.SMOKE_OK)),
        ScaleDown.keepFloor(1), Duration.ofSeconds(30)).run(ref, RunId.of(run));
  }

  private List<V1ReplicaSet> replicaSets() throws Exception {
    return apps.listNamespacedReplicaSet(cluster.ns).execute().getItems().stream()
        .sorted(Comparator.comparingLong(Fixtures::revision)).toList();
  }

  /**
   * Regression: a config-only release (same image, same version label, another environment) whose
   * metrics regress (the rollback is asked for; the pods themselves are healthy) could not be rolled back: both revisions were "version 1.0" and the earlier one was
   * skipped as the current version.
   */
  @Test
  void aConfigOnlyRegressionUnderTheSameVersionLabelIsRolledBack(@TempDir Path dir) throws Exception {
    create(template("1.0", IMAGE_V1, "off", null), "release 1.0", null);
    release(template("1.0", IMAGE_V1, "on", null), "flag on", true);

    StepwiseWorkflow.Result r = rollBack("run-cfg");

    assertEquals(RunOutcome.ROLLED_BACK, r.outcome(), r.journal().toString());
    List<V1ReplicaSet> rss = replicaSets();
    String first = rss.get(1).getSpec().getTemplate().getMetadata().getLabels().get("pod-template-hash");
    String second = rss.get(0).getSpec().getTemplate().getMetadata().getLabels().get("pod-template-hash");
    assertEquals("1.0-" + first, r.manifest().to().id(), "ids tell the revisions apart by their hash");
    assertEquals("1.0-" + second, r.manifest().from().id());
    V1Deployment d = apps.readNamespacedDeployment(APP, cluster.ns).execute();
    assertEquals("off", d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0).getValue());

    // As kubectl rollout undo does: the restored revision's change-cause is the Deployment's again,
    // so the history tells the truth; the controller's own annotations stay the Deployment's.
    assertEquals("release 1.0", d.getMetadata().getAnnotations().get(CHANGE_CAUSE));
    assertEquals("3", d.getMetadata().getAnnotations().get(Fixtures.REVISION));
    Kubectl kubectl = Kubectl.asAdmin(cluster, Files.createDirectories(dir.resolve("kubectl")));
    Kubectl.Result history = kubectl.run("-n", cluster.ns, "rollout", "history", "deployment/" + APP);
    assertEquals(0, history.exitCode(), history.output());
    assertTrue(history.output().matches("(?s).*\\n2\\s+flag on\\s*\\n3\\s+release 1\\.0.*"), history.output());
  }

  /**
   * Regression: {@code kubectl rollout undo} copies a ReplicaSet's annotations onto the Deployment,
   * and the controller copies a Deployment's onto each new ReplicaSet, so a failure mark written on
   * one revision reached every later one, and each later good version was then skipped as failed.
   * A mark counts only on the object it was written on.
   */
  @Test
  void aMarkCopiedOntoLaterRevisionsDoesNotMakeThemLookFailed(@TempDir Path dir) throws Exception {
    create(template("1.0", IMAGE_V1, "off", null), "release 1.0", null);
    release(template("2.0", IMAGE_V2, "off", null), "release 2.0", true);
    assertEquals(RunOutcome.ROLLED_BACK, rollBack("run-1").outcome());

    // A person re-deploys the failing revision with kubectl, then ships 3.0 (good) and 4.0.
    Kubectl kubectl = Kubectl.asAdmin(cluster, Files.createDirectories(dir.resolve("kubectl")));
    Kubectl.Result undo = kubectl.run("-n", cluster.ns, "rollout", "undo", "deployment/" + APP);
    assertEquals(0, undo.exitCode(), undo.output());
    fixtures.awaitRollout(APP, true);
    release(template("3.0", "registry.example.com/shop/checkout:3.0", "off", null), "release 3.0", true);
    release(template("4.0", "registry.example.com/shop/checkout:4.0", "off", null), "release 4.0", true);

    V1ReplicaSet three = replicaSets().stream()
        .filter(rs -> "3.0".equals(rs.getSpec().getTemplate().getMetadata().getLabels().get(VERSION))).findFirst().orElseThrow();
    assertEquals("run-1", three.getMetadata().getAnnotations().get("rollback.dev/rolled-back-from-run"),
        "the controller copied 2.0's mark onto 3.0 (else this test shows nothing): " + three.getMetadata().getAnnotations());

    VersionRegistry registry = adapters().versionRegistry();
    Version current = registry.currentVersion(ref);
    assertEquals("4.0", current.id());
    PreviousVersion previous = registry.previousStable(ref, current);
    assertEquals("3.0", assertInstanceOf(PreviousVersion.Found.class, previous, previous.toString()).version().id());
  }

  /** With revisionHistoryLimit 0 the controller keeps no old ReplicaSet: the registry says so. */
  @Test
  void aZeroRevisionHistoryLimitLeavesNothingAndSaysWhy() throws Exception {
    create(template("1.0", IMAGE_V1, "off", null), "release 1.0", 0);
    release(template("2.0", IMAGE_V2, "off", null), "release 2.0", true);
    Await.until("the controller removed the old ReplicaSet", Duration.ofSeconds(30), () -> replicaSets().size() == 1);

    VersionRegistry registry = adapters().versionRegistry();
    PreviousVersion previous = registry.previousStable(ref, registry.currentVersion(ref));
    String reason = assertInstanceOf(PreviousVersion.NoneAvailable.class, previous).reason();
    assertTrue(reason.contains("revisionHistoryLimit is 0"), reason);
  }
}
