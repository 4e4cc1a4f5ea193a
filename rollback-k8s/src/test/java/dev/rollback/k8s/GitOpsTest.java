package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.Version;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GitOps ownership on the real control plane (issue "A rollback that is right on a real cluster",
 * point 5): objects that Argo CD or Flux keep in line with Git, told by their tracking annotations
 * and labels, halt the run for a manual rollback by default; and a rollback reverted behind the
 * run's back is caught after <i>Update deployment status</i>, as <i>Cleanup old resources</i>
 * starts, before the failing version is removed. No Argo CD or Flux controller runs
 * here: the marks are written as they write them, and the revert is played by a thread of this
 * test that puts the failing template back, as Argo CD's self-heal does.
 */
class GitOpsTest {
  private TestCluster cluster;
  private Fixtures fixtures;
  private AppsV1Api apps;

  @BeforeEach
  void open() throws Exception {
    cluster = TestCluster.create();
    fixtures = new Fixtures(cluster);
    apps = new AppsV1Api(cluster.plainClient());
  }

  @AfterEach
  void close() {
    cluster.close();
  }

  private RollbackManifest manifest() {
    return new RollbackManifest(RunId.of("run-g"), cluster.ref(Fixtures.APP), Version.of("v2", "app", Fixtures.IMAGE_V2),
        Version.of("v1", "app", Fixtures.IMAGE_V1), ScaleDown.keepFloor(1), Instant.now());
  }

  private KubernetesAdapters adapters(RolloutShape shape, KubernetesAdapterConfig.Builder b) {
    return KubernetesAdapters.create(cluster.adapterClient(), b.shape(shape).build());
  }

  private KubernetesAdapterConfig.Builder config(RolloutShape shape) {
    return KubernetesAdapterConfig.builder(WorkflowTest.config(shape));
  }

  private void annotate(String deployment, Map<String, String> annotations, Map<String, String> labels) throws Exception {
    V1Deployment d = apps.readNamespacedDeployment(deployment, cluster.ns).execute();
    Map<String, String> a = new HashMap<>(d.getMetadata().getAnnotations() == null ? Map.of() : d.getMetadata().getAnnotations());
    a.putAll(annotations);
    Map<String, String> l = new HashMap<>(d.getMetadata().getLabels());
    l.putAll(labels);
    d.getMetadata().annotations(a).labels(l);
    apps.replaceNamespacedDeployment(deployment, cluster.ns, d).execute();
  }

