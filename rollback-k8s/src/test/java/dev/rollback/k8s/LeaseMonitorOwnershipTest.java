package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rollback.k8s.internal.LeaseMonitorOwnership;
import dev.rollback.spi.MonitorOwnership;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.testkit.contract.MonitorOwnershipContract;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lease ownership passes the testkit's contract on the real apiserver (races decided by resourceVersion, expiry by the local clock) and writes Leases as Kubernetes does. */
class LeaseMonitorOwnershipTest extends MonitorOwnershipContract {
  private TestCluster cluster;
  private TestClock clock;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = TestCluster.create();
    clock = new TestClock(Instant.parse("2026-03-01T10:00:00.123456789Z"));
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  private KubernetesMonitorSharing sharing() {
    return KubernetesMonitorSharing.create(cluster.adapterClient(), WorkflowTest.config(RolloutShape.IN_PLACE));
  }

  @Override
  protected MonitorOwnership ownership() {
    return sharing().ownership(cluster.ns, "checkout", 8, clock);
  }

  @Override
  protected void elapse(Duration duration) {
    clock.advance(duration);
  }

  @Test
  void aShardLeaseIsWrittenAsKubernetesWritesLeases() throws Exception {
    MonitorOwnership o = ownership();
    o.tryAcquire(5, "replica-a", Duration.ofMillis(1500));
    V1Lease lease = new CoordinationV1Api(cluster.plainClient())
        .readNamespacedLease(LeaseMonitorOwnership.shardLease("checkout", 5), cluster.ns).execute();
    assertEquals("replica-a", lease.getSpec().getHolderIdentity());
    assertEquals(2, lease.getSpec().getLeaseDurationSeconds(), "rounded up to whole seconds");
    assertEquals(Instant.parse("2026-03-01T10:00:00.123456Z"), lease.getSpec().getRenewTime().toInstant(), "MicroTime");
    assertEquals("checkout", lease.getMetadata().getLabels().get("rollback.dev/monitor-group"));
    assertEquals("5", lease.getMetadata().getAnnotations().get("rollback.dev/monitor-shard"));
    MonitorOwnership otherGroup = sharing().ownership(cluster.ns, "cart", 8, clock);
    assertEquals(List.of(), List.copyOf(otherGroup.view().holders().keySet()), "groups do not see each other's shards");
  }

  @Test
  void badArgumentsAreNamedAllAtOnce() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> sharing().ownership("Not_A_Label", "a-group-name-much-longer-than-forty-characters", 0));
    assertEquals(List.of("namespace 'Not_A_Label' must be a DNS-1123 label of at most 63 characters",
        "group 'a-group-name-much-longer-than-forty-characters' must be a DNS-1123 label of at most 40 characters",
        "shards must be between 1 and 1024 but was 0"), e.problems());
  }
}
