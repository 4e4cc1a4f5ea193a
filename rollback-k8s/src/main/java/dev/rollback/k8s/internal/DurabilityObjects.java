package dev.rollback.k8s.internal;

import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1Preconditions;
import io.kubernetes.client.openapi.models.V1Status;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The reads and writes of the run store (ConfigMaps) and the deployment lock (Leases), one method
 * per RBAC verb and resource, like {@link ClusterObjects}. Writes are conditional: a create of an
 * existing object and a write naming a stale resourceVersion throw {@link KubeApi.ConflictException}.
 * Thread-safe.
 */
final class DurabilityObjects {
  static final String CONFIGMAPS = "configmaps";
  static final String LEASES = "leases.coordination.k8s.io";

  private final KubeApi api;
  private final CoreV1Api core;
  private final CoordinationV1Api coordination;

  DurabilityObjects(KubeApi api) {
    this.api = api;
    this.core = new CoreV1Api(api.client());
    this.coordination = new CoordinationV1Api(api.client());
  }

  @Nullable V1ConfigMap configMap(String ns, String name) throws InterruptedException {
    return api.callOrNull(Op.of("get", CONFIGMAPS, ns, name),
        () -> core.readNamespacedConfigMap(name, ns).buildCall(null), V1ConfigMap.class);
  }

  List<V1ConfigMap> configMaps(String ns, String selector) throws InterruptedException {
    V1ConfigMapList list = api.call(Op.collection("list", CONFIGMAPS, ns),
        () -> core.listNamespacedConfigMap(ns).labelSelector(selector).buildCall(null), V1ConfigMapList.class);
    return list.getItems();
  }

  /** Lists one page of at most {@code limit} ConfigMaps, from {@code continueToken} (null: the first). */
  V1ConfigMapList configMapPage(String ns, String selector, int limit, @Nullable String continueToken)
      throws InterruptedException {
    return api.call(Op.collection("list", CONFIGMAPS, ns),
        () -> core.listNamespacedConfigMap(ns).labelSelector(selector).limit(limit)._continue(continueToken)
            .buildCall(null), V1ConfigMapList.class);
  }

  /**
   * Deletes a ConfigMap if it is still at {@code resourceVersion} (else {@link
   * KubeApi.ConflictException}); answers false when it no longer exists.
   */
  boolean deleteConfigMap(String ns, String name, String resourceVersion) throws InterruptedException {
    V1DeleteOptions options = new V1DeleteOptions().preconditions(new V1Preconditions().resourceVersion(resourceVersion));
    return api.callOrNull(Op.of("delete", CONFIGMAPS, ns, name),
        () -> core.deleteNamespacedConfigMap(name, ns).body(options).buildCall(null), V1Status.class) != null;
  }

  V1ConfigMap createConfigMap(String ns, V1ConfigMap configMap) throws InterruptedException {
    configMap.apiVersion("v1").kind("ConfigMap");
    return api.call(Op.of("create", CONFIGMAPS, ns, ""),
        () -> core.createNamespacedConfigMap(ns, configMap).buildCall(null), V1ConfigMap.class);
  }

  /**
   * Applies a JSON merge patch that carries {@code metadata.resourceVersion}, so the server applies
   * it only to that revision; answers null when the ConfigMap does not exist.
   */
  @Nullable V1ConfigMap patchConfigMap(String ns, String name, JsonObject conditionalPatch) throws InterruptedException {
    Op op = Op.of("patch", CONFIGMAPS, ns, name);
    return api.callOrNull(op, api.mergePatch(
        () -> core.patchNamespacedConfigMap(name, ns, new V1Patch(conditionalPatch.toString())).buildCall(null)),
        V1ConfigMap.class);
  }

  @Nullable V1Lease lease(String ns, String name) throws InterruptedException {
    return api.callOrNull(Op.of("get", LEASES, ns, name),
        () -> coordination.readNamespacedLease(name, ns).buildCall(null), V1Lease.class);
  }

  V1Lease createLease(String ns, V1Lease lease) throws InterruptedException {
    lease.apiVersion("coordination.k8s.io/v1").kind("Lease");
    return api.call(Op.of("create", LEASES, ns, ""),
        () -> coordination.createNamespacedLease(ns, lease).buildCall(null), V1Lease.class);
  }

  /**
   * Replaces a Lease (PUT); its metadata must carry the resourceVersion it was read at. Answers null
   * when the Lease no longer exists.
   */
  @Nullable V1Lease replaceLease(String ns, String name, V1Lease lease) throws InterruptedException {
    lease.apiVersion("coordination.k8s.io/v1").kind("Lease");
    return api.callOrNull(Op.of("update", LEASES, ns, name),
        () -> coordination.replaceNamespacedLease(name, ns, lease).buildCall(null), V1Lease.class);
  }
}
