package dev.rollback.k8s;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1ReplicaSetSpec;
import io.kubernetes.client.util.PatchUtils;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Plays the Deployment controller, the Job controller and the kubelet against the mock server:
 * creates a ReplicaSet per pod template (revision numbers as the real controller assigns them,
 * reusing and renumbering an old ReplicaSet when its template comes back), scales ReplicaSets to
 * the Deployment's replicas, creates pods that become ready, crash-loop or fail to pull their
 * image by the image they run, and runs Jobs to success or failure. Reconciles on demand or on a
 * background thread.
 */
final class ClusterSimulator implements AutoCloseable {
  /** What a pod running an image does. */
  enum Behaviour { READY, CRASH_LOOP, IMAGE_PULL_FAILURE, JOB_SUCCEEDS, JOB_FAILS }

  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String HASH = "pod-template-hash";
  private static final String VERSION_KEY = "version:";

  private final KubernetesMockServer server;
  private final ApiClient client;
  private final String ns;
  private final AppsV1Api apps;
  private final CoreV1Api core;
  private final BatchV1Api batch;
  private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
  private final Set<String> logsScripted = ConcurrentHashMap.newKeySet();
  private volatile boolean running;
  private volatile boolean holdingReadiness;
  private volatile long readyAtNanos;
  private volatile boolean readyAtSet;
  private volatile Thread thread;

  ClusterSimulator(TestCluster cluster, String ns) {
    this.server = cluster.server;
    this.client = cluster.plainClient();
    this.ns = ns;
    this.apps = new AppsV1Api(client);
    this.core = new CoreV1Api(client);
    this.batch = new BatchV1Api(client);
  }

  /** Makes smoke Jobs checking {@code version} (their ROLLBACK_VERSION) behave as {@code behaviour}. */
  ClusterSimulator behaveForVersion(String version, Behaviour behaviour) {
    behaviours.put(VERSION_KEY + version, behaviour);
    return this;
  }

  ClusterSimulator behave(String image, Behaviour behaviour) {
    behaviours.put(image, behaviour);
    return this;
  }

  /**
   * Keeps the pods of READY images unready (Running, no blocker) until {@link #readyAt} is called
   * and its instant passes; then they turn ready on the next pass, as if they took that long to
   * start. Off by default: pods are ready when created.
   */
  ClusterSimulator holdReadiness() {
    holdingReadiness = true;
    return this;
  }

  /** Lets held pods become ready from {@code nanoTime} ({@link System#nanoTime()} scale) on. */
  void readyAt(long nanoTime) {
    readyAtNanos = nanoTime;
    readyAtSet = true;
  }

  private boolean readyNow() {
    return !holdingReadiness || (readyAtSet && System.nanoTime() - readyAtNanos >= 0);
  }

