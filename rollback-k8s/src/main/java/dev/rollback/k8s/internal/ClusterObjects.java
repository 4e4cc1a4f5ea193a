package dev.rollback.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.AutoscalingV2Api;
import io.kubernetes.client.openapi.apis.DiscoveryV1Api;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscalerList;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1EndpointSliceList;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentList;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1ReplicaSetList;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1Status;
import dev.rollback.k8s.KubernetesAdapterException;
import io.kubernetes.client.common.KubernetesObject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The typed reads and writes the adapters make, one method per RBAC verb and resource, so that
 * the Role manifest can be checked against this class. Thread-safe.
 */
final class ClusterObjects {
  static final String DEPLOYMENTS = "deployments.apps";
  static final String REPLICASETS = "replicasets.apps";
  static final String PODS = "pods";
  static final String ENDPOINTSLICES = "endpointslices.discovery.k8s.io";
  static final String AUTOSCALERS = "horizontalpodautoscalers.autoscaling";
  static final String SERVICES = "services";

  private final KubeApi api;
  private final AppsV1Api apps;
  private final CoreV1Api core;
  private final BatchV1Api batch;
  private final DiscoveryV1Api discovery;
  private final AutoscalingV2Api autoscaling;
  private final CustomObjectsApi custom;
  private final RecentReads recent;

  ClusterObjects(KubeApi api) {
    this.api = api;
    this.recent = new RecentReads(api.config().readReuse(), System::nanoTime);
    this.apps = new AppsV1Api(api.client());
    this.core = new CoreV1Api(api.client());
    this.batch = new BatchV1Api(api.client());
    this.discovery = new DiscoveryV1Api(api.client());
    this.autoscaling = new AutoscalingV2Api(api.client());
    this.custom = new CustomObjectsApi(api.client());
  }

  KubeApi api() {
    return api;
  }

  /** Reads a Deployment afresh (status included); null when it does not exist. */
  @Nullable V1Deployment deployment(String ns, String name) throws InterruptedException {
    return get(Op.of("get", DEPLOYMENTS, ns, name), () -> apps.readNamespacedDeployment(name, ns).buildCall(null),
        V1Deployment.class);
  }

  /**
   * Returns a Deployment read or written within the configured {@code readReuse}, else reads it.
   * For spec and metadata only: its status may be as old as the copy.
   */
  @Nullable V1Deployment recentDeployment(String ns, String name) throws InterruptedException {
    V1Deployment dep = recent.object(V1Deployment.class, ns, name);
    return dep != null ? dep : deployment(ns, name);
  }

  /** Lists Deployments by label selector, afresh. */
  List<V1Deployment> deployments(String ns, String selector) throws InterruptedException {
    V1DeploymentList list = api.call(Op.collection("list", DEPLOYMENTS, ns),
        () -> apps.listNamespacedDeployment(ns).labelSelector(selector).buildCall(null),
        V1DeploymentList.class);
    recent.list(V1Deployment.class, ns, selector, list.getItems());
    return list.getItems();
  }

  /** Returns the Deployments listed by {@code selector} within {@code readReuse}, else lists them. */
  List<V1Deployment> recentDeployments(String ns, String selector) throws InterruptedException {
    List<V1Deployment> list = recent.list(V1Deployment.class, ns, selector);
    return list != null ? list : deployments(ns, selector);
  }

  @Nullable V1ReplicaSet replicaSet(String ns, String name) throws InterruptedException {
    return get(Op.of("get", REPLICASETS, ns, name), () -> apps.readNamespacedReplicaSet(name, ns).buildCall(null),
        V1ReplicaSet.class);
  }

  /**
   * Returns the ReplicaSets {@code dep} owns (its revisions), sorted by revision, as listed by its
   * selector within the configured read reuse.
   */
  List<V1ReplicaSet> ownedReplicaSets(V1Deployment dep) throws InterruptedException {
    Map<String, String> match = Templates.matchLabels(Objects.requireNonNull(dep.getSpec()).getSelector(),
        "Deployment " + Templates.name(dep));
    String uid = dep.getMetadata() == null ? null : dep.getMetadata().getUid();
    String ns = Objects.requireNonNull(Objects.requireNonNull(dep.getMetadata()).getNamespace());
    return recentReplicaSets(ns, Templates.selector(match)).stream()
        .filter(rs -> uid == null || ownedBy(rs, uid))
        .sorted(Comparator.comparingLong(Templates::revision))
        .toList();
  }

