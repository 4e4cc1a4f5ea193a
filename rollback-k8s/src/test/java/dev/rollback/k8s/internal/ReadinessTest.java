package dev.rollback.k8s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.ReadinessSnapshot;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1ReplicaSetSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The counting rules of {@link Readiness}, on pods in states the real controller passes through only
 * briefly (old replicas left beside a fully ready new ReplicaSet), built as plain objects.
 */
class ReadinessTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final PodInspector inspector = new PodInspector(3, Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC));

  private static V1ReplicaSet rs(String hash) {
    return new V1ReplicaSet().metadata(new V1ObjectMeta().name("checkout-" + hash))
        .spec(new V1ReplicaSetSpec().template(new V1PodTemplateSpec()
            .metadata(new V1ObjectMeta().labels(Map.of("app", "checkout", "pod-template-hash", hash)))));
  }

  private static V1Pod pod(String name, String hash, boolean ready, Instant since) {
    return new V1Pod().metadata(new V1ObjectMeta().name(name).labels(Map.of("app", "checkout", "pod-template-hash", hash)))
        .status(new V1PodStatus().phase("Running").conditions(List.of(new V1PodCondition().type("Ready")
            .status(ready ? "True" : "False").lastTransitionTime(since.atOffset(ZoneOffset.UTC)))));
  }

  private static Rollout.Target target(int minReadySeconds) {
    V1Deployment dep = new V1Deployment().metadata(new V1ObjectMeta().name("checkout"))
        .spec(new V1DeploymentSpec().minReadySeconds(minReadySeconds)
            .selector(new V1LabelSelector().matchLabels(Map.of("app", "checkout"))));
    return Rollout.Target.of(dep, 2, rs("new"), List.of(rs("old"), rs("new")));
  }

  @Test
  void oldReplicasLeftKeepTheRolloutIncomplete() {
    Instant long_ago = NOW.minusSeconds(600);
    List<V1Pod> pods = List.of(pod("a", "new", true, long_ago), pod("b", "new", true, long_ago), pod("c", "old", true, long_ago));
    ReadinessSnapshot s = Readiness.of(target(0), pods, inspector, List.of(), NOW);
    assertEquals(new ReadinessSnapshot(2, 2, 1, null), s);
    assertFalse(s.complete());
    assertTrue(Readiness.of(target(0), pods.subList(0, 2), inspector, List.of(), NOW).complete());
  }

  @Test
  void podsOfAnotherWorkloadUnderTheSelectorAreIgnored() {
    Instant long_ago = NOW.minusSeconds(600);
    List<V1Pod> pods = List.of(pod("a", "new", true, long_ago), pod("b", "new", true, long_ago),
        pod("x", "elsewhere", false, long_ago));
    assertEquals(ReadinessSnapshot.of(2, 2), Readiness.of(target(0), pods, inspector, List.of(), NOW));
  }

  @Test
  void availabilityWaitsForMinReadySeconds() {
    List<V1Pod> pods = List.of(pod("a", "new", true, NOW.minusSeconds(10)), pod("b", "new", true, NOW.minusSeconds(3)));
    assertEquals(ReadinessSnapshot.of(1, 2), Readiness.of(target(5), pods, inspector, List.of(), NOW));
    assertEquals(NOW.plusSeconds(2), Readiness.nextAvailability(target(5), pods, NOW));
    assertEquals(ReadinessSnapshot.of(2, 2), Readiness.of(target(5), pods, inspector, List.of(), NOW.plusSeconds(2)));
    assertNull(Readiness.nextAvailability(target(5), pods, NOW.plusSeconds(2)));
    assertEquals(ReadinessSnapshot.of(2, 2), Readiness.of(target(0), pods, inspector, List.of(), NOW));
  }
}