  ClusterSimulator start() {
    running = true;
    thread = new Thread(() -> {
      while (running) {
        try {
          reconcile();
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        } catch (ApiException e) {
          // a conflict with an adapter's write: the next pass sees the fresh object
        }
      }
    }, "cluster-simulator");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.interrupt();
      thread.join(5_000);
    }
  }

  synchronized void reconcile() throws ApiException {
    List<V1Deployment> deployments = apps.listNamespacedDeployment(ns).execute().getItems();
    List<V1ReplicaSet> replicaSets = apps.listNamespacedReplicaSet(ns).execute().getItems();
    Set<String> deploymentUids = deployments.stream().map(d -> d.getMetadata().getUid()).collect(Collectors.toSet());
    for (V1Deployment d : deployments) {
      reconcileDeployment(d, replicaSets.stream().filter(rs -> ownedBy(rs.getMetadata(), d.getMetadata().getUid())).toList());
    }
    for (V1ReplicaSet rs : replicaSets) {
      if (!deploymentUids.contains(owner(rs.getMetadata()))) {
        delete(() -> apps.deleteNamespacedReplicaSet(rs.getMetadata().getName(), ns).execute());
      }
    }
    reconcilePods(apps.listNamespacedReplicaSet(ns).execute().getItems());
    reconcileJobs();
  }

  private void reconcileDeployment(V1Deployment d, List<V1ReplicaSet> owned) throws ApiException {
    V1PodTemplateSpec template = d.getSpec().getTemplate();
    String hash = hash(canonical(JSON.getGson().toJsonTree(template)).toString());
    long maxRev = owned.stream().mapToLong(ClusterSimulator::revision).max().orElse(0);
    V1ReplicaSet current = owned.stream()
        .filter(rs -> hash.equals(rs.getMetadata().getLabels().get(HASH))).findFirst().orElse(null);
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    long currentRev;
    if (current == null) {
      currentRev = maxRev + 1;
      V1PodTemplateSpec podTemplate = JSON.getGson().fromJson(JSON.serialize(template), V1PodTemplateSpec.class);
      Map<String, String> labels = new HashMap<>(podTemplate.getMetadata().getLabels());
      labels.put(HASH, hash);
      podTemplate.getMetadata().setLabels(labels);
      Map<String, String> selector = new HashMap<>(d.getSpec().getSelector().getMatchLabels());
      selector.put(HASH, hash);
      current = apps.createNamespacedReplicaSet(ns, new V1ReplicaSet().apiVersion("apps/v1").kind("ReplicaSet")
          .metadata(new V1ObjectMeta().name(d.getMetadata().getName() + "-" + hash).namespace(ns).labels(labels)
              .annotations(Map.of(REVISION, Long.toString(currentRev)))
              .ownerReferences(List.of(new V1OwnerReference().apiVersion("apps/v1").kind("Deployment")
                  .name(d.getMetadata().getName()).uid(d.getMetadata().getUid()).controller(true))))
          .spec(new V1ReplicaSetSpec().replicas(replicas).selector(new V1LabelSelector().matchLabels(selector))
              .template(podTemplate))).execute();
    } else if (revision(current) < maxRev) {
      currentRev = maxRev + 1;
      patch(apps.patchNamespacedReplicaSet(current.getMetadata().getName(), ns,
          annotation("apps/v1", "ReplicaSet", REVISION, Long.toString(currentRev))).buildCall(null), V1ReplicaSet.class);
    } else {
      currentRev = revision(current);
    }
    String depRev = d.getMetadata().getAnnotations() == null ? null : d.getMetadata().getAnnotations().get(REVISION);
    if (!Long.toString(currentRev).equals(depRev)) {
      patch(apps.patchNamespacedDeployment(d.getMetadata().getName(), ns,
          annotation("apps/v1", "Deployment", REVISION, Long.toString(currentRev))).buildCall(null), V1Deployment.class);
    }
    for (V1ReplicaSet rs : owned) {
      int want = rs.getMetadata().getName().equals(current.getMetadata().getName()) ? replicas : 0;
      if (!Objects.equals(rs.getSpec().getReplicas(), want)) {
        patch(apps.patchNamespacedReplicaSet(rs.getMetadata().getName(), ns, new V1Patch(
            "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"spec\":{\"replicas\":" + want + "}}"))
            .buildCall(null), V1ReplicaSet.class);
      }
    }
  }

  private void reconcilePods(List<V1ReplicaSet> replicaSets) throws ApiException {
    List<V1Pod> pods = core.listNamespacedPod(ns).execute().getItems();
    Map<String, V1ReplicaSet> byUid = replicaSets.stream().collect(Collectors.toMap(rs -> rs.getMetadata().getUid(), rs -> rs));
    Set<String> jobNames = batch.listNamespacedJob(ns).execute().getItems().stream()
        .map(j -> j.getMetadata().getName()).collect(Collectors.toSet());
    for (V1Pod pod : pods) {
      String jobName = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get("job-name");
      boolean orphan = jobName != null ? !jobNames.contains(jobName) : !byUid.containsKey(owner(pod.getMetadata()));
      if (orphan) {
        delete(() -> core.deleteNamespacedPod(pod.getMetadata().getName(), ns).execute());
      }
    }
    for (V1ReplicaSet rs : replicaSets) {
      List<V1Pod> mine = pods.stream().filter(p -> ownedBy(p.getMetadata(), rs.getMetadata().getUid()))
          .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName())).toList();
      int want = rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
      for (int i = want; i < mine.size(); i++) {
        String name = mine.get(i).getMetadata().getName();
        delete(() -> core.deleteNamespacedPod(name, ns).execute());
      }
      for (int i = mine.size(); i < want; i++) {
        createPod(rs, i);
      }
      // Like a kubelet, a failing image shows its failure only after its container was created; the
      // simulator reveals it once every replica exists, so a report always sees all the pods.
      if (mine.size() == want) {
        for (V1Pod pod : mine) {
          revealFailure(pod);
        }
      }
    }
    if (holdingReadiness && readyNow()) {
      for (V1Pod pod : pods) {
        releaseHeldPod(pod, byUid);
      }
    }
  }

  /** Turns a held pod of a READY image ready, through the status subresource. */
  private void releaseHeldPod(V1Pod pod, Map<String, V1ReplicaSet> byUid) throws ApiException {
    if (!byUid.containsKey(owner(pod.getMetadata())) || pod.getStatus() == null
        || pod.getStatus().getContainerStatuses() == null || pod.getStatus().getContainerStatuses().isEmpty()) {
      return;
    }
    V1ContainerStatus cs = pod.getStatus().getContainerStatuses().get(0);
    if (Boolean.TRUE.equals(cs.getReady()) || behaviours.getOrDefault(cs.getImage(), Behaviour.READY) != Behaviour.READY) {
      return;
    }
    cs.ready(true);
    pod.getStatus().conditions(List.of(new V1PodCondition().type("Ready").status("True")));
    delete(() -> core.replaceNamespacedPodStatus(pod.getMetadata().getName(), ns, pod).execute());
  }

  private void createPod(V1ReplicaSet rs, int index) throws ApiException {
    V1PodTemplateSpec t = rs.getSpec().getTemplate();
    String image = t.getSpec().getContainers().get(0).getImage();
    String container = t.getSpec().getContainers().get(0).getName();
    Behaviour b = behaviours.getOrDefault(image, Behaviour.READY);
    boolean ready = b == Behaviour.READY && readyNow();
    V1ContainerStatus cs = new V1ContainerStatus().name(container).image(image).imageID("").restartCount(0).ready(ready);
    String phase = "Running";
    if (b == Behaviour.CRASH_LOOP || b == Behaviour.IMAGE_PULL_FAILURE) {
      phase = "Pending";
      cs.state(new V1ContainerState().waiting(new V1ContainerStateWaiting().reason(CREATING)));
    } else {
      cs.state(new V1ContainerState().running(new V1ContainerStateRunning()));
    }
    V1Pod pod = new V1Pod().apiVersion("v1").kind("Pod")
        .metadata(new V1ObjectMeta().name(rs.getMetadata().getName() + "-p" + index).namespace(ns)
            .labels(t.getMetadata().getLabels())
            .ownerReferences(List.of(new V1OwnerReference().apiVersion("apps/v1").kind("ReplicaSet")
                .name(rs.getMetadata().getName()).uid(rs.getMetadata().getUid()).controller(true))))
        .spec(JSON.getGson().fromJson(JSON.serialize(t.getSpec()), V1PodSpec.class))
        .status(new V1PodStatus().phase(phase).containerStatuses(List.of(cs))
            .conditions(List.of(new V1PodCondition().type("Ready").status(ready ? "True" : "False"))));
    core.createNamespacedPod(ns, pod).execute();
  }

  private static final String CREATING = "ContainerCreating";

  /** Gives a pod of a failing image, still being created, the failure its behaviour scripts. */
  private void revealFailure(V1Pod pod) throws ApiException {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        || pod.getStatus().getContainerStatuses().isEmpty()) {
      return;
    }
    V1ContainerStatus cs = pod.getStatus().getContainerStatuses().get(0);
    boolean creating = cs.getState() != null && cs.getState().getWaiting() != null
        && CREATING.equals(cs.getState().getWaiting().getReason());
    if (!creating) {
      return;
    }
    String image = cs.getImage();
    Behaviour b = behaviours.getOrDefault(image, Behaviour.READY);
    String phase = "Running";
    switch (b) {
      case CRASH_LOOP -> cs.restartCount(5).state(new V1ContainerState().waiting(new V1ContainerStateWaiting()
          .reason("CrashLoopBackOff").message("back-off 2m40s restarting failed container")))
          .lastState(new V1ContainerState().terminated(new V1ContainerStateTerminated().exitCode(137).reason("OOMKilled")));
      case IMAGE_PULL_FAILURE -> {
        phase = "Pending";
        cs.state(new V1ContainerState().waiting(new V1ContainerStateWaiting().reason("ImagePullBackOff")
            .message("Back-off pulling image \"" + image + "\"")));
      }
      default -> {
        return;
      }
    }
    pod.getStatus().phase(phase);
    delete(() -> core.replaceNamespacedPodStatus(pod.getMetadata().getName(), ns, pod).execute());
  }

  private void reconcileJobs() throws ApiException {
    for (V1Job job : batch.listNamespacedJob(ns).execute().getItems()) {
      if (job.getStatus() != null && job.getStatus().getConditions() != null && !job.getStatus().getConditions().isEmpty()) {
        continue;
      }
      String name = job.getMetadata().getName();
      var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
      String podName = name + "-run";
      String version = container.getEnv() == null ? "?" : container.getEnv().stream()
          .filter(e -> e.getName().equals("ROLLBACK_VERSION")).map(e -> e.getValue()).findFirst().orElse("?");
      boolean ok = behaviours.getOrDefault(VERSION_KEY + version,
          behaviours.getOrDefault(container.getImage(), Behaviour.JOB_SUCCEEDS)) != Behaviour.JOB_FAILS;
      if (logsScripted.add(podName)) {
        server.expect().get().withPath("/api/v1/namespaces/" + ns + "/pods/" + podName + "/log?container="
            + container.getName() + "&tailLines=20")
            .andReturn(200, ok ? "checking version " + version + "\nGET /healthz 200\nall checks passed\n"
                : "checking version " + version + "\nGET /healthz 503\nFAIL: /healthz answered 503\n")
            .always();
      }
      V1ContainerStateTerminated terminated = new V1ContainerStateTerminated().exitCode(ok ? 0 : 1)
          .reason(ok ? "Completed" : "Error").message(ok ? "3/3 checks passed" : "1 of 3 checks failed: GET /healthz answered 503");
      delete(() -> core.deleteNamespacedPod(podName, ns).execute());
      core.createNamespacedPod(ns, new V1Pod().apiVersion("v1").kind("Pod")
          .metadata(new V1ObjectMeta().name(podName).namespace(ns).labels(Map.of("job-name", name)))
          .spec(JSON.getGson().fromJson(JSON.serialize(job.getSpec().getTemplate().getSpec()), V1PodSpec.class))
          .status(new V1PodStatus().phase(ok ? "Succeeded" : "Failed").containerStatuses(List.of(
              new V1ContainerStatus().name(container.getName()).image(container.getImage()).imageID("")
                  .ready(false).restartCount(0).state(new V1ContainerState().terminated(terminated)))))).execute();
      String condition = ok ? "Complete" : "Failed";
      String status = "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"status\":{\"" + (ok ? "succeeded" : "failed")
          + "\":1,\"conditions\":[{\"type\":\"" + condition + "\",\"status\":\"True\""
          + (ok ? "" : ",\"reason\":\"BackoffLimitExceeded\",\"message\":\"Job has reached the specified backoff limit\"")
          + "}]}}";
      patch(batch.patchNamespacedJobStatus(name, ns, new V1Patch(status)).buildCall(null), V1Job.class);
    }
  }

  private void patch(okhttp3.Call call, Class<?> type) throws ApiException {
    okhttp3.Call c = call;
    PatchUtils.patch(type, () -> c, V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
  }

  private static V1Patch annotation(String apiVersion, String kind, String key, String value) {
    return new V1Patch("{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind
        + "\",\"metadata\":{\"annotations\":{\"" + key + "\":\"" + value + "\"}}}");
  }

  interface ApiCall {
    void run() throws ApiException;
  }

  private static void delete(ApiCall call) throws ApiException {
    try {
      call.run();
    } catch (ApiException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private static boolean ownedBy(V1ObjectMeta meta, String uid) {
    return uid.equals(owner(meta));
  }

  private static String owner(V1ObjectMeta meta) {
    return meta.getOwnerReferences() == null || meta.getOwnerReferences().isEmpty() ? "" : meta.getOwnerReferences().get(0).getUid();
  }

  static long revision(V1ReplicaSet rs) {
    String r = rs.getMetadata().getAnnotations() == null ? null : rs.getMetadata().getAnnotations().get(REVISION);
    return r == null ? 0 : Long.parseLong(r);
  }

  /** Sorts object members and drops empty arrays and objects, as the mock pads them. */
  static com.google.gson.JsonElement canonical(com.google.gson.JsonElement e) {
    if (e.isJsonObject()) {
      com.google.gson.JsonObject sorted = new com.google.gson.JsonObject();
      e.getAsJsonObject().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(m -> {
        com.google.gson.JsonElement v = canonical(m.getValue());
        boolean empty = (v.isJsonArray() && v.getAsJsonArray().isEmpty()) || (v.isJsonObject() && v.getAsJsonObject().size() == 0);
        if (!empty) {
          sorted.add(m.getKey(), v);
        }
      });
      return sorted;
    }
    if (e.isJsonArray()) {
      com.google.gson.JsonArray out = new com.google.gson.JsonArray();
      e.getAsJsonArray().forEach(x -> out.add(canonical(x)));
      return out;
    }
    return e;
  }

  static String hash(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)), 0, 5);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
