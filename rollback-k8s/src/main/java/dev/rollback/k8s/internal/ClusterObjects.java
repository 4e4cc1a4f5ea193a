package dev.rollback.k8s.internal;

import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentList;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1ReplicaSetList;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1Status;
import dev.rollback.k8s.KubernetesAdapterException;
import io.kubernetes.client.common.KubernetesObject;
import java.util.List;
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
  static final String SERVICES = "services";

  private final KubeApi api;
  private final AppsV1Api apps;
  private final CoreV1Api core;
  private final BatchV1Api batch;

  ClusterObjects(KubeApi api) {
    this.api = api;
    this.apps = new AppsV1Api(api.client());
    this.core = new CoreV1Api(api.client());
    this.batch = new BatchV1Api(api.client());
  }

  KubeApi api() {
    return api;
  }

  @Nullable V1Deployment deployment(String ns, String name) throws InterruptedException {
    return api.callOrNull(Op.of("get", DEPLOYMENTS, ns, name),
        () -> apps.readNamespacedDeployment(name, ns).buildCall(null), V1Deployment.class);
  }

  List<V1Deployment> deployments(String ns, String selector) throws InterruptedException {
    V1DeploymentList list = api.call(Op.collection("list", DEPLOYMENTS, ns),
        () -> apps.listNamespacedDeployment(ns).labelSelector(selector).buildCall(null),
        V1DeploymentList.class);
    return list.getItems();
  }

  @Nullable V1ReplicaSet replicaSet(String ns, String name) throws InterruptedException {
    return api.callOrNull(Op.of("get", REPLICASETS, ns, name),
        () -> apps.readNamespacedReplicaSet(name, ns).buildCall(null), V1ReplicaSet.class);
  }

  List<V1ReplicaSet> replicaSets(String ns, String selector) throws InterruptedException {
    V1ReplicaSetList list = api.call(Op.collection("list", REPLICASETS, ns),
        () -> apps.listNamespacedReplicaSet(ns).labelSelector(selector).buildCall(null),
        V1ReplicaSetList.class);
    return list.getItems();
  }

  V1PodList pods(String ns, String selector) throws InterruptedException {
    return api.call(Op.collection("list", PODS, ns),
        () -> core.listNamespacedPod(ns).labelSelector(selector).buildCall(null), V1PodList.class);
  }

  @Nullable V1Service service(String ns, String name) throws InterruptedException {
    return api.callOrNull(Op.of("get", SERVICES, ns, name),
        () -> core.readNamespacedService(name, ns).buildCall(null), V1Service.class);
  }

  /**
   * Changes a Deployment by a JSON merge patch with optimistic concurrency; see {@link #update}.
   * Answers null when the Deployment does not exist.
   */
  @Nullable V1Deployment updateDeployment(String ns, String name,
      Function<V1Deployment, @Nullable JsonObject> change) throws InterruptedException {
    return update(Op.of("patch", DEPLOYMENTS, ns, name), () -> deployment(ns, name), change,
        (current, patch) -> api.callOrNull(Op.of("patch", DEPLOYMENTS, ns, name),
            api.mergePatch(() -> apps.patchNamespacedDeployment(name, ns, asPatch(patch, current)).buildCall(null)),
            V1Deployment.class));
  }

  /**
   * Replaces a Deployment (PUT with its resourceVersion) by the object {@code change} makes from a
   * fresh read (null: nothing to change). Used where a merge patch would have to replace a list
   * whole, such as the pod template's containers.
   */
  @Nullable V1Deployment replaceDeployment(String ns, String name,
      Function<V1Deployment, @Nullable V1Deployment> change) throws InterruptedException {
    return update(Op.of("update", DEPLOYMENTS, ns, name), () -> deployment(ns, name), change,
        (current, replacement) -> {
          replacement.apiVersion("apps/v1").kind("Deployment");
          Objects.requireNonNull(replacement.getMetadata())
              .resourceVersion(Objects.requireNonNull(current.getMetadata()).getResourceVersion());
          return api.callOrNull(Op.of("update", DEPLOYMENTS, ns, name),
              () -> apps.replaceNamespacedDeployment(name, ns, replacement).buildCall(null), V1Deployment.class);
        });
  }

  @Nullable V1ReplicaSet updateReplicaSet(String ns, String name,
      Function<V1ReplicaSet, @Nullable JsonObject> change) throws InterruptedException {
    return update(Op.of("patch", REPLICASETS, ns, name), () -> replicaSet(ns, name), change,
        (current, patch) -> api.callOrNull(Op.of("patch", REPLICASETS, ns, name),
            api.mergePatch(() -> apps.patchNamespacedReplicaSet(name, ns, asPatch(patch, current)).buildCall(null)),
            V1ReplicaSet.class));
  }

  @Nullable V1Service updateService(String ns, String name,
      Function<V1Service, @Nullable JsonObject> change) throws InterruptedException {
    return update(Op.of("patch", SERVICES, ns, name), () -> service(ns, name), change,
        (current, patch) -> api.callOrNull(Op.of("patch", SERVICES, ns, name),
            api.mergePatch(() -> core.patchNamespacedService(name, ns, asPatch(patch, current)).buildCall(null)),
            V1Service.class));
  }

  private static V1Patch asPatch(JsonObject patch, KubernetesObject current) {
    JsonObject conditional = patch.deepCopy();
    Patches.withResourceVersion(conditional, current);
    return new V1Patch(conditional.toString());
  }

  /** Deletes a Deployment; answers false when it was already gone. */
  boolean deleteDeployment(String ns, String name) throws InterruptedException {
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
   * Reads an object, lets {@code change} compute the change from it (null: nothing to change), and
   * writes it conditionally on the object's resourceVersion, so a concurrent writer makes the API
   * answer 409; then reads afresh and tries again, up to the configured conflict retries. Answers
   * the object as written (or as read when nothing changed), or null when it does not exist.
   */
  private <T extends KubernetesObject, C> @Nullable T update(Op op, Reader<T> read,
      Function<T, @Nullable C> change, Writer<T, C> write) throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      T current = read.read();
      if (current == null) {
        return null;
      }
      C delta = change.apply(current);
      if (delta == null) {
        return current;
      }
      try {
        return write.write(current, delta);
      } catch (KubeApi.ConflictException conflict) {
        if (attempt >= api.config().conflictRetries()) {
          throw new KubernetesAdapterException(
              op + " kept conflicting with concurrent writers after " + (attempt + 1)
                  + " attempts; " + conflict.getMessage(),
              409);
        }
      }
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
