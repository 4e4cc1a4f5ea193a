package dev.rollback.k8s.internal;

import dev.rollback.spi.ReadinessSnapshot;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Computes a readiness snapshot as {@code kubectl rollout status} judges a rollout: the restored
 * ReplicaSet's active pods that are available (ready for at least the Deployment's {@code
 * minReadySeconds}, as the controller counts availability), out of the desired count, with the
 * active pods of the Deployment's other ReplicaSets as outdated. Pods the selector matches that
 * belong to neither (another workload under an overlapping selector) are ignored. Stateless.
 */
final class Readiness {
  private Readiness() {}

  /**
   * Returns the snapshot of {@code pods} (listed by {@code target.podSelector()}) at {@code now}.
   */
  static ReadinessSnapshot of(Rollout.Target target, Collection<V1Pod> pods, PodInspector inspector,
      List<String> workloadProblems, Instant now) {
    int available = 0;
    int outdated = 0;
    String blocker = null;
    for (V1Pod pod : pods) {
      if (!PodInspector.active(pod)) {
        continue;
      }
      if (target.outdated(pod)) {
        outdated++;
        continue;
      }
      if (!target.restored(pod)) {
        continue;
      }
      Instant at = availableAt(pod, target.minReadySeconds());
      if (at != null && !at.isAfter(now)) {
        available++;
      } else if (at == null && blocker == null) {
        blocker = inspector.blocker(pod);
      }
    }
    if (blocker == null && !workloadProblems.isEmpty()) {
      blocker = workloadProblems.get(0);
    }
    int desired = target.desired();
    boolean complete = available >= desired && desired > 0 && outdated == 0;
    return new ReadinessSnapshot(available, desired, outdated, complete ? null : blocker);
  }

  /**
   * Returns the earliest time after {@code now} at which a restored pod that is ready now becomes
   * available, or null when none is waiting for its {@code minReadySeconds}: when to look again
   * without any event telling.
   */
  static @Nullable Instant nextAvailability(Rollout.Target target, Collection<V1Pod> pods, Instant now) {
    Instant next = null;
    for (V1Pod pod : pods) {
      if (PodInspector.active(pod) && target.restored(pod)) {
        Instant at = availableAt(pod, target.minReadySeconds());
        if (at != null && at.isAfter(now) && (next == null || at.isBefore(next))) {
          next = at;
        }
      }
    }
    return next;
  }

  /**
   * Returns when a ready pod is (or becomes) available: its Ready condition's transition time plus
   * {@code minReadySeconds}; null when it is not ready.
   */
  static @Nullable Instant availableAt(V1Pod pod, int minReadySeconds) {
    if (!ClusterObjects.isReady(pod)) {
      return null;
    }
    if (minReadySeconds <= 0) {
      return Instant.MIN;
    }
    OffsetDateTime since = null;
    List<V1PodCondition> conditions = pod.getStatus() == null ? null : pod.getStatus().getConditions();
    if (conditions != null) {
      for (V1PodCondition c : conditions) {
        if ("Ready".equals(c.getType())) {
          since = c.getLastTransitionTime();
        }
      }
    }
    // A Ready condition without a time (the controller treats it so too) counts as ready long ago.
    return since == null ? Instant.MIN : since.toInstant().plusSeconds(minReadySeconds);
  }
}
