package dev.rollback.k8s.internal;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Copies of a revision's ConfigMaps and Secrets kept in the cluster, for a rollback to put back
 * what the release changed in place (only where the user opted in: a copy of a Secret is as
 * sensitive as the Secret, and is only ever a Secret itself). A snapshot is named after its source
 * and content ({@code NAME-rb-DIGEST10}), so revisions with the same content share one; it is
 * labelled {@value #LABEL} and owned (ownerReferences) by each ReplicaSet whose revision recorded
 * that content, so the garbage collector deletes it when the last of them is gone (a revision
 * pruned by {@code revisionHistoryLimit}, a Deployment deleted).
 */
final class ConfigSnapshots {
  static final String LABEL = Marks.PREFIX + "config-snapshot";
  static final String SNAPSHOT_OF = Marks.PREFIX + "snapshot-of";
  static final String SNAPSHOT_SHA256 = Marks.PREFIX + "snapshot-sha256";
  private static final int MAX_NAME = 253;

  private final ConfigObjects objects;

  ConfigSnapshots(ConfigObjects objects) {
    this.objects = objects;
  }

  /** Returns the name of the snapshot of {@code source}'s content with digest {@code digest}. */
  static String name(String source, String digest) {
    String suffix = "-rb-" + digest.substring(0, 10);
    String prefix = source.substring(0, Math.min(source.length(), MAX_NAME - suffix.length()));
    return prefix + suffix;
  }

  /**
   * Keeps a snapshot of {@code read} (the live {@code source} with digest {@code digest}), owned by
   * {@code owner}: creates it, or adds {@code owner} to an existing one's owners.
   */
  void keep(String ns, String source, String digest, ConfigObjects.Read read, V1ReplicaSet owner)
      throws InterruptedException {
    String name = name(source, digest);
    V1OwnerReference ref = new V1OwnerReference().apiVersion("apps/v1").kind("ReplicaSet")
        .name(Templates.name(owner)).uid(Objects.requireNonNull(Objects.requireNonNull(owner.getMetadata()).getUid()));
    V1ObjectMeta meta = new V1ObjectMeta().name(name).labels(Map.of(LABEL, read.kind().label))
        .annotations(Map.of(SNAPSHOT_OF, source, SNAPSHOT_SHA256, digest)).ownerReferences(List.of(ref));
    if (objects.create(ns, meta, read)) {
      return;
    }
    for (int attempt = 0; attempt < 5; attempt++) {
      ConfigObjects.Read existing = objects.read(read.kind(), ns, name);
      if (existing == null) {
        if (objects.create(ns, meta, read)) {
          return;
        }
        continue;
      }
      V1ObjectMeta m = Objects.requireNonNull(existing.object().getMetadata());
      List<V1OwnerReference> owners = m.getOwnerReferences() == null ? new ArrayList<>()
          : new ArrayList<>(m.getOwnerReferences());
      if (owners.stream().anyMatch(o -> ref.getUid().equals(o.getUid()))) {
        return;
      }
      owners.add(ref);
      JsonObject patch = ConfigObjects.patchOf(read.kind());
      Patches.child(patch, "metadata").add("ownerReferences", Patches.tree(owners));
      try {
        if (objects.patch(ns, existing, patch)) {
          return;
        }
      } catch (KubeApi.ConflictException concurrent) {
        // another writer added an owner meanwhile: read again
      }
    }
    throw new IllegalStateException("snapshot " + name + " kept changing while adding owner " + Templates.name(owner));
  }

  /**
   * Returns the snapshot of {@code source}'s content with digest {@code digest}, checked to be
   * what it claims (its annotations and its content's digest), or null when there is none.
   */
  ConfigObjects.@Nullable Read find(ConfigRef.Kind kind, String ns, String source, String digest)
      throws InterruptedException {
    ConfigObjects.Read snapshot = objects.read(kind, ns, name(source, digest));
    if (snapshot == null) {
      return null;
    }
    Map<String, String> a = Templates.annotations(snapshot.object());
    if (!source.equals(a.get(SNAPSHOT_OF)) || !digest.equals(a.get(SNAPSHOT_SHA256))
        || !digest.equals(snapshot.digest(ns, source))) {
      return null;
    }
    return snapshot;
  }
}