  @Test
  void anArgoCdTrackedDeploymentHaltsTheRunWithTheApplicationNamed() throws Exception {
    fixtures.inPlace(true);
    annotate(Fixtures.APP, Map.of("argocd.argoproj.io/tracking-id", "shop-checkout:apps/Deployment:" + cluster.ns + "/checkout"), Map.of());

    List<String> problems = adapters(RolloutShape.IN_PLACE, config(RolloutShape.IN_PLACE)).clusterDriver().validate(manifest());

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("Deployment " + cluster.ref(Fixtures.APP) + " is kept in line with Git by Argo CD"
        + " Application 'shop-checkout' (annotation argocd.argoproj.io/tracking-id): with automated sync it would revert"
        + " the rollback"), problems.get(0));
    assertTrue(problems.get(0).contains("Revert the release in Git"), problems.get(0));
    assertEquals(List.of(), adapters(RolloutShape.IN_PLACE, config(RolloutShape.IN_PLACE).gitOpsPolicy(GitOpsPolicy.PROCEED))
        .clusterDriver().validate(manifest()), "PROCEED rolls back anyway");
  }

  @Test
  void fluxLabelsOnTheServiceHaltABlueGreenRunAndAHelmInstanceLabelAloneDoesNot() throws Exception {
    fixtures.blueGreen(true);
    // Set by Helm charts and Argo CD's label tracking alike: not taken as Argo CD unless configured.
    annotate("checkout-v1", Map.of(), Map.of("app.kubernetes.io/instance", "shop"));
    ClusterDriver driver = adapters(RolloutShape.BLUE_GREEN, config(RolloutShape.BLUE_GREEN)).clusterDriver();
    assertEquals(List.of(), driver.validate(manifest()));
    List<String> labelled = adapters(RolloutShape.BLUE_GREEN, config(RolloutShape.BLUE_GREEN)
        .argoCdInstanceLabel("app.kubernetes.io/instance")).clusterDriver().validate(manifest());
    assertEquals(1, labelled.size(), labelled.toString());
    assertTrue(labelled.get(0).startsWith("Deployment checkout-v1 is kept in line with Git by Argo CD Application 'shop'"
        + " (label app.kubernetes.io/instance)"), labelled.get(0));

    CoreV1Api core = new CoreV1Api(cluster.plainClient());
    V1Service svc = core.readNamespacedService(Fixtures.APP, cluster.ns).execute();
    svc.getMetadata().labels(Map.of("kustomize.toolkit.fluxcd.io/name", "apps", "kustomize.toolkit.fluxcd.io/namespace", "flux-system"));
    core.replaceNamespacedService(Fixtures.APP, cluster.ns, svc).execute();

    List<String> problems = adapters(RolloutShape.BLUE_GREEN, config(RolloutShape.BLUE_GREEN)).clusterDriver().validate(manifest());
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("Service checkout is kept in line with Git by Flux Kustomization flux-system/apps"
        + " (labels kustomize.toolkit.fluxcd.io/name, kustomize.toolkit.fluxcd.io/namespace)"), problems.get(0));
  }

  /**
   * Regression: a rollback that a GitOps controller reverted seconds later ended as rolled back.
   * The revert keeps the Argo CD tracking id on the Deployment, which the restore left in place
   * (the message names the Application from it).
   */
  @Test
  void aRevertBehindTheRunsBackIsCaughtAfterUpdateDeploymentStatus() throws Exception {
    fixtures.inPlace(true);
    annotate(Fixtures.APP, Map.of("argocd.argoproj.io/tracking-id", "shop-checkout:apps/Deployment:" + cluster.ns + "/checkout"), Map.of());
    V1PodTemplateSpec failing = apps.readNamespacedDeployment(Fixtures.APP, cluster.ns).execute().getSpec().getTemplate();
    KubernetesAdapters k8s = adapters(RolloutShape.IN_PLACE, config(RolloutShape.IN_PLACE)
        .gitOpsPolicy(GitOpsPolicy.PROCEED).survivalWindow(Duration.ofSeconds(8)));
    ClusterDriver driver = k8s.clusterDriver();
    RollbackManifest m = manifest();
    assertEquals(List.of(), driver.validate(m));
    driver.scaleDown(m);
    driver.deploy(m);
    Await.until("v1 is ready", Duration.ofSeconds(30), () -> driver.readiness(m).complete());

    // Self-heal: the template in Git (v2's) is applied again.
    AtomicBoolean reverting = new AtomicBoolean(true);
    AtomicInteger reverts = new AtomicInteger();
    Thread selfHeal = new Thread(() -> {
      while (reverting.get() && reverts.get() == 0) {
        try {
          V1Deployment d = apps.readNamespacedDeployment(Fixtures.APP, cluster.ns).execute();
          d.getSpec().setTemplate(failing);
          apps.replaceNamespacedDeployment(Fixtures.APP, cluster.ns, d).execute();
          reverts.incrementAndGet();
        } catch (Exception conflict) {
          // another writer won; read again
        }
      }
    }, "self-heal");
    selfHeal.start();
    try {
      k8s.versionRegistry().recordRollback(m, Instant.now());
      ClusterStateException e = assertThrows(ClusterStateException.class, () -> driver.cleanup(m));
      assertTrue(e.getMessage().startsWith("the restored version v1 did not stay in place: the pod template of Deployment "
          + cluster.ref(Fixtures.APP) + " was changed again after the restore, most likely by Argo CD Application 'shop-checkout'"
          + " (annotation argocd.argoproj.io/tracking-id); revert the release in Git"), e.getMessage());
    } finally {
      reverting.set(false);
      selfHeal.join(5_000);
    }
    assertEquals(1, reverts.get());
  }

  @Test
  void aRollbackLeftInPlaceSurvivesTheCheck() throws Exception {
    fixtures.inPlace(true);
    KubernetesAdapters k8s = adapters(RolloutShape.IN_PLACE, config(RolloutShape.IN_PLACE).survivalWindow(Duration.ofSeconds(2)));
    RollbackManifest m = manifest();
    k8s.clusterDriver().scaleDown(m);
    k8s.clusterDriver().deploy(m);
    k8s.versionRegistry().recordRollback(m, Instant.now());
    k8s.clusterDriver().cleanup(m);
    assertTrue(!Instant.now().isBefore(m.preparedAt().plusSeconds(2)), "waited out the window from " + m.preparedAt());
  }
}
