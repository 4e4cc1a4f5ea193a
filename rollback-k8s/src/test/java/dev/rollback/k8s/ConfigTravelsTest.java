package dev.rollback.k8s;

import static dev.rollback.k8s.Fixtures.APP;
import static dev.rollback.k8s.Fixtures.IMAGE_V1;
import static dev.rollback.k8s.Fixtures.IMAGE_V2;
import static dev.rollback.k8s.Fixtures.NAME;
import static dev.rollback.k8s.Fixtures.VERSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.RunResult;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapEnvSource;
import io.kubernetes.client.openapi.models.V1ConfigMapVolumeSource;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1Volume;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "Configuration travels with the version", on the real control plane: a {@link
 * ReleaseWatcher} records the fingerprints of each release's ConfigMaps and Secrets on its
 * ReplicaSet (and, opted in, snapshots of them); a rollback with the engine on the adapters then
 * restores what the failing release changed in place, before the pod template, or halts for a
 * manual rollback when the old content is gone; hash-suffixed names need nothing; a revision with
 * no record proceeds and says it could not tell. Secret values never appear in clear.
 */
class ConfigTravelsTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String CONFIG = APP + "-config";
  static final String DB = APP + "-db";
  static final String FLAGS = APP + "-flags"; // referenced optionally, never created
  static final String PASSWORD_V1 = "pw-v1-Zq8xT3wLm";
  static final String PASSWORD_V2 = "pw-v2-Kd4mR9pQs";

  TestCluster cluster;
  Fixtures fixtures;
  AppsV1Api apps;
  CoreV1Api core;
  final List<ReleaseWatcher> watchers = new ArrayList<>();
  final List<String> told = Collections.synchronizedList(new ArrayList<>());
  /** The adapters' requests in order, with their bodies: what was written when. */
  final List<String> writes = Collections.synchronizedList(new ArrayList<>());
  /** Every notification the run delivered (through the Event notifier), as sent. */
  final List<dev.rollback.spi.Notification> delivered = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void open() throws Exception {
    use(TestCluster.create());
  }

  /** Runs the scenarios in {@code c} (RbacCoverageTest: a namespace bound to chosen Roles). */
  void use(TestCluster c) {
    cluster = c;
    fixtures = new Fixtures(cluster);
    apps = new AppsV1Api(cluster.plainClient());
    core = new CoreV1Api(cluster.plainClient());
  }

  @AfterEach
  void close() {
    watchers.forEach(ReleaseWatcher::close);
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The adapters' client, also recording each write (method, path, body) in {@link #writes}. */
  ApiClient adapterClient() {
    ApiClient client = cluster.adapterClient();
    client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(chain -> {
      var request = chain.request();
      if (!request.method().equals("GET")) {
        Buffer body = new Buffer();
        if (request.body() != null) {
          request.body().writeTo(body);
        }
        writes.add(request.method() + " " + request.url().encodedPath() + " " + body.readUtf8());
      }
      return chain.proceed(request);
    }).build());
    return client;
  }

  void watch(boolean keepSnapshots) {
    watch(RolloutShape.IN_PLACE, keepSnapshots);
  }

  void watch(RolloutShape shape, boolean keepSnapshots) {
    ReleaseWatcher w = ReleaseWatcher.builder(adapterClient(), WorkflowTest.config(shape))
        .cluster("test").namespaces(cluster.ns).labelSelector(NAME + "=" + APP).judgementWindow(Duration.ofHours(2))
        .listener(new ReleaseListener() {
          @Override
          public void released(Release r) {
            told.add("released " + r.versionId() + " r" + r.revision());
          }

          @Override
          public void ended(Release r, Release.End why) {
            told.add("ended " + r.versionId());
          }

          @Override
          public void restored(Release r) {
            told.add("restored " + r.versionId() + " r" + r.revision());
          }
        }).keepConfigSnapshots(keepSnapshots).build();
    watchers.add(w);
    w.start();
  }

  void awaitTold(String line) throws Exception {
    Await.until("the watcher told " + line, WAIT, () -> told.contains(line), () -> "told " + told);
  }

  void configMap(String name, String mode) throws Exception {
    V1ConfigMap cm = new V1ConfigMap().metadata(new V1ObjectMeta().name(name)).data(Map.of("MODE", mode));
    try {
      V1ConfigMap live = core.readNamespacedConfigMap(name, cluster.ns).execute();
      core.replaceNamespacedConfigMap(name, cluster.ns, live.data(cm.getData())).execute();
    } catch (io.kubernetes.client.openapi.ApiException notFound) {
      core.createNamespacedConfigMap(cluster.ns, cm).execute();
    }
  }

  void secret(String password) throws Exception {
    Map<String, byte[]> data = Map.of("password", password.getBytes(StandardCharsets.UTF_8));
    try {
      V1Secret live = core.readNamespacedSecret(DB, cluster.ns).execute();
      core.replaceNamespacedSecret(DB, cluster.ns, live.data(data)).execute();
    } catch (io.kubernetes.client.openapi.ApiException notFound) {
      core.createNamespacedSecret(cluster.ns, new V1Secret().metadata(new V1ObjectMeta().name(DB)).data(data)).execute();
    }
  }

  /** A template reading ConfigMap {@code config} (envFrom), the Secret's password (env) and, optionally, the flags. */
  V1PodTemplateSpec template(String version, String image, String config) {
    V1PodTemplateSpec t = fixtures.template(Map.of(NAME, APP, VERSION, version), image);
    V1Container app = t.getSpec().getContainers().get(0);
    app.envFrom(List.of(new V1EnvFromSource().configMapRef(new V1ConfigMapEnvSource().name(config))))
        .env(List.of(new V1EnvVar().name("DB_PASSWORD").valueFrom(new V1EnvVarSource()
            .secretKeyRef(new V1SecretKeySelector().name(DB).key("password")))));
    t.getSpec().volumes(List.of(new V1Volume().name("flags")
        .configMap(new V1ConfigMapVolumeSource().name(FLAGS).optional(true))));
    return t;
  }

  /** Creates the Deployment at {@code version}, or changes its template to it (a new revision); waits for the rollout. */
  void release(String version, String image, String config) throws Exception {
    V1PodTemplateSpec t = template(version, image, config);
    try {
      V1Deployment d = apps.readNamespacedDeployment(APP, cluster.ns).execute();
      d.getSpec().setTemplate(t);
      apps.replaceNamespacedDeployment(APP, cluster.ns, d).execute();
    } catch (io.kubernetes.client.openapi.ApiException notFound) {
      apps.createNamespacedDeployment(cluster.ns, new V1Deployment().metadata(new V1ObjectMeta().name(APP)
          .labels(Map.of(NAME, APP))).spec(new V1DeploymentSpec().replicas(2)
          .selector(new V1LabelSelector().matchLabels(Map.of(NAME, APP))).template(t))).execute();
      core.createNamespacedService(cluster.ns, fixtures.service(APP, Map.of(NAME, APP))).execute();
    }
    fixtures.awaitRollout(APP, true);
  }

  /** Rolls the Deployment back with an engine on the adapters, as an automatic rollback would. */
  RunResult rollBack() throws Exception {
    return rollBack(RolloutShape.IN_PLACE);
  }

  RunResult rollBack(RolloutShape shape) throws Exception {
    KubernetesAdapters k8s = KubernetesAdapters.create(adapterClient(), WorkflowTest.config(shape));
    try (RollbackEngine engine = RollbackEngine.builder().versionRegistry(k8s.versionRegistry())
        .clusterDriver(k8s.clusterDriver())
        .smokeTester(m -> SmokeResult.of(SmokeCheck.passed("smoke", "in-process check", Duration.ZERO)))
        .notifier(n -> {
          k8s.eventNotifier().send(n);
          delivered.add(n);
        }).policy(Replicas.policy()).build()) {
      return engine.start(cluster.ref(APP), DurableRunsOnClusterTest.MANUAL).get(90, TimeUnit.SECONDS);
    }
  }

  ClusterNotice notice(RunResult result) {
    List<ClusterNotice> config = result.notices().stream().filter(n -> n.key().startsWith("config-")).toList();
    assertEquals(1, config.size(), "one configuration notice: " + result.notices());
    return config.get(0);
  }

  String image() throws Exception {
    return apps.readNamespacedDeployment(APP, cluster.ns).execute().getSpec().getTemplate().getSpec().getContainers()
        .get(0).getImage();
  }

  String mode(String configMap) throws Exception {
    return core.readNamespacedConfigMap(configMap, cluster.ns).execute().getData().get("MODE");
  }

  String password() throws Exception {
    return new String(core.readNamespacedSecret(DB, cluster.ns).execute().getData().get("password"),
        StandardCharsets.UTF_8);
  }

  List<String> snapshots() throws Exception {
    List<String> names = new ArrayList<>();
    String label = "rollback.dev/config-snapshot";
    core.listNamespacedConfigMap(cluster.ns).labelSelector(label).execute().getItems()
        .forEach(c -> names.add("ConfigMap " + c.getMetadata().getName()));
    core.listNamespacedSecret(cluster.ns).labelSelector(label).execute().getItems()
        .forEach(s -> names.add("Secret " + s.getMetadata().getName()));
    return names;
  }

  /** v1 released under the watcher, then v2 released after changing the ConfigMap and the Secret in place. */
  void changedInPlace(boolean keepSnapshots) throws Exception {
    configMap(CONFIG, "v1");
    secret(PASSWORD_V1);
    watch(keepSnapshots);
    release("v1", IMAGE_V1, CONFIG);
    awaitTold("released v1 r1");
    configMap(CONFIG, "v2");
    secret(PASSWORD_V2);
    release("v2", IMAGE_V2, CONFIG);
    awaitTold("released v2 r2");
  }

  @Test
  void changedInPlaceWithSnapshotsIsRestoredBeforeTheTemplateAndNoSecretValueShows() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    // slf4j-simple writes to System.err as it is at each call (cacheOutputStream is false).
    System.setErr(new PrintStream(new TeeStream(err, log), true, StandardCharsets.UTF_8));
    RunResult result;
    try {
      changedInPlace(true);
      assertEquals(4, snapshots().size(), "a ConfigMap and a Secret snapshot per content: " + snapshots());
      result = rollBack();
    } finally {
      System.setErr(err);
    }
    assertEquals(RunOutcome.ROLLED_BACK, result.outcome(), result.journal().toString());
    assertEquals(IMAGE_V1, image());
    assertEquals("v1", mode(CONFIG), "the ConfigMap holds v1's content again");
    assertEquals(PASSWORD_V1, password(), "the Secret holds v1's content again");

    // Config first, then the template: the restores were written before the patch putting v1's image back.
    int configPatch = indexOf("PATCH /api/v1/namespaces/" + cluster.ns + "/configmaps/" + CONFIG + " ");
    int secretPatch = indexOf("PATCH /api/v1/namespaces/" + cluster.ns + "/secrets/" + DB + " ");
    int templatePatch = indexOf("PATCH /apis/apps/v1/namespaces/" + cluster.ns + "/deployments/" + APP + " ", IMAGE_V1);
    assertTrue(configPatch >= 0 && secretPatch >= 0 && templatePatch >= 0, "writes: " + writes);
    assertTrue(configPatch < templatePatch && secretPatch < templatePatch, "config first, then the template: " + writes);

    ClusterNotice notice = notice(result);
    assertEquals("config-restored", notice.key());
    assertTrue(notice.summary().contains("ConfigMap " + CONFIG) && notice.summary().contains("Secret " + DB),
        notice.summary());
    assertNotNull(notice.action(), "the source of truth must be changed back too");
    Postmortem postmortem = Postmortem.of(result);
    assertTrue(postmortem.markdown().contains("Secret " + DB), "the postmortem says what was restored");

    // Secret values in clear nowhere: annotations, the adapters' writes (outside the Secret snapshots
    // and restores themselves, which are Secrets), the log, the notices, the postmortem, the Events.
    StringBuilder seen = new StringBuilder();
    for (V1ReplicaSet rs : fixtures.replicaSets()) {
      seen.append(rs.getMetadata().getAnnotations()).append('\n');
    }
    synchronized (writes) {
      writes.stream().filter(w -> !w.contains("/secrets")).forEach(w -> seen.append(w).append('\n'));
    }
    seen.append(log.toString(StandardCharsets.UTF_8)).append(result.notices()).append(result.journal())
        .append(postmortem.markdown()).append(postmortem.json())
        .append(core.listNamespacedEvent(cluster.ns).execute().getItems());
    for (String password : List.of(PASSWORD_V1, PASSWORD_V2)) {
      String base64 = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
      assertFalse(seen.toString().contains(password), password + " appeared in clear");
      assertFalse(seen.toString().contains(base64), password + " appeared in base64");
    }
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("recorded the configuration of revision 1"),
        "the log was captured");
    assertTrue(seen.toString().contains("rollback.dev/config-fingerprints"), "the fingerprints were recorded");

    // Snapshots are owned by their revisions' ReplicaSets: the garbage collector removes them with the Deployment.
    apps.deleteNamespacedDeployment(APP, cluster.ns).execute();
    Await.until("the snapshots were deleted with their revisions", Duration.ofSeconds(60), () -> snapshots().isEmpty(),
        () -> {
          try {
            return "left: " + snapshots();
          } catch (Exception e) {
            return e.toString();
          }
        });
  }

  int indexOf(String prefix) {
    return indexOf(prefix, "");
  }

  int indexOf(String prefix, String containing) {
    synchronized (writes) {
      for (int i = 0; i < writes.size(); i++) {
        if (writes.get(i).startsWith(prefix) && writes.get(i).contains(containing)) {
          return i;
        }
      }
    }
    return -1;
  }

  @Test
  void changedInPlaceWithoutSnapshotHaltsForAManualRollbackWithTheReason() throws Exception {
    changedInPlace(false);
    assertEquals(List.of(), snapshots(), "no snapshot unless opted in");
    RunResult result = rollBack();
    assertEquals(RunOutcome.MANUAL_NEEDED, result.outcome(), result.journal().toString());
    String journal = result.journal().toString();
    assertTrue(journal.contains("ConfigMap " + CONFIG + " (changed in place since the release of v1"), journal);
    assertTrue(journal.contains("Secret " + DB + " (changed in place"), journal);
    assertTrue(journal.contains("keepConfigSnapshots"), "the reason names the way to avoid it: " + journal);
    assertEquals(IMAGE_V2, image(), "nothing was changed");
    assertEquals("v2", mode(CONFIG));
    ClusterNotice notice = notice(result);
    assertEquals("config-gone", notice.key());
    assertTrue(notice.action() != null && notice.action().contains("by hand"), notice.toString());
    String all = journal + result.notices() + Postmortem.of(result).markdown();
    assertFalse(all.contains(PASSWORD_V1) || all.contains(PASSWORD_V2), all);
  }

  @Test
  void hashSuffixedNamesNeedNothingRestoredAndSaySo() throws Exception {
    configMap(CONFIG + "-5f7c9b", "v1");
    secret(PASSWORD_V1);
    watch(false);
    release("v1", IMAGE_V1, CONFIG + "-5f7c9b");
    awaitTold("released v1 r1");
    configMap(CONFIG + "-8d2k4m", "v2"); // the kustomize way: a new name for new content
    release("v2", IMAGE_V2, CONFIG + "-8d2k4m");
    awaitTold("released v2 r2");
    String before = core.readNamespacedConfigMap(CONFIG + "-5f7c9b", cluster.ns).execute().getMetadata()
        .getResourceVersion();

    RunResult result = rollBack();
    assertEquals(RunOutcome.ROLLED_BACK, result.outcome(), result.journal().toString());
    assertEquals(IMAGE_V1, image());
    ClusterNotice notice = notice(result);
    assertEquals("config-own-names", notice.key());
    assertTrue(notice.summary().contains("ConfigMap " + CONFIG + "-5f7c9b") && notice.summary().contains("nothing restored"),
        notice.summary());
    assertTrue(notice.summary().contains("Secret " + DB) && notice.summary().contains("shared and unchanged"),
        notice.summary());
    assertTrue(notice.summary().contains("ConfigMap " + FLAGS + " (optional) (absent)"), notice.summary());
    assertNull(notice.action());
    assertEquals(before, core.readNamespacedConfigMap(CONFIG + "-5f7c9b", cluster.ns).execute().getMetadata()
        .getResourceVersion(), "not written");
    assertEquals(-1, indexOf("PATCH /api/v1/namespaces/" + cluster.ns + "/configmaps"), "nothing restored: " + writes);
    assertTrue(Postmortem.of(result).markdown().contains("hash-suffixed"), "the postmortem says which case applied");
  }

  @Test
  void aRevisionWithoutFingerprintsProceedsAndSaysItCouldNotTell() throws Exception {
    configMap(CONFIG, "v1");
    secret(PASSWORD_V1);
    release("v1", IMAGE_V1, CONFIG); // no watcher running: nothing recorded
    configMap(CONFIG, "v2");
    release("v2", IMAGE_V2, CONFIG);

    RunResult result = rollBack();
    assertEquals(RunOutcome.ROLLED_BACK, result.outcome(), result.journal().toString());
    assertEquals(IMAGE_V1, image());
    assertEquals("v2", mode(CONFIG), "nothing known, nothing restored");
    ClusterNotice notice = notice(result);
    assertEquals("config-unknown", notice.key());
    assertTrue(notice.summary().contains("not checked") && notice.summary().contains("no fingerprint"), notice.summary());
    assertNotNull(notice.action());
    assertTrue(Postmortem.of(result).markdown().contains("not checked"), "the postmortem says so");
    assertTrue(delivered.stream().anyMatch(n -> n.kind() == dev.rollback.spi.NotificationKind.RUN_FINISHED
        && (n.message() + n.facts()).contains("not checked")), "the final notification says so: " + delivered);
  }

  /** Creates version Deployment checkout-VERSION reading ConfigMap {@link #CONFIG}; waits for its rollout. */
  void versionDeployment(String version, String image) throws Exception {
    V1Deployment d = fixtures.versionDeployment(version, image, 2);
    d.getSpec().setTemplate(template(version, image, CONFIG));
    apps.createNamespacedDeployment(cluster.ns, d).execute();
    fixtures.awaitRollout(APP + "-" + version, true);
  }

  void select(String version) throws Exception {
    var svc = core.readNamespacedService(APP, cluster.ns).execute();
    svc.getSpec().setSelector(Map.of(NAME, APP, VERSION, version));
    core.replaceNamespacedService(APP, cluster.ns, svc).execute();
  }

  @Test
  void blueGreenVersionsSharingAConfigMapNameGetTheirOwnContentBack() throws Exception {
    configMap(CONFIG, "v1");
    secret(PASSWORD_V1);
    watch(RolloutShape.BLUE_GREEN, true);
    versionDeployment("v1", IMAGE_V1);
    core.createNamespacedService(cluster.ns, fixtures.service(APP, Map.of(NAME, APP, VERSION, "v1"))).execute();
    awaitTold("released v1 r1");
    configMap(CONFIG, "v2"); // the release changes the shared ConfigMap in place
    secret(PASSWORD_V2);
    versionDeployment("v2", IMAGE_V2);
    select("v2");
    awaitTold("released v2 r1");
    V1Deployment v1 = apps.readNamespacedDeployment(APP + "-v1", cluster.ns).execute();
    v1.getSpec().setReplicas(0); // as the previous rollout's cleanup leaves it
    apps.replaceNamespacedDeployment(APP + "-v1", cluster.ns, v1).execute();

    RunResult result = rollBack(RolloutShape.BLUE_GREEN);
    assertEquals(RunOutcome.ROLLED_BACK, result.outcome(), result.journal().toString());
    assertEquals("v1", core.readNamespacedService(APP, cluster.ns).execute().getSpec().getSelector().get(VERSION));
    assertEquals("v1", mode(CONFIG));
    assertEquals(PASSWORD_V1, password());
    int configPatch = indexOf("PATCH /api/v1/namespaces/" + cluster.ns + "/configmaps/" + CONFIG + " ");
    int scaleUp = indexOf("PATCH /apis/apps/v1/namespaces/" + cluster.ns + "/deployments/" + APP + "-v1 ", "\"replicas\":2");
    assertTrue(configPatch >= 0 && scaleUp > configPatch, "config first, then v1's pods: " + writes);
    assertEquals("config-restored", notice(result).key());
  }

  /** Copies what is written to two streams. */
  private static final class TeeStream extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    TeeStream(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