  private static boolean ownedBy(V1ReplicaSet rs, String uid) {
    List<V1OwnerReference> owners = rs.getMetadata() == null ? null : rs.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> uid.equals(o.getUid()));
  }

  /** Lists ReplicaSets by label selector, afresh. */
  List<V1ReplicaSet> replicaSets(String ns, String selector) throws InterruptedException {
    V1ReplicaSetList list = api.call(Op.collection("list", REPLICASETS, ns),
        () -> apps.listNamespacedReplicaSet(ns).labelSelector(selector).buildCall(null),
        V1ReplicaSetList.class);
    recent.list(V1ReplicaSet.class, ns, selector, list.getItems());
    return list.getItems();
  }

  /** Returns the ReplicaSets listed by {@code selector} within {@code readReuse}, else lists them. */
  List<V1ReplicaSet> recentReplicaSets(String ns, String selector) throws InterruptedException {
    List<V1ReplicaSet> list = recent.list(V1ReplicaSet.class, ns, selector);
    return list != null ? list : replicaSets(ns, selector);
  }

  /** Lists the EndpointSlices of Service {@code service}, afresh. */
  List<V1EndpointSlice> endpointSlices(String ns, String service) throws InterruptedException {
    V1EndpointSliceList list = api.call(Op.collection("list", ENDPOINTSLICES, ns),
        () -> discovery.listNamespacedEndpointSlice(ns).labelSelector("kubernetes.io/service-name=" + service).buildCall(null),
        V1EndpointSliceList.class);
    return list.getItems();
  }

  /** Lists the HorizontalPodAutoscalers of a namespace, afresh. */
  List<V2HorizontalPodAutoscaler> autoscalers(String ns) throws InterruptedException {
    V2HorizontalPodAutoscalerList list = api.call(Op.collection("list", AUTOSCALERS, ns),
        () -> autoscaling.listNamespacedHorizontalPodAutoscaler(ns).buildCall(null), V2HorizontalPodAutoscalerList.class);
    return list.getItems();
  }

  /**
   * Changes a HorizontalPodAutoscaler by a conditional merge patch; see {@link #update}. A stale
   * copy is replaced by listing afresh (the Role grants list and patch, no get).
   */
  @Nullable V2HorizontalPodAutoscaler updateAutoscaler(String ns, String name,
      Function<V2HorizontalPodAutoscaler, @Nullable JsonObject> change) throws InterruptedException {
    return update(Op.of("patch", AUTOSCALERS, ns, name), V2HorizontalPodAutoscaler.class,
        () -> autoscalers(ns).stream().filter(h -> name.equals(Templates.name(h))).findFirst().orElse(null), change,
        (current, patch) -> api.callOrNull(Op.of("patch", AUTOSCALERS, ns, name),
            api.mergePatch(() -> autoscaling.patchNamespacedHorizontalPodAutoscaler(name, ns, asPatch(patch, current))
                .buildCall(null)), V2HorizontalPodAutoscaler.class));
  }

  /** Lists pods by label selector; always afresh, never remembered. */
  V1PodList pods(String ns, String selector) throws InterruptedException {
    return api.call(Op.collection("list", PODS, ns),
        () -> core.listNamespacedPod(ns).labelSelector(selector).buildCall(null), V1PodList.class);
  }

  @Nullable V1Service service(String ns, String name) throws InterruptedException {
    return get(Op.of("get", SERVICES, ns, name), () -> core.readNamespacedService(name, ns).buildCall(null),
        V1Service.class);
  }

  /** Reads one object afresh and remembers it; null when it does not exist. */
  private <T extends KubernetesObject> @Nullable T get(Op op, KubeApi.CallFactory call, Class<T> type)
      throws InterruptedException {
    T object = api.callOrNull(op, call, type);
    if (object != null) {
      recent.object(type, op.namespace(), object);
    }
    return object;
  }

  /** Returns a Service read or written within {@code readReuse}, else reads it. */
  @Nullable V1Service recentService(String ns, String name) throws InterruptedException {
    V1Service svc = recent.object(V1Service.class, ns, name);
    return svc != null ? svc : service(ns, name);
  }

  /**
   * Changes a Deployment by a JSON merge patch with optimistic concurrency; see {@link #update}.
   * Answers null when the Deployment does not exist.
   */
  @Nullable V1Deployment updateDeployment(String ns, String name,
      Function<V1Deployment, @Nullable JsonObject> change) throws InterruptedException {
    return update(Op.of("patch", DEPLOYMENTS, ns, name), V1Deployment.class, () -> deployment(ns, name), change,
        (current, patch) -> api.callOrNull(Op.of("patch", DEPLOYMENTS, ns, name),
            api.mergePatch(() -> apps.patchNamespacedDeployment(name, ns, asPatch(patch, current)).buildCall(null)),
            V1Deployment.class));
  }

  @Nullable V1ReplicaSet updateReplicaSet(String ns, String name,
      Function<V1ReplicaSet, @Nullable JsonObject> change) throws InterruptedException {
    return update(Op.of("patch", REPLICASETS, ns, name), V1ReplicaSet.class, () -> replicaSet(ns, name), change,
        (current, patch) -> api.callOrNull(Op.of("patch", REPLICASETS, ns, name),
            api.mergePatch(() -> apps.patchNamespacedReplicaSet(name, ns, asPatch(patch, current)).buildCall(null)),
            V1ReplicaSet.class));
  }

  @Nullable V1Service updateService(String ns, String name,
      Function<V1Service, @Nullable JsonObject> change) throws InterruptedException {
    return update(Op.of("patch", SERVICES, ns, name), V1Service.class, () -> service(ns, name), change,
        (current, patch) -> api.callOrNull(Op.of("patch", SERVICES, ns, name),
            api.mergePatch(() -> core.patchNamespacedService(name, ns, asPatch(patch, current)).buildCall(null)),
            V1Service.class));
  }

  private static V1Patch asPatch(JsonObject patch, KubernetesObject current) {
    JsonObject conditional = patch.deepCopy();
    Patches.withResourceVersion(conditional, current);
    return new V1Patch(conditional.toString());
  }

  /** Reads a custom object (an Argo CD Application, a Flux HelmRelease) afresh, as JSON; null when it does not exist. */
  @Nullable JsonObject customObject(GitOps.CustomResource r, String ns, String name) throws InterruptedException {
    return api.callOrNull(Op.of("get", r.resource(), ns, name),
        () -> custom.getNamespacedCustomObject(r.group(), r.version(), ns, r.plural(), name).buildCall(null),
        JsonObject.class);
  }

  /**
   * Changes a custom object by a JSON merge patch conditional on its resourceVersion: {@code change}
   * computes the patch from the object read afresh (null: nothing to change); a 409 from a
   * concurrent writer reads again, up to the configured conflict retries. Answers the object as
   * written (or as read when nothing changed), or null when it does not exist.
   */
  @Nullable JsonObject updateCustomObject(GitOps.CustomResource r, String ns, String name,
      Function<JsonObject, @Nullable JsonObject> change) throws InterruptedException {
    Op op = Op.of("patch", r.resource(), ns, name);
    for (int attempt = 0; ; attempt++) {
      JsonObject current = customObject(r, ns, name);
      if (current == null) {
        return null;
      }
      JsonObject patch = change.apply(current);
      if (patch == null) {
        return current;
      }
      JsonObject conditional = patch.deepCopy();
      JsonElement meta = current.get("metadata");
      JsonElement version = meta != null && meta.isJsonObject() ? meta.getAsJsonObject().get("resourceVersion") : null;
      if (version != null) {
        if (!conditional.has("metadata")) {
          conditional.add("metadata", new JsonObject());
        }
        conditional.getAsJsonObject("metadata").add("resourceVersion", version);
      }
      try {
        return api.callOrNull(op, api.mergePatch(() -> custom.patchNamespacedCustomObject(r.group(), r.version(), ns,
            r.plural(), name, new V1Patch(conditional.toString())).buildCall(null)), JsonObject.class);
      } catch (KubeApi.ConflictException conflict) {
        if (attempt >= api.config().conflictRetries()) {
          throw new KubernetesAdapterException(op + " kept conflicting with concurrent writers after "
              + (attempt + 1) + " attempts; " + conflict.getMessage(), 409);
        }
      }
    }
  }

  /** Deletes a Deployment; answers false when it was already gone. */
  boolean deleteDeployment(String ns, String name) throws InterruptedException {
    recent.forget(V1Deployment.class, ns, name);
    return api.callOrNull(Op.of("delete", DEPLOYMENTS, ns, name),
        () -> apps.deleteNamespacedDeployment(name, ns).buildCall(null), V1Status.class) != null;
  }

  /** Creates an Event; answers false when one of that name exists already. */
  boolean createEvent(String ns, CoreV1Event event) throws InterruptedException {
    try {
      api.call(Op.of("create", "events", ns, ""),
          () -> core.createNamespacedEvent(ns, event).buildCall(null), CoreV1Event.class);
      return true;
    } catch (KubeApi.ConflictException alreadyExists) {
      return false;
    }
  }

  /** Creates a Job; answers null when one of that name exists already. */
  @Nullable V1Job createJob(String ns, V1Job job) throws InterruptedException {
    try {
      return api.call(Op.of("create", "jobs.batch", ns, ""),
          () -> batch.createNamespacedJob(ns, job).buildCall(null), V1Job.class);
    } catch (KubeApi.ConflictException alreadyExists) {
      return null;
    }
  }

  @Nullable V1Job job(String ns, String name) throws InterruptedException {
    return api.callOrNull(Op.of("get", "jobs.batch", ns, name),
        () -> batch.readNamespacedJob(name, ns).buildCall(null), V1Job.class);
  }

  /** Deletes a Job and, in the background, its pods; answers false when it was already gone. */
  boolean deleteJob(String ns, String name) throws InterruptedException {
    return api.callOrNull(Op.of("delete", "jobs.batch", ns, name),
        () -> batch.deleteNamespacedJob(name, ns).propagationPolicy("Background").buildCall(null),
        V1Status.class) != null;
  }

  /** Returns the last {@code lines} lines of a container's log, or null when there is none. */
  @Nullable String logTail(String ns, String pod, String container, int lines)
      throws InterruptedException {
    return api.callOrNull(Op.of("get", "pods/log", ns, pod),
        () -> core.readNamespacedPodLog(pod, ns).container(container).tailLines(lines).buildCall(null),
        String.class);
  }

  /**
   * Lets {@code change} compute the change from the object (null: nothing to change) and writes
   * it conditionally on the object's resourceVersion, so a concurrent writer makes the API answer
   * 409; then reads afresh and tries again, up to the configured conflict retries. The first
   * attempt starts from the copy of a recent read when there is one (a stale copy costs a 409 or a
   * 404 and a fresh read, nothing else); later attempts read afresh. "Nothing to change" may thus be
   * judged on a copy up to {@code readReuse} old, which holds every write of these adapters. Answers
   * the object as written (or as read when nothing changed), or null when it does not exist.
   */
  private <T extends KubernetesObject, C> @Nullable T update(Op op, Class<T> type, Reader<T> read,
      Function<T, @Nullable C> change, Writer<T, C> write) throws InterruptedException {
    String ns = op.namespace();
    String name = op.name();
    T copy = recent.object(type, ns, name);
    for (int attempt = 0; ; attempt++) {
      boolean fromCopy = copy != null;
      T current = fromCopy ? copy : read.read();
      copy = null;
      if (current == null) {
        return null;
      }
      C delta = change.apply(current);
      if (delta == null) {
        return current;
      }
      T written;
      try {
        written = write.write(current, delta);
      } catch (KubeApi.ConflictException conflict) {
        recent.forget(type, ns, name);
        if (fromCopy) {
          attempt--; // the copy was stale, which is no concurrent writer: read afresh
          continue;
        }
        if (attempt >= api.config().conflictRetries()) {
          throw new KubernetesAdapterException(
              op + " kept conflicting with concurrent writers after " + (attempt + 1)
                  + " attempts; " + conflict.getMessage(),
              409);
        }
        continue;
      }
      if (written == null) {
        recent.forget(type, ns, name);
        if (fromCopy) {
          attempt--; // the copy was stale: read afresh before concluding the object is gone
          continue;
        }
        return null;
      }
      recent.object(type, ns, written);
      return written;
    }
  }

  @FunctionalInterface
  private interface Reader<T> {
    @Nullable T read() throws InterruptedException;
  }

  @FunctionalInterface
  private interface Writer<T, C> {
    @Nullable T write(T current, C change) throws InterruptedException;
  }

  static boolean isReady(V1Pod pod) {
    if (pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    var status = pod.getStatus();
    if (status == null || status.getConditions() == null) {
      return false;
    }
    return status.getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
