package dev.rollback.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1Secret;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The reads and writes of ConfigMaps and Secrets that configuration travelling with the version
 * makes, one method per RBAC verb and resource (as {@link ClusterObjects} does for the rest): the
 * objects a pod template references, the snapshots of their content, and the record of their
 * fingerprints on a ReplicaSet. A Secret is only ever
 * copied into a Secret. Thread-safe.
 */
final class ConfigObjects {
  static final String CONFIGMAPS = "configmaps";
  static final String SECRETS = "secrets";

  /**
   * One ConfigMap or Secret as read.
   *
   * @param kind its kind
   * @param object the {@link V1ConfigMap} or {@link V1Secret}
   */
  record Read(ConfigRef.Kind kind, KubernetesObject object) {
    /** Returns the digest of the content, as if the object were {@code ns/name}. */
    String digest(String ns, String name) {
      return object instanceof V1Secret s ? ConfigFingerprints.digest(ns, name, s)
          : ConfigFingerprints.digest(ns, name, (V1ConfigMap) object);
    }

    /** Returns the content as a JSON object: {@code data} and {@code binaryData} (ConfigMap) or {@code data} (Secret). */
    JsonObject content() {
      JsonObject o = new JsonObject();
      if (object instanceof V1Secret s) {
        o.add("data", Patches.tree(s.getData() == null ? java.util.Map.of() : s.getData()));
      } else {
        V1ConfigMap cm = (V1ConfigMap) object;
        o.add("data", Patches.tree(cm.getData() == null ? java.util.Map.of() : cm.getData()));
        o.add("binaryData", Patches.tree(cm.getBinaryData() == null ? java.util.Map.of() : cm.getBinaryData()));
      }
      return o;
    }

    /** Returns the Secret's type, or null for a ConfigMap. */
    @Nullable String secretType() {
      return object instanceof V1Secret s ? s.getType() : null;
    }
  }

  private final KubeApi api;
  private final CoreV1Api core;
  private final AppsV1Api apps;

  ConfigObjects(KubeApi api) {
    this.api = api;
    this.core = new CoreV1Api(api.client());
    this.apps = new AppsV1Api(api.client());
  }

  KubeApi api() {
    return api;
  }

  /** Reads a ConfigMap or Secret afresh; null when it does not exist. */
  @Nullable Read read(ConfigRef.Kind kind, String ns, String name) throws InterruptedException {
    if (kind == ConfigRef.Kind.SECRET) {
      V1Secret s = api.callOrNull(Op.of("get", SECRETS, ns, name),
          () -> core.readNamespacedSecret(name, ns).buildCall(null), V1Secret.class);
      return s == null ? null : new Read(kind, s);
    }
    V1ConfigMap cm = api.callOrNull(Op.of("get", CONFIGMAPS, ns, name),
        () -> core.readNamespacedConfigMap(name, ns).buildCall(null), V1ConfigMap.class);
    return cm == null ? null : new Read(kind, cm);
  }

  /**
   * Creates a ConfigMap or Secret named {@code meta}'s name with the content of {@code source}
   * (a Secret keeps its type); answers false when one of that name exists already.
   */
  boolean create(String ns, V1ObjectMeta meta, Read source) throws InterruptedException {
    try {
      if (source.object() instanceof V1Secret s) {
        V1Secret copy = new V1Secret().apiVersion("v1").kind("Secret").metadata(meta.namespace(ns)).type(s.getType())
            .data(s.getData());
        api.call(Op.of("create", SECRETS, ns, ""), () -> core.createNamespacedSecret(ns, copy).buildCall(null),
            V1Secret.class);
      } else {
        V1ConfigMap cm = (V1ConfigMap) source.object();
        V1ConfigMap copy = new V1ConfigMap().apiVersion("v1").kind("ConfigMap").metadata(meta.namespace(ns))
            .data(cm.getData()).binaryData(cm.getBinaryData());
        api.call(Op.of("create", CONFIGMAPS, ns, ""), () -> core.createNamespacedConfigMap(ns, copy).buildCall(null),
            V1ConfigMap.class);
      }
      return true;
    } catch (KubeApi.ConflictException alreadyExists) {
      return false;
    }
  }

  /**
   * Merge-patches {@code current}, conditionally on its resourceVersion (a concurrent writer makes
   * it fail with a 409 {@link KubeApi.ConflictException}); answers false when it no longer exists.
   */
  boolean patch(String ns, Read current, JsonObject patch) throws InterruptedException {
    String name = Templates.name(current.object());
    JsonObject conditional = patch.deepCopy();
    Patches.withResourceVersion(conditional, current.object());
    V1Patch body = new V1Patch(conditional.toString());
    if (current.kind() == ConfigRef.Kind.SECRET) {
      return api.callOrNull(Op.of("patch", SECRETS, ns, name),
          api.mergePatch(() -> core.patchNamespacedSecret(name, ns, body).buildCall(null)), V1Secret.class) != null;
    }
    return api.callOrNull(Op.of("patch", CONFIGMAPS, ns, name),
        api.mergePatch(() -> core.patchNamespacedConfigMap(name, ns, body).buildCall(null)), V1ConfigMap.class) != null;
  }

  /**
   * Sets annotation {@code key} on ReplicaSet {@code rs} to {@code value} by a merge patch of that
   * key alone, unconditionally: it is this library's key, so no other writer's change is lost, and
   * the release watcher, which listed the ReplicaSet, needs no get. Answers false when it is gone.
   */
  boolean annotateReplicaSet(String ns, V1ReplicaSet rs, String key, String value) throws InterruptedException {
    String name = Templates.name(rs);
    V1Patch body = new V1Patch(Patches.annotations("apps/v1", "ReplicaSet", java.util.Map.of(key, value)).toString());
    return api.callOrNull(Op.of("patch", ClusterObjects.REPLICASETS, ns, name),
        api.mergePatch(() -> apps.patchNamespacedReplicaSet(name, ns, body).buildCall(null)), V1ReplicaSet.class) != null;
  }

  /** Returns a patch of {@code kind}'s apiVersion and kind. */
  static JsonObject patchOf(ConfigRef.Kind kind) {
    return Patches.of("v1", kind.label);
  }

  /** Returns the merge patch turning {@code current}'s content into {@code wanted}'s, or null when equal. */
  static @Nullable JsonElement contentDiff(Read current, Read wanted) {
    return Patches.diff(current.content(), Objects.requireNonNull(wanted.content()));
  }
}
