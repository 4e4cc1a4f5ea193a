package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.Version;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GitOpsPolicy#SUSPEND} on the real control plane (issue "A rollback that is right on a real
 * cluster", point 5): the rollback suspends the owner's reconciliation before it changes anything,
 * the restored version then survives its owner's next reconciliations, and the suspension is told
 * in the run's notifications and as a postmortem action item.
 *
 * <p>No Argo CD or Flux controller runs here (neither can be built from this machine's registries):
 * their custom resources are real (CustomResourceDefinitions with the groups, versions and kinds
 * the controllers serve, their schemas left open), and their reconciliation is played by a thread
 * of each test that honours exactly what the controllers document: Flux's kustomize-controller
 * leaves an object annotated {@code kustomize.toolkit.fluxcd.io/reconcile: disabled} alone; Argo
 * CD's self-heal acts only while the Application has {@code spec.syncPolicy.automated}.
 */
class GitOpsSuspendTest {
  private static final Gson GSON = new Gson();
  static final String ARGO_TRACKING_ID = "argocd.argoproj.io/tracking-id";
  static final String FLUX_RECONCILE = "kustomize.toolkit.fluxcd.io/reconcile";
  static final String AUTOMATED_BEFORE = "rollback.dev/automated-sync-before";
  static final String SUSPENDED_BY = "rollback.dev/suspended-by-run";
  static final Crd ARGO_APPLICATIONS = new Crd("argoproj.io", "v1alpha1", "applications", "Application");
  static final Crd FLUX_HELM_RELEASES = new Crd("helm.toolkit.fluxcd.io", "v2", "helmreleases", "HelmRelease");

  /** A custom resource's coordinates, as Argo CD and Flux serve them. */
  record Crd(String group, String version, String plural, String kind) {}
  private TestCluster cluster;
  private Fixtures fixtures;
  private AppsV1Api apps;
  private CoreV1Api core;
  private CustomObjectsApi custom;
  private final AtomicBoolean reconciling = new AtomicBoolean(true);
  private final AtomicInteger reverts = new AtomicInteger();
  private Thread reconciler;

  @BeforeEach
  void open() throws Exception {
    cluster = TestCluster.create();
    fixtures = new Fixtures(cluster);
    apps = new AppsV1Api(cluster.plainClient());
    core = new CoreV1Api(cluster.plainClient());
    custom = new CustomObjectsApi(cluster.plainClient());
    installCrd(cluster.plane.admin(), ARGO_APPLICATIONS);
    installCrd(cluster.plane.admin(), FLUX_HELM_RELEASES);
  }

  @AfterEach
  void close() throws Exception {
    reconciling.set(false);
    if (reconciler != null) {
      reconciler.join(10_000);
    }
    cluster.close();
  }

  private RollbackManifest manifest(String run) {
    return new RollbackManifest(RunId.of(run), cluster.ref(Fixtures.APP), Version.of("v2", "app", Fixtures.IMAGE_V2),
        Version.of("v1", "app", Fixtures.IMAGE_V1), ScaleDown.keepFloor(1), Instant.now());
  }

  private KubernetesAdapters adapters(RolloutShape shape, GitOpsPolicy policy) {
    return KubernetesAdapters.create(cluster.adapterClient(), KubernetesAdapterConfig.builder(WorkflowTest.config(shape))
        .gitOpsPolicy(policy).argoCdNamespace(cluster.ns).survivalWindow(Duration.ofSeconds(3)).build());
  }

  @Test
  void aFluxKustomizationsDeploymentIsSuspendedRolledBackAndTheRunSaysWhoMustResumeIt() throws Exception {
    fixtures.inPlace(true);
    mark(Fixtures.APP, Map.of(), Map.of("kustomize.toolkit.fluxcd.io/name", "apps",
        "kustomize.toolkit.fluxcd.io/namespace", "flux-system"));
    V1PodTemplateSpec inGit = apps.readNamespacedDeployment(Fixtures.APP, cluster.ns).execute().getSpec().getTemplate();
    // Flux: puts the template in Git back unless the object is annotated reconcile: disabled.
    startReconciler(() -> {
      V1Deployment d = apps.readNamespacedDeployment(Fixtures.APP, cluster.ns).execute();
      if (!"disabled".equals(annotations(d.getMetadata()).get(FLUX_RECONCILE))
          && !inGit.getSpec().getContainers().get(0).getImage()
              .equals(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())) {
        d.getSpec().setTemplate(inGit);
        apps.replaceNamespacedDeployment(Fixtures.APP, cluster.ns, d).execute();
        reverts.incrementAndGet();
      }
    });
    KubernetesAdapters k8s = adapters(RolloutShape.IN_PLACE, GitOpsPolicy.SUSPEND);
    List<Notification> sent = new CopyOnWriteArrayList<>();
    RunResult result;
    try (RollbackEngine engine = RollbackEngine.builder()
        .versionRegistry(k8s.versionRegistry())
        .clusterDriver(k8s.clusterDriver())
        .smokeTester(m -> SmokeResult.of(SmokeCheck.passed("smoke", "in-process check", Duration.ZERO)))
        .notifier(sent::add)
        .policy(Replicas.policy())
        .build()) {
      result = engine.start(cluster.ref(Fixtures.APP), Trigger.manual("on-call", "error ratio 12%"))
          .get(90, TimeUnit.SECONDS);
    }

    assertEquals(RunOutcome.ROLLED_BACK, result.outcome(), result.journal().toString());
    V1Deployment after = apps.readNamespacedDeployment(Fixtures.APP, cluster.ns).execute();
    assertEquals(Fixtures.IMAGE_V1, after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
        "the restored version survived the survival window with Flux reconciling");
    assertEquals("disabled", annotations(after.getMetadata()).get(FLUX_RECONCILE));
    assertEquals(0, reverts.get(), "Flux reverted nothing");
    List<ClusterNotice> suspensions = gitOps(result.notices());
    assertEquals(1, suspensions.size(), result.notices().toString());
    ClusterNotice notice = suspensions.get(0);
    assertEquals("The rollback suspended Flux Kustomization flux-system/apps's reconciliation of Deployment "
        + cluster.ref(Fixtures.APP) + " (annotation kustomize.toolkit.fluxcd.io/reconcile: disabled), so that Flux"
        + " does not revert it", notice.summary());
    assertTrue(notice.action().startsWith("Revert the release in Git, then remove the annotation"), notice.action());
    Notification finished = sent.stream().filter(n -> n.kind() == NotificationKind.RUN_FINISHED).findFirst().orElseThrow();
    assertTrue(finished.message().contains(notice.summary()) && finished.message().contains(notice.action()),
        finished.message());
    assertTrue(Postmortem.of(result).actionItems().stream()
        .anyMatch(a -> a.description().startsWith("Revert the release in Git, then remove the annotation")),
        "the postmortem's action items say to revert in Git");
  }

  @Test
  void underHaltAnObjectWhoseReconciliationIsDisabledAlreadyDoesNotHalt() throws Exception {
    fixtures.inPlace(true);
    mark(Fixtures.APP, Map.of(FLUX_RECONCILE, "disabled"), Map.of("kustomize.toolkit.fluxcd.io/name", "apps"));
    assertEquals(List.of(), adapters(RolloutShape.IN_PLACE, GitOpsPolicy.HALT).clusterDriver().validate(manifest("run-h")),
        "Flux leaves an object with reconcile: disabled alone, so nothing would revert the rollback");
  }

  @Test
  void anArgoCdApplicationLosesItsAutomatedSyncOnceAndTheBlueGreenRollbackHolds() throws Exception {
    fixtures.blueGreen(true);
    String tracking = "shop-checkout:apps/Deployment:" + cluster.ns + "/";
    mark("checkout-v1", Map.of(ARGO_TRACKING_ID, tracking + "checkout-v1"), Map.of());
    mark("checkout-v2", Map.of(ARGO_TRACKING_ID, tracking + "checkout-v2"), Map.of());
    V1Service svc = core.readNamespacedService(Fixtures.APP, cluster.ns).execute();
    svc.getMetadata().annotations(Map.of(ARGO_TRACKING_ID, "shop-checkout:/Service:" + cluster.ns + "/checkout"));
    core.replaceNamespacedService(Fixtures.APP, cluster.ns, svc).execute();
    createApplication("shop-checkout", Map.of("prune", true, "selfHeal", true), null);
    // Argo CD's self-heal: while the sync is automated, the Service selects v2 again, as in Git.
    startReconciler(() -> {
      Map<String, Object> app = application("shop-checkout");
      Object automated = ((Map<?, ?>) ((Map<?, ?>) app.get("spec")).get("syncPolicy")).get("automated");
      V1Service s = core.readNamespacedService(Fixtures.APP, cluster.ns).execute();
      if (automated != null && !"v2".equals(s.getSpec().getSelector().get(Fixtures.VERSION))) {
        s.getSpec().getSelector().put(Fixtures.VERSION, "v2");
        core.replaceNamespacedService(Fixtures.APP, cluster.ns, s).execute();
        reverts.incrementAndGet();
      }
    });
    KubernetesAdapters k8s = adapters(RolloutShape.BLUE_GREEN, GitOpsPolicy.SUSPEND);
    ClusterDriver driver = k8s.clusterDriver();
    RollbackManifest m = manifest("run-argo");

    assertEquals(List.of(), driver.validate(m));
    assertEquals(List.of(), gitOps(driver.notices(m)), "validating changes nothing");
    driver.scaleDown(m);
    Map<String, Object> app = application("shop-checkout");
    Map<?, ?> syncPolicy = (Map<?, ?>) ((Map<?, ?>) app.get("spec")).get("syncPolicy");
    assertNull(syncPolicy.get("automated"), "automated sync is off: " + syncPolicy);
    Map<?, ?> appAnnotations = (Map<?, ?>) ((Map<?, ?>) app.get("metadata")).get("annotations");
    assertEquals(Map.of("prune", true, "selfHeal", true),
        GSON.fromJson((String) appAnnotations.get(AUTOMATED_BEFORE), Map.class));
    assertEquals("run-argo", appAnnotations.get(SUSPENDED_BY));
    List<ClusterNotice> notices = gitOps(driver.notices(m));
    assertEquals(1, notices.size(), "one Application owns all three objects: " + notices);
    assertTrue(notices.get(0).summary().startsWith("The rollback turned off the automated sync of Argo CD Application "
        + cluster.ns + "/shop-checkout"), notices.get(0).summary());

    driver.scaleDown(m); // repeated, as on a resumed run: told again, the earlier settings kept
    assertEquals(notices, gitOps(driver.notices(m)));
    assertEquals(appAnnotations.get(AUTOMATED_BEFORE),
        ((Map<?, ?>) ((Map<?, ?>) application("shop-checkout").get("metadata")).get("annotations"))
            .get(AUTOMATED_BEFORE));

    driver.deploy(m);
    Await.until("v1 is ready", Duration.ofSeconds(30), () -> driver.readiness(m).complete());
    driver.switchTraffic(m);
    k8s.versionRegistry().recordRollback(m, Instant.now());
    driver.cleanup(m); // the survival check: the Service still selects v1 after 3 s
    assertEquals("v1", core.readNamespacedService(Fixtures.APP, cluster.ns).execute().getSpec().getSelector()
        .get(Fixtures.VERSION));
    assertEquals(0, reverts.get(), "self-heal reverted nothing");
  }

  @Test
  void aFluxHelmReleaseIsSuspended() throws Exception {
    fixtures.inPlace(true);
    mark(Fixtures.APP, Map.of(), Map.of("helm.toolkit.fluxcd.io/name", "checkout",
        "helm.toolkit.fluxcd.io/namespace", cluster.ns));
    Map<String, Object> release = Map.of("apiVersion", "helm.toolkit.fluxcd.io/v2", "kind", "HelmRelease",
        "metadata", Map.of("name", "checkout", "namespace", cluster.ns),
        "spec", Map.of("interval", "5m", "chart", Map.of("spec", Map.of("chart", "checkout"))));
    custom.createNamespacedCustomObject("helm.toolkit.fluxcd.io", "v2", cluster.ns, "helmreleases", release).execute();
    ClusterDriver driver = adapters(RolloutShape.IN_PLACE, GitOpsPolicy.SUSPEND).clusterDriver();
    RollbackManifest m = manifest("run-helm");

    assertEquals(List.of(), driver.validate(m));
    driver.scaleDown(m);

    Map<?, ?> written = (Map<?, ?>) custom.getNamespacedCustomObject("helm.toolkit.fluxcd.io", "v2", cluster.ns,
        "helmreleases", "checkout").execute();
    assertEquals(true, ((Map<?, ?>) written.get("spec")).get("suspend"));
    assertEquals("run-helm", ((Map<?, ?>) ((Map<?, ?>) written.get("metadata")).get("annotations"))
        .get(SUSPENDED_BY));
    assertEquals(List.of(new ClusterNotice("gitops:Flux HelmRelease " + cluster.ns + "/checkout",
        "The rollback suspended Flux HelmRelease " + cluster.ns + "/checkout (spec.suspend: true), so that Flux does not"
            + " upgrade the release back to the failing version",
        "Revert the release in Git, then resume Flux HelmRelease " + cluster.ns + "/checkout (flux resume helmrelease"
            + " checkout -n " + cluster.ns + ")")), gitOps(driver.notices(m)));
  }

  @Test
  void anOwnerThatCannotBeSuspendedHaltsInPrepareRollbackManifestWithTheReason() throws Exception {
    fixtures.inPlace(true);
    mark(Fixtures.APP, Map.of(ARGO_TRACKING_ID, "shop-checkout:apps/Deployment:" + cluster.ns + "/checkout"),
        Map.of());
    ClusterDriver driver = adapters(RolloutShape.IN_PLACE, GitOpsPolicy.SUSPEND).clusterDriver();

    List<String> missing = driver.validate(manifest("run-m"));
    assertEquals(List.of("Deployment " + cluster.ref(Fixtures.APP) + " is kept in line with Git by Argo CD Application"
        + " 'shop-checkout' (annotation argocd.argoproj.io/tracking-id), and gitOpsPolicy SUSPEND cannot suspend it:"
        + " Application " + cluster.ns + "/shop-checkout does not exist (404). Revert the release in Git, or roll back"
        + " by hand"), missing);

    createApplication("shop-checkout", Map.of("selfHeal", true), "apps:argoproj.io/Application:" + cluster.ns
        + "/shop-checkout");
    List<String> appOfApps = driver.validate(manifest("run-m"));
    assertEquals(1, appOfApps.size(), appOfApps.toString());
    assertTrue(appOfApps.get(0).contains("cannot suspend it: Application " + cluster.ns + "/shop-checkout is itself"
        + " kept in line with Git by Argo CD Application 'apps' (an app of apps), which would turn its sync back on"),
        appOfApps.get(0));
  }

  // ---- fixtures ----

  /** The GitOps suspensions among {@code notices} (the driver also tells the run's configuration case). */
  static List<ClusterNotice> gitOps(List<ClusterNotice> notices) {
    return notices.stream().filter(n -> n.key().startsWith("gitops:")).toList();
  }

  private void mark(String deployment, Map<String, String> annotations, Map<String, String> labels) throws Exception {
    V1Deployment d = apps.readNamespacedDeployment(deployment, cluster.ns).execute();
    Map<String, String> a = new HashMap<>(annotations(d.getMetadata()));
    a.putAll(annotations);
    Map<String, String> l = new HashMap<>(d.getMetadata().getLabels());
    l.putAll(labels);
    d.getMetadata().annotations(a).labels(l);
    apps.replaceNamespacedDeployment(deployment, cluster.ns, d).execute();
  }

  private static Map<String, String> annotations(V1ObjectMeta meta) {
    return meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
  }

  private void createApplication(String name, Map<String, Object> automated, String trackedBy) throws Exception {
    Map<String, Object> metadata = new HashMap<>(Map.of("name", name, "namespace", cluster.ns));
    if (trackedBy != null) {
      metadata.put("annotations", Map.of(ARGO_TRACKING_ID, trackedBy));
    }
    Map<String, Object> app = Map.of("apiVersion", "argoproj.io/v1alpha1", "kind", "Application",
        "metadata", metadata,
        "spec", Map.of("project", "default",
            "source", Map.of("repoURL", "https://git.example.com/shop.git", "path", "checkout"),
            "destination", Map.of("namespace", cluster.ns, "server", "https://kubernetes.default.svc"),
            "syncPolicy", Map.of("automated", automated)));
    try {
      custom.createNamespacedCustomObject("argoproj.io", "v1alpha1", cluster.ns, "applications", app).execute();
    } catch (ApiException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      custom.deleteNamespacedCustomObject("argoproj.io", "v1alpha1", cluster.ns, "applications", name).execute();
      Await.until("Application " + name + " is gone", Duration.ofSeconds(10), () -> {
        try {
          application(name);
          return false;
        } catch (ApiException gone) {
          return gone.getCode() == 404;
        }
      });
      custom.createNamespacedCustomObject("argoproj.io", "v1alpha1", cluster.ns, "applications", app).execute();
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> application(String name) throws ApiException {
    return (Map<String, Object>) custom.getNamespacedCustomObject("argoproj.io", "v1alpha1", cluster.ns, "applications",
        name).execute();
  }

  @FunctionalInterface
  private interface Reconcile {
    void once() throws Exception;
  }

  /** Runs {@code reconcile} every 50 ms until the test ends; a 409 (a concurrent writer won) is retried. */
  private void startReconciler(Reconcile reconcile) {
    reconciler = new Thread(() -> {
      while (reconciling.get()) {
        try {
          reconcile.once();
        } catch (ApiException e) {
          if (e.getCode() != 409) {
            throw new IllegalStateException(e.getCode() + " " + e.getResponseBody(), e);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "gitops-reconciler");
    reconciler.setDaemon(true);
    reconciler.start();
  }

  /**
   * Installs a CustomResourceDefinition for {@code r} (cluster-wide, once per control plane), with
   * an open schema, and waits until the API serves it.
   */
  static void installCrd(ApiClient admin, Crd r) throws Exception {
    String name = r.plural() + "." + r.group();
    // Sent as JSON rather than as client-java's model, whose schema type writes an empty
    // "dependencies" that the apiserver forbids.
    Map<String, Object> crd = Map.of("apiVersion", "apiextensions.k8s.io/v1", "kind", "CustomResourceDefinition",
        "metadata", Map.of("name", name),
        "spec", Map.of("group", r.group(), "scope", "Namespaced",
            "names", Map.of("plural", r.plural(), "kind", r.kind(), "singular", r.kind().toLowerCase(Locale.ROOT),
                "listKind", r.kind() + "List"),
            "versions", List.of(Map.of("name", r.version(), "served", true, "storage", true,
                "schema", Map.of("openAPIV3Schema", Map.of("type", "object",
                    "x-kubernetes-preserve-unknown-fields", true))))));
    try {
      admin.execute(admin.buildCall(admin.getBasePath(), "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
          "POST", List.of(), List.of(), crd, new HashMap<>(Map.of("Content-Type", "application/json",
              "Accept", "application/json")), new HashMap<>(), new HashMap<>(), new String[] {"BearerToken"}, null));
    } catch (ApiException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    CustomObjectsApi objects = new CustomObjectsApi(admin);
    Await.until("the API serves " + name, Duration.ofSeconds(30), () -> {
      try {
        objects.listClusterCustomObject(r.group(), r.version(), r.plural()).execute();
        return true;
      } catch (ApiException e) {
        if (e.getCode() == 404 || e.getCode() == 429) { // not served yet; its storage initializing
          return false;
        }
        throw e;
      }
    });
  }
}
