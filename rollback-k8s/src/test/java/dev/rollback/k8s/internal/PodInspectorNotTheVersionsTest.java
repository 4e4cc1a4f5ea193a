package dev.rollback.k8s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whether a failed restore is the restored version's fault, from the pods' scheduling state. The
 * pods are built by hand: the states in between (created, not yet judged by the scheduler) last
 * milliseconds on a real control plane, and FailureMarksTest meets them only when the scheduler is
 * slow.
 */
class PodInspectorNotTheVersionsTest {
  private static final V1Deployment DEPLOYMENT = new V1Deployment().status(new V1DeploymentStatus());

  private static V1Pod pod(String scheduled, String node) {
    V1PodStatus status = new V1PodStatus();
    if (scheduled != null) {
      status.conditions(List.of(new V1PodCondition().type("PodScheduled").status(scheduled)
          .reason("False".equals(scheduled) ? "Unschedulable" : null)
          .message("False".equals(scheduled) ? "0/1 nodes are available: 1 Insufficient cpu." : null)));
    }
    return new V1Pod().spec(new V1PodSpec().nodeName(node)).status(status);
  }

  @Test
  void podsWithoutANodeAreNotTheVersionsFaultWhetherTheSchedulerRefusedThemOrHasNotJudgedThemYet() {
    Instant restored = Instant.parse("2026-12-02T10:00:00Z");
    assertEquals("its pods could not be scheduled (Unschedulable): 0/1 nodes are available: 1 Insufficient cpu.",
        PodInspector.notTheVersions(DEPLOYMENT, restored, List.of(pod("False", null), pod(null, null))));
    assertEquals("its pods were not scheduled yet",
        PodInspector.notTheVersions(DEPLOYMENT, restored, List.of(pod(null, null), pod(null, null))));
    // one pod on a node: whatever it does there is the version's
    assertNull(PodInspector.notTheVersions(DEPLOYMENT, restored, List.of(pod("False", null), pod("True", "node-1"))));
    assertNull(PodInspector.notTheVersions(DEPLOYMENT, restored, List.of(pod(null, null), pod(null, "node-1"))));
    assertNull(PodInspector.notTheVersions(DEPLOYMENT, restored, List.of()));
  }
}
