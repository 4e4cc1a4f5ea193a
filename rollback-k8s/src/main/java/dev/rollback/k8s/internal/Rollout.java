package dev.rollback.k8s.internal;

import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.Notification;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.Version;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/** The shape-specific half of the adapters: where versions live and how one is restored. */
interface Rollout {

  /**
   * What <i>Wait for pods ready</i> and <i>Check pod health</i> look at: the pods of one ReplicaSet,
   * as the Deployment controller counts them. A Deployment's selector may match pods of other
   * workloads (overlapping selectors); they are told apart by their {@code pod-template-hash}.
   *
   * @param deployment the Deployment running the restored version
   * @param desired pods the restored version should have
   * @param podSelector an equality selector matching every pod of the Deployment (and perhaps others)
   * @param templateHash the {@code pod-template-hash} of the restored version's ReplicaSet; null when
   *     the Deployment has no ReplicaSet yet, and then every pod the selector matches is the
   *     restored version's
   * @param outdatedHashes the hashes of the Deployment's other ReplicaSets: their active pods are
   *     old replicas, which {@code kubectl rollout status} waits for to go
   * @param minReadySeconds how long a pod must have been ready to count as available
   */
  record Target(V1Deployment deployment, int desired, String podSelector, @Nullable String templateHash,
      Set<String> outdatedHashes, int minReadySeconds) {
    public Target {
      outdatedHashes = Set.copyOf(outdatedHashes);
    }

    /** Returns whether {@code pod} belongs to the restored version's ReplicaSet. */
    boolean restored(V1Pod pod) {
      return templateHash == null || templateHash.equals(Templates.labels(pod.getMetadata()).get(Templates.POD_TEMPLATE_HASH));
    }

    /** Returns whether {@code pod} belongs to another ReplicaSet of the same Deployment. */
    boolean outdated(V1Pod pod) {
      String hash = Templates.labels(pod.getMetadata()).get(Templates.POD_TEMPLATE_HASH);
      return hash != null && !restored(pod) && outdatedHashes.contains(hash);
    }

    /**
     * Returns the target of {@code dep}'s ReplicaSet {@code restored} (null if it has none yet),
     * given all of {@code dep}'s ReplicaSets.
     */
    static Target of(V1Deployment dep, int desired, @Nullable V1ReplicaSet restored, List<V1ReplicaSet> all) {
      Map<String, String> match = Templates.matchLabels(
          dep.getSpec() == null ? null : dep.getSpec().getSelector(), "Deployment " + Templates.name(dep));
      String hash = restored == null ? null : Templates.hash(restored);
      Set<String> others = new HashSet<>();
      for (V1ReplicaSet rs : all) {
        String h = Templates.hash(rs);
        if (h != null && !h.equals(hash)) {
          others.add(h);
        }
      }
      Integer min = dep.getSpec() == null ? null : dep.getSpec().getMinReadySeconds();
      return new Target(dep, desired, Templates.selector(match), hash, others, min == null ? 0 : Math.max(0, min));
    }
  }

  Version currentVersion(DeploymentRef d) throws InterruptedException;

  PreviousVersion previousStable(DeploymentRef d, Version current) throws InterruptedException;

  List<String> validate(RollbackManifest m) throws InterruptedException;

  void scaleDown(RollbackManifest m) throws InterruptedException;

  void deploy(RollbackManifest m) throws InterruptedException;

  /**
   * Returns what readiness and pod health look at. With {@code withStatus} the Deployment is read
   * afresh, so its status is current; without, a recent copy may serve (for the selector and the
   * replica count only).
   */
  Target target(RollbackManifest m, boolean withStatus) throws InterruptedException;

  void switchTraffic(RollbackManifest m) throws InterruptedException;

  void cleanup(RollbackManifest m) throws InterruptedException;

  /**
   * Records that restoring {@code m.to()} failed: marks it failed, unless the failure is not the
   * version's ({@link PodInspector#notTheVersions}; it then stays eligible, and the log says why),
   * and marks {@code m.from()} rolled back from.
   */
  void markFailed(RollbackManifest m, String reason) throws InterruptedException;

  /** Returns what this rollout did beyond its steps in {@code m}'s run (see {@link dev.rollback.spi.ClusterDriver#notices}). */
  List<ClusterNotice> notices(RollbackManifest m);

  /**
   * Answers, read afresh from the cluster, whether the restore of {@code m} failed for a reason that
   * is not the restored version's ({@link PodInspector#notTheVersions}), and then logs why the
   * version is not marked failed.
   */
  default boolean failedElsewhere(ClusterObjects k, RollbackManifest m) throws InterruptedException {
    Target t = target(m, true);
    List<V1Pod> pods = k.pods(m.deployment().namespace(), t.podSelector()).getItems().stream()
        .filter(p -> PodInspector.active(p) && t.restored(p)).toList();
    String elsewhere = PodInspector.notTheVersions(t.deployment(), m.preparedAt(), pods);
    if (elsewhere != null) {
      LoggerFactory.getLogger(Rollout.class).warn("{}: not marking version {} failed: the restore failed because {},"
          + " which is not the version's fault; it stays a candidate for later rollbacks", m.deployment(),
          m.to().id(), elsewhere);
    }
    return elsewhere != null;
  }

  void recordRollback(RollbackManifest m, Instant at) throws InterruptedException;

  /** Returns the name of the Deployment a notification's Event should be attached to. */
  String eventTarget(Notification n) throws InterruptedException;
}
