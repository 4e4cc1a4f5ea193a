package dev.rollback.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1ReplicaSetSpec;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Creates the objects of the two rollout shapes through the (unrecorded) admin client of a
 * namespace, and waits for the real controllers to roll them out. A pod template whose image has
 * a fault ({@link #fault}) carries the kwok annotation that makes its pods fail that way; one
 * whose image has a start delay ({@link #readyAfter}), the annotation that keeps them unready
 * that long.
 */
public final class Fixtures {
  /** The namespace of the mock-server tests (each real-cluster test has a namespace of its own). */
  public static final String NS = "shop";
  public static final String APP = "checkout";
  public static final String NAME = "app.kubernetes.io/name";
  public static final String VERSION = "app.kubernetes.io/version";
  public static final String IMAGE_V1 = "registry.example.com/shop/checkout:1.0";
  public static final String IMAGE_V2 = "registry.example.com/shop/checkout:2.0";
  static final String REVISION = "deployment.kubernetes.io/revision";
  public static final String FAULT = "rollback.test/fault";
  static final String READY_AFTER = "rollback.test/ready-after";
  static final Duration ROLLOUT_TIMEOUT = Duration.ofSeconds(60);

  /** kwok's fault stages (src/test/resources/kwok-stages.yaml). */
  public enum Fault {
    CRASH_LOOP("crash-loop"), IMAGE_PULL("image-pull"), NOT_READY("not-ready"), EVICTED("evicted"), JOB_FAIL("job-fail");

    public final String annotation;

    Fault(String annotation) {
      this.annotation = annotation;
    }
  }

  final String ns;
  private final AppsV1Api apps;
  private final CoreV1Api core;
  private final Map<String, Fault> faults = new HashMap<>();
  private final Map<String, Duration> readyAfter = new HashMap<>();

  Fixtures(ApiClient client, String ns) {
    this.ns = ns;
    this.apps = new AppsV1Api(client);
    this.core = new CoreV1Api(client);
  }

  public Fixtures(TestCluster cluster) {
    this(cluster.plainClient(), cluster.ns);
  }

  /** Makes the pods of every template running {@code image} fail as {@code fault}. */
  public Fixtures fault(String image, Fault fault) {
    faults.put(image, fault);
    return this;
  }

  /**
   * Makes the pods of every template running {@code image} Running and unready, then Ready {@code
   * delay} later (kwok's pod-slow-start stages), as a container whose readiness probe passes
   * only after it has started up.
   */
  public Fixtures readyAfter(String image, Duration delay) {
    readyAfter.put(image, delay);
    return this;
  }

  /** Blue/green: checkout-v1 (scaled to 0) and checkout-v2 (3 replicas, rolled out) behind Service checkout -> v2. */
  public void blueGreen(boolean withV1) throws Exception {
    blueGreenObjects(withV1);
    awaitRollout(APP + "-v2", true);
  }

  /** Creates the blue/green objects without waiting for a controller (the mock server has none). */
  void blueGreenObjects(boolean withV1) throws Exception {
    if (withV1) {
      apps.createNamespacedDeployment(ns, versionDeployment("v1", IMAGE_V1, 0)).execute();
    }
    apps.createNamespacedDeployment(ns, versionDeployment("v2", IMAGE_V2, 3)).execute();
    core.createNamespacedService(ns, service(APP, Map.of(NAME, APP, VERSION, "v2"))).execute();
  }

  V1Deployment versionDeployment(String version, String image, int replicas) {
    Map<String, String> labels = Map.of(NAME, APP, VERSION, version);
    return new V1Deployment().apiVersion("apps/v1").kind("Deployment")
        .metadata(new V1ObjectMeta().name(APP + "-" + version).namespace(ns).labels(labels))
        .spec(new V1DeploymentSpec().replicas(replicas).selector(new V1LabelSelector().matchLabels(labels))
            .template(template(labels, image)));
  }

  /**
   * In place: Deployment checkout created at v1 and rolled out, then updated to v2 (revision 2)
   * and rolled out; without v1, created at v2 only.
   */
  public void inPlace(boolean withV1) throws Exception {
    Map<String, String> selector = Map.of(NAME, APP);
    String version = withV1 ? "v1" : "v2";
    apps.createNamespacedDeployment(ns, new V1Deployment().apiVersion("apps/v1").kind("Deployment")
        .metadata(new V1ObjectMeta().name(APP).namespace(ns).labels(selector))
        .spec(new V1DeploymentSpec().replicas(3).selector(new V1LabelSelector().matchLabels(selector))
            .template(template(Map.of(NAME, APP, VERSION, version), withV1 ? IMAGE_V1 : IMAGE_V2)))).execute();
    core.createNamespacedService(ns, service(APP, selector)).execute();
    awaitRollout(APP, !faults.containsKey(withV1 ? IMAGE_V1 : IMAGE_V2));
    if (withV1) {
      V1Deployment d = apps.readNamespacedDeployment(APP, ns).execute();
      d.getSpec().setTemplate(template(Map.of(NAME, APP, VERSION, "v2"), IMAGE_V2));
      apps.replaceNamespacedDeployment(APP, ns, d).execute();
      awaitRollout(APP, true);
    }
  }

  /**
   * In place without a controller (for the mock server, whose objects no controller touches): the
   * Deployment at v2, revision 2, and the two ReplicaSets the controller would have made for v1
   * (revision 1, scaled to 0) and v2 (revision 2, 3 replicas), owned by it.
   */
  void inPlaceObjects() throws Exception {
    Map<String, String> selector = Map.of(NAME, APP);
    V1Deployment d = apps.createNamespacedDeployment(ns, new V1Deployment().apiVersion("apps/v1").kind("Deployment")
        .metadata(new V1ObjectMeta().name(APP).namespace(ns).labels(selector).annotations(Map.of(REVISION, "2")))
        .spec(new V1DeploymentSpec().replicas(3).selector(new V1LabelSelector().matchLabels(selector))
            .template(template(Map.of(NAME, APP, VERSION, "v1"), IMAGE_V1)))).execute();
    d.getSpec().setTemplate(template(Map.of(NAME, APP, VERSION, "v2"), IMAGE_V2)); // generation 2, as after an update
    d = apps.replaceNamespacedDeployment(APP, ns, d).execute();
    replicaSetOf(d, "v1", IMAGE_V1, "5d4f8c7b9", 1, 0);
    replicaSetOf(d, "v2", IMAGE_V2, "7c9d6b5f4", 2, 3);
    core.createNamespacedService(ns, service(APP, selector)).execute();
  }

  private void replicaSetOf(V1Deployment d, String version, String image, String hash, int revision, int replicas)
      throws ApiException {
    Map<String, String> labels = Map.of(NAME, APP, VERSION, version, "pod-template-hash", hash);
    apps.createNamespacedReplicaSet(ns, new V1ReplicaSet().apiVersion("apps/v1").kind("ReplicaSet")
        .metadata(new V1ObjectMeta().name(APP + "-" + hash).namespace(ns).labels(labels)
            .annotations(Map.of(REVISION, String.valueOf(revision)))
            .ownerReferences(List.of(new V1OwnerReference().apiVersion("apps/v1").kind("Deployment")
                .name(APP).uid(d.getMetadata().getUid()).controller(true))))
        .spec(new V1ReplicaSetSpec().replicas(replicas)
            .selector(new V1LabelSelector().matchLabels(Map.of(NAME, APP, "pod-template-hash", hash)))
            .template(template(labels, image)))).execute();
  }

  /** Creates a Service {@code name} selecting {@code selector}, port 80. */
  V1Service service(String name, Map<String, String> selector) {
    return new V1Service().apiVersion("v1").kind("Service")
        .metadata(new V1ObjectMeta().name(name).namespace(ns))
        .spec(new V1ServiceSpec().selector(selector).ports(List.of(new V1ServicePort().port(80))));
  }

  V1PodTemplateSpec template(Map<String, String> labels, String image) {
    V1ObjectMeta meta = new V1ObjectMeta().labels(labels);
    Map<String, String> annotations = new HashMap<>();
    Fault fault = faults.get(image);
    if (fault != null) {
      annotations.put(FAULT, fault.annotation);
    }
    Duration delay = readyAfter.get(image);
    if (delay != null) {
      annotations.put(READY_AFTER, delay.toMillis() + "ms");
    }
    if (!annotations.isEmpty()) {
      meta.annotations(annotations);
    }
    return new V1PodTemplateSpec().metadata(meta)
        .spec(new V1PodSpec().terminationGracePeriodSeconds(0L)
            .containers(List.of(new V1Container().name("app").image(image))));
  }

  /**
   * Waits until the controller has observed the Deployment's spec and made every replica of it;
   * with {@code available}, also until they are all available and no old replica is left (what
   * {@code kubectl rollout status} waits for).
   */
  void awaitRollout(String name, boolean available) throws Exception {
    Await.until("Deployment " + ns + "/" + name + " rolled out", ROLLOUT_TIMEOUT, () -> {
      V1Deployment d = apps.readNamespacedDeployment(name, ns).execute();
      return rolledOut(d, available);
    }, () -> {
      try {
        return "status " + apps.readNamespacedDeployment(name, ns).execute().getStatus() + "; pods "
            + core.listNamespacedPod(ns).execute().getItems().stream().map(p -> p.getMetadata().getName() + " on "
                + p.getSpec().getNodeName() + " " + p.getStatus().getPhase() + " " + p.getStatus().getConditions()).toList();
      } catch (ApiException e) {
        return "status unreadable: " + e.getCode();
      }
    });
  }

  static boolean rolledOut(V1Deployment d, boolean available) {
    var status = d.getStatus();
    int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    if (status == null || status.getObservedGeneration() == null
        || status.getObservedGeneration() < d.getMetadata().getGeneration()) {
      return false;
    }
    int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
    int total = Objects.requireNonNullElse(status.getReplicas(), 0);
    int avail = Objects.requireNonNullElse(status.getAvailableReplicas(), 0);
    return updated == want && (!available || (total == want && avail == want));
  }

  static long revision(V1ReplicaSet rs) {
    String r = rs.getMetadata().getAnnotations() == null ? null : rs.getMetadata().getAnnotations().get(REVISION);
    return r == null ? 0 : Long.parseLong(r);
  }

  List<V1ReplicaSet> replicaSets() throws ApiException {
    return apps.listNamespacedReplicaSet(ns).execute().getItems();
  }
}
