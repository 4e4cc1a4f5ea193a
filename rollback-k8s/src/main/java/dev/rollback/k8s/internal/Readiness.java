package dev.rollback.k8s.internal;

import dev.rollback.spi.ReadinessSnapshot;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.Collection;
import java.util.List;

/** Computes a readiness snapshot from the restored version's active pods. Stateless. */
final class Readiness {
  private Readiness() {}

  static ReadinessSnapshot of(int desired, Collection<V1Pod> pods, PodInspector inspector,
      List<String> workloadProblems) {
    int ready = 0;
    String blocker = null;
    for (V1Pod pod : pods) {
      if (!PodInspector.active(pod)) {
        continue;
      }
      if (ClusterObjects.isReady(pod)) {
        ready++;
      } else if (blocker == null) {
        blocker = inspector.blocker(pod);
      }
    }
    if (blocker == null && !workloadProblems.isEmpty()) {
      blocker = workloadProblems.get(0);
    }
    return new ReadinessSnapshot(ready, desired, ready >= desired && desired > 0 ? null : blocker);
  }
}
