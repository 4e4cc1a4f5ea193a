package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.RunResult;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.RunRecord;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.Version;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1RoleRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Checks the Role manifest against every request the adapters made in this test JVM (this class
 * runs last; it also drives a rollback in both shapes itself, a durable run taken over by a
 * second engine, and the run store's retention sweep, so it means something alone): each request must be allowed by a rule, and each
 * rule's verb must have been used. On the real control plane the adapters run as a ServiceAccount
 * bound to this very Role, so a request it does not allow has already failed with a real 403; the
 * second half keeps the Role minimal.
 */
@Order(Integer.MAX_VALUE)
class RbacCoverageTest {
  private static final Pattern PATH = Pattern.compile(
      "/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/[^/]+/([^/]+)(?:/([^/]+)(?:/([^/]+))?)?");

  /** One permission: API group, resource (with subresource) and verb. */
  record Permission(String group, String resource, String verb) implements Comparable<Permission> {
    @Override
    public int compareTo(Permission o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return verb + " " + resource + (group.isEmpty() ? "" : "." + group);
    }
  }

  @Test
  void everyRequestIsAllowedByTheRoleAndEveryRuleIsUsed() throws Exception {
    for (RolloutShape shape : RolloutShape.values()) {
      WorkflowTest scenario = new WorkflowTest();
      try {
        scenario.rolledBack(shape);
      } finally {
        scenario.stop();
      }
    }
    AutoscalerPinTest pin = new AutoscalerPinTest(); // blue/green with an autoscaler to pin
    pin.open();
    try {
      pin.aFailedRollbackGivesTheServingVersionsAutoscalerItsRangeBack();
    } finally {
      pin.close();
    }
    try (Replicas replicas = new Replicas(RolloutShape.BLUE_GREEN, DurableRunsOnClusterTest.LEASE)) {
      var takeover = DurableRunsOnClusterTest.dieBeforeSelectorAndTakeOver(replicas);
      assertTrue(replicas.store().load(takeover.result().runId()).isPresent(), "the run store keeps the run");
    }
    ReleaseWatcherTest releases = new ReleaseWatcherTest(); // release discovery: list, watch, a new revision
    releases.open();
    try {
      releases.aNewRevisionIsWatchedFromWhenTheClusterSaysItRolledOutAndReplacesTheOlderRelease();
    } finally {
      releases.close();
    }
    ReleaseWatcherTest blueGreenReleases = new ReleaseWatcherTest(); // and the Services of blue/green
    blueGreenReleases.open();
    try {
      blueGreenReleases.blueGreenAReleaseIsAnotherVersionBehindTheServiceAndARollbackIsNot();
    } finally {
      blueGreenReleases.close();
    }
    GitOpsSuspendTest argo = new GitOpsSuspendTest(); // gitOpsPolicy SUSPEND: an Application, a HelmRelease
    argo.open();
    try {
      argo.anArgoCdApplicationLosesItsAutomatedSyncOnceAndTheBlueGreenRollbackHolds();
    } finally {
      argo.close();
    }
    GitOpsSuspendTest helm = new GitOpsSuspendTest();
    helm.open();
    try {
      helm.aFluxHelmReleaseIsSuspended();
    } finally {
      helm.close();
    }
    ConfigTravelsTest config = new ConfigTravelsTest(); // fingerprints, snapshots and their restore
    config.open();
    try {
      config.changedInPlaceWithSnapshotsIsRestoredBeforeTheTemplateAndNoSecretValueShows();
    } finally {
      config.close();
    }
    try (TestCluster retention = TestCluster.create()) {
      TestClock clock = new TestClock(java.time.Instant.now());
      var store = KubernetesAdapters.create(retention.adapterClient(), KubernetesAdapterConfig.builder(
          WorkflowTest.config(RolloutShape.IN_PLACE)).runRetention(java.time.Duration.ofMinutes(1)).build())
          .runStore(retention.ns, clock);
      var run = dev.rollback.spi.RunId.of("rbac-retention");
      store.save(new dev.rollback.spi.RunRecord(run, retention.ref(Fixtures.APP), true, "{}"), null);
      clock.advance(java.time.Duration.ofMinutes(2));
      store.unfinished();
      assertTrue(store.load(run).isEmpty(), "the store deleted the finished run after its retention");
    }
    try (TestCluster monitor = TestCluster.create()) { // the monitor's state ConfigMaps and shard Leases
      monitorSharesAndEndsAWindow(monitor);
    }
    Set<Permission> granted = granted();
    Set<Permission> used = new TreeSet<>();
    for (RequestLog.Entry e : RequestLog.INSTANCE.entries()) {
      used.add(permission(e));
    }
    Set<Permission> missing = new TreeSet<>(used);
    missing.removeAll(granted);
    assertEquals(Set.of(), missing, "requests the Role does not allow");
    Set<Permission> unused = new TreeSet<>(granted);
    unused.removeAll(used);
    assertEquals(Set.of(), unused, "rules no request used; the Role should list exactly what the adapters use");
    assertTrue(used.contains(new Permission("", "pods", "watch")), "the readiness watch was attempted: " + used);
    assertTrue(used.contains(new Permission("apps", "deployments", "watch")), "the release watch ran: " + used);
  }

  static Permission permission(RequestLog.Entry e) {
    Matcher m = PATH.matcher(e.path());
    if (!m.matches()) {
      throw new AssertionError("not a namespaced API request: " + e);
    }
    String group = m.group(1) == null ? "" : m.group(1);
    String resource = m.group(2) + (m.group(4) == null ? "" : "/" + m.group(4));
    boolean named = m.group(3) != null;
    String verb = switch (e.method()) {
      case "GET" -> named ? "get" : e.query().contains("watch=true") ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> throw new AssertionError("unexpected method " + e);
    };
    return new Permission(group, resource, verb);
  }

  /** Returns what the shipped Roles grant together. */
  static Set<Permission> granted() throws Exception {
    Set<Permission> granted = new TreeSet<>();
    for (V1Role role : TestCluster.shippedRoles()) {
      assertEquals("Role", role.getKind());
      granted.addAll(granted(role));
    }
    return granted;
  }

  static Set<Permission> granted(V1Role role) {
    Set<Permission> granted = new TreeSet<>();
    for (V1PolicyRule rule : role.getRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(new Permission(group, resource, verb));
          }
        }
      }
    }
    return granted;
  }

  /**
   * Issue 18, point 6: each feature runs in a namespace bound to its own Role alone. Every request
   * it sends there is one that Role grants, and none is answered 403 (not even one the adapters
   * would tolerate, such as a refused watch); the run store works in a namespace of its own.
   */
  @Test
  void eachFeaturesRoleIsEnoughAlone() throws Exception {
    Map<String, V1Role> roles = new TreeMap<>();
    TestCluster.shippedRoles().forEach(r -> roles.put(r.getMetadata().getName(), r));
    assertEquals(Set.of("rollback-driver", "rollback-job-smoke-test", "rollback-run-store", "rollback-lock",
        "rollback-release-watcher", "rollback-gitops-suspend", "rollback-config-snapshots", "rollback-monitor"),
        roles.keySet());

    for (RolloutShape shape : RolloutShape.values()) {
      try (TestCluster c = TestCluster.createWith("rollback-driver")) {
        Fixtures fixtures = new Fixtures(c);
        if (shape == RolloutShape.BLUE_GREEN) {
          fixtures.blueGreen(true);
        } else {
          fixtures.inPlace(true);
        }
        int from = RequestLog.INSTANCE.entries().size();
        KubernetesAdapters k8s = KubernetesAdapters.create(c.adapterClient(), WorkflowTest.config(shape));
        try (RollbackEngine engine = RollbackEngine.builder()
            .versionRegistry(k8s.versionRegistry())
            .clusterDriver(k8s.clusterDriver())
            // not the Job smoke tester: this namespace grants the driver's Role alone
            .smokeTester(m -> SmokeResult.of(SmokeCheck.passed("smoke", "in-process check", Duration.ZERO)))
            .notifier(k8s.eventNotifier())
            .policy(Replicas.policy())
            .build()) {
          RunResult result = engine.start(c.ref(Fixtures.APP), DurableRunsOnClusterTest.MANUAL).get(60, TimeUnit.SECONDS);
          assertEquals(RunOutcome.ROLLED_BACK, result.outcome(), result.journal().toString());
        }
        assertTrue(new CoreV1Api(c.plainClient()).listNamespacedEvent(c.ns).execute().getItems().stream()
            .anyMatch(e -> "RollbackComplete".equals(e.getReason())), "the Event notifier wrote its Events");
        Set<Permission> used = assertOnlyGranted(c.ns, from, roles.get("rollback-driver"));
        assertTrue(used.contains(new Permission("", "pods", "watch")), "the readiness watch ran: " + used);
      }
    }

    try (TestCluster c = TestCluster.createWith("rollback-job-smoke-test")) {
      int from = RequestLog.INSTANCE.entries().size();
      SmokeResult smoke = KubernetesAdapters.create(c.adapterClient(), WorkflowTest.config(RolloutShape.BLUE_GREEN))
          .jobSmokeTester(JobSmokeTestConfig.builder(WorkflowTest.smokeJob(WorkflowTest.SMOKE_OK).template())
              .pollInterval(Duration.ofMillis(10)).build())
          .run(new RollbackManifest(RunId.of("run-rbac"), c.ref(Fixtures.APP), Version.of("v2", "app", Fixtures.IMAGE_V2),
              Version.of("v1", "app", Fixtures.IMAGE_V1), ScaleDown.removeAll(), Instant.now()));
      assertTrue(smoke.passed(), smoke.summary());
      assertOnlyGranted(c.ns, from, roles.get("rollback-job-smoke-test"));
    }

    try (TestCluster c = TestCluster.createWith("rollback-run-store")) {
      int from = RequestLog.INSTANCE.entries().size();
      TestClock clock = new TestClock(Instant.now());
      RunStore store = KubernetesAdapters.create(c.adapterClient(), KubernetesAdapterConfig.builder(
          WorkflowTest.config(RolloutShape.BLUE_GREEN)).runRetention(Duration.ofMinutes(1)).build()).runStore(c.ns, clock);
      DeploymentRef elsewhere = DeploymentRef.of("prod", "shop", Fixtures.APP); // the store has a namespace of its own
      RunId run = RunId.of("run-alone");
      String first = store.save(new RunRecord(run, elsewhere, false, "{\"step\":1}"), null);
      assertEquals(1, store.unfinished().size());
      store.save(new RunRecord(run, elsewhere, true, "{\"step\":2}"), first);
      assertEquals(elsewhere, store.load(run).orElseThrow().record().deployment());
      clock.advance(Duration.ofMinutes(2));
      assertTrue(store.unfinished().isEmpty());
      assertTrue(store.load(run).isEmpty(), "deleted after its retention");
      assertOnlyGranted(c.ns, from, roles.get("rollback-run-store"));
    }

    try (TestCluster c = TestCluster.createWith("rollback-release-watcher")) {
      new Fixtures(c).inPlace(false);
      int from = RequestLog.INSTANCE.entries().size();
      ReleaseWatcherTest.ToMonitor told = new ReleaseWatcherTest.ToMonitor(DeploymentMonitor.builder()
          .engine(dev.rollback.testkit.TestRig.create().engine()).metrics(dev.rollback.testkit.InMemoryMetricsSource.create())
          .detector(dev.rollback.core.detect.SloThresholdDetector.above("error_ratio", 0.01, 3, Duration.ofSeconds(30)))
          .build());
      try (ReleaseWatcher watcher = ReleaseWatcher.builder(c.adapterClient(), WorkflowTest.config(RolloutShape.IN_PLACE))
          .cluster("test").namespaces(c.ns).listener(told).build().start()) {
        Await.until("the release watcher under its Role alone told of the release", Duration.ofSeconds(30),
            () -> !told.told.isEmpty());
        assertEquals(List.of("released v2 r1"), told.told);
        // The release is told after the first list; the watch that follows opens a moment later.
        String prefix = "/namespaces/" + c.ns + "/";
        Await.until("the release watcher opened its watch", Duration.ofSeconds(30), () -> {
          List<RequestLog.Entry> all = RequestLog.INSTANCE.entries();
          return all.subList(from, all.size()).stream().anyMatch(e -> e.path().contains(prefix)
              && new Permission("apps", "deployments", "watch").equals(permission(e)));
        });
      }
      Set<Permission> used = assertOnlyGranted(c.ns, from, roles.get("rollback-release-watcher"));
      assertTrue(used.contains(new Permission("apps", "deployments", "watch")), "the release watch ran: " + used);
    }

    // SUSPEND: the Application in Argo CD's own namespace, granted there by rollback-gitops-suspend
    // alone (bound to the service account of the deployment's namespace, as a user would bind it).
    try (TestCluster argoNs = TestCluster.createWith("rollback-gitops-suspend");
        TestCluster c = TestCluster.createWith("rollback-driver")) {
      GitOpsSuspendTest.installCrd(c.plane.admin(), GitOpsSuspendTest.ARGO_APPLICATIONS);
      new RbacAuthorizationV1Api(c.plane.admin()).createNamespacedRoleBinding(argoNs.ns, new V1RoleBinding()
          .metadata(new V1ObjectMeta().name("rollback-gitops-suspend-" + c.ns))
          .roleRef(new V1RoleRef().apiGroup("rbac.authorization.k8s.io").kind("Role").name("rollback-gitops-suspend"))
          .subjects(List.of(new RbacV1Subject().kind("ServiceAccount").name(TestCluster.SERVICE_ACCOUNT).namespace(c.ns))))
          .execute();
      new Fixtures(c).inPlace(true);
      AppsV1Api apps = new AppsV1Api(c.plainClient());
      V1Deployment dep = apps.readNamespacedDeployment(Fixtures.APP, c.ns).execute();
      dep.getMetadata().putAnnotationsItem(GitOpsSuspendTest.ARGO_TRACKING_ID, "shop:apps/Deployment:" + c.ns + "/checkout");
      apps.replaceNamespacedDeployment(Fixtures.APP, c.ns, dep).execute();
      new CustomObjectsApi(c.plainClient()).createNamespacedCustomObject("argoproj.io", "v1alpha1", argoNs.ns,
          "applications", Map.of("apiVersion", "argoproj.io/v1alpha1", "kind", "Application",
              "metadata", Map.of("name", "shop", "namespace", argoNs.ns),
              "spec", Map.of("syncPolicy", Map.of("automated", Map.of("selfHeal", true))))).execute();
      int from = RequestLog.INSTANCE.entries().size();
      ClusterDriver driver = KubernetesAdapters.create(c.adapterClient(), KubernetesAdapterConfig.builder(
              WorkflowTest.config(RolloutShape.IN_PLACE)).gitOpsPolicy(GitOpsPolicy.SUSPEND).argoCdNamespace(argoNs.ns)
          .build()).clusterDriver();
      RollbackManifest m = new RollbackManifest(RunId.of("run-suspend"), c.ref(Fixtures.APP),
          Version.of("v2", "app", Fixtures.IMAGE_V2), Version.of("v1", "app", Fixtures.IMAGE_V1), ScaleDown.keepFloor(1),
          Instant.now());
      assertEquals(List.of(), driver.validate(m));
      driver.scaleDown(m);
      assertEquals(1, GitOpsSuspendTest.gitOps(driver.notices(m)).size(), driver.notices(m).toString());
      Set<Permission> used = assertOnlyGranted(argoNs.ns, from, roles.get("rollback-gitops-suspend"));
      assertEquals(Set.of(new Permission("argoproj.io", "applications", "get"),
          new Permission("argoproj.io", "applications", "patch")), used);
      assertOnlyGranted(c.ns, from, roles.get("rollback-driver"));
    }

    // Snapshots of a release's configuration and their restore: the opt-in Role beside the
    // watcher's and the driver's, as rbac.yaml says to bind it.
    try (TestCluster c = TestCluster.createWith("rollback-driver", "rollback-release-watcher",
        "rollback-config-snapshots")) {
      ConfigTravelsTest config = new ConfigTravelsTest();
      config.use(c);
      int from = RequestLog.INSTANCE.entries().size();
      try {
        config.changedInPlace(true);
        RunResult result = config.rollBack();
        assertEquals(RunOutcome.ROLLED_BACK, result.outcome(), result.journal().toString());
        assertEquals("config-restored", config.notice(result).key());
      } finally {
        config.watchers.forEach(ReleaseWatcher::close);
      }
      V1Role together = new V1Role().metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta().name(
          "rollback-driver+rollback-release-watcher+rollback-config-snapshots")).rules(new java.util.ArrayList<>());
      for (String name : List.of("rollback-driver", "rollback-release-watcher", "rollback-config-snapshots")) {
        together.getRules().addAll(roles.get(name).getRules());
      }
      Set<Permission> used = assertOnlyGranted(c.ns, from, together);
      assertTrue(used.contains(new Permission("", "secrets", "create")), "a Secret snapshot was kept: " + used);
      assertTrue(used.contains(new Permission("", "configmaps", "patch")), "a ConfigMap was restored: " + used);
    }

    try (TestCluster c = TestCluster.createWith("rollback-lock")) {
      int from = RequestLog.INSTANCE.entries().size();
      DeploymentLock lock = KubernetesAdapters.create(c.adapterClient(), WorkflowTest.config(RolloutShape.BLUE_GREEN))
          .deploymentLock(c.ns);
      DeploymentRef d = DeploymentRef.of("prod", "shop", Fixtures.APP);
      assertTrue(lock.tryAcquire(d, "replica-a", Duration.ofSeconds(10)));
      assertTrue(lock.tryAcquire(d, "replica-a", Duration.ofSeconds(10)), "renewed");
      lock.release(d, "replica-a");
      assertTrue(lock.tryAcquire(d, "replica-b", Duration.ofSeconds(10)), "released");
      assertOnlyGranted(c.ns, from, roles.get("rollback-lock"));
    }

    try (TestCluster c = TestCluster.createWith("rollback-monitor")) {
      int from = RequestLog.INSTANCE.entries().size();
      monitorSharesAndEndsAWindow(c);
      Set<Permission> used = assertOnlyGranted(c.ns, from, roles.get("rollback-monitor"));
      assertEquals(granted(roles.get("rollback-monitor")), used, "the monitor used every permission of its Role");
    }
  }

  /**
   * Two monitor replicas share a deployment through the state store and the shard Leases of {@code
   * c}'s namespace: one is told of a release with a 3 s window, the release is judged to its end,
   * and both close, giving up their shards.
   */
  static void monitorSharesAndEndsAWindow(TestCluster c) throws Exception {
    KubernetesMonitorSharing sharing = KubernetesMonitorSharing.create(c.adapterClient(),
        WorkflowTest.config(RolloutShape.IN_PLACE));
    var store = sharing.stateStore(c.ns);
    var ownership = sharing.ownership(c.ns, "rbac", 2);
    List<dev.rollback.core.detect.Judgement> judged = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    DeploymentRef d = DeploymentRef.of("prod", "shop", "checkout");
    try (MonitorReplica a = MonitorReplica.start("a", c.adapterClient(), WorkflowTest.config(RolloutShape.IN_PLACE),
            Duration.ofSeconds(2), judged::add, b -> b.stateStore(store).ownership(ownership));
        MonitorReplica b = MonitorReplica.start("b", c.adapterClient(), WorkflowTest.config(RolloutShape.IN_PLACE),
            Duration.ofSeconds(2), judged::add, m -> m.stateStore(store).ownership(ownership))) {
      a.monitor().watch(new dev.rollback.core.detect.MonitoredDeployment(d, "v2", Instant.now(), Duration.ofSeconds(3)));
      Await.until("the release was judged to its window's end and the end stored", Duration.ofSeconds(60),
          () -> !judged.isEmpty() && store.load(d).isPresent() && store.load(d).get().state().watched() == null);
    }
  }

  /** Asserts that the requests to {@code ns} since entry {@code from} are all granted by {@code role}, none refused. */
  private static Set<Permission> assertOnlyGranted(String ns, int from, V1Role role) {
    String prefix = "/namespaces/" + ns + "/";
    List<RequestLog.Entry> all = RequestLog.INSTANCE.entries();
    Set<Permission> used = new TreeSet<>();
    for (RequestLog.Entry e : all.subList(from, all.size())) {
      if (e.path().contains(prefix)) {
        used.add(permission(e));
      }
    }
    Set<Permission> beyond = new TreeSet<>(used);
    beyond.removeAll(granted(role));
    assertEquals(Set.of(), beyond, "requests Role " + role.getMetadata().getName() + " does not grant");
    assertEquals(List.of(), RequestLog.INSTANCE.forbidden().stream().filter(e -> e.path().contains(prefix)).toList(),
        "requests answered 403 under Role " + role.getMetadata().getName() + " alone");
    return used;
  }

  @Test
  void requestsMapToRbacVerbs() {
    assertEquals(new Permission("apps", "deployments", "patch"),
        permission(new RequestLog.Entry("PATCH", "/apis/apps/v1/namespaces/shop/deployments/checkout", "")));
    assertEquals(new Permission("", "pods", "watch"),
        permission(new RequestLog.Entry("GET", "/api/v1/namespaces/shop/pods", "labelSelector=a%3Db&watch=true")));
    assertEquals(new Permission("", "pods/log", "get"),
        permission(new RequestLog.Entry("GET", "/api/v1/namespaces/shop/pods/p/log", "tailLines=20")));
    assertEquals(new Permission("batch", "jobs", "create"),
        permission(new RequestLog.Entry("POST", "/apis/batch/v1/namespaces/shop/jobs", "")));
  }
}
