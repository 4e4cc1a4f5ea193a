package dev.rollback.k8s;

import static dev.rollback.k8s.Fixtures.NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rollback.k8s.internal.LeaseDeploymentLock;
import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.testkit.contract.DeploymentLockContract;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lease lock passes the testkit's contract on the real apiserver (races decided by resourceVersion) and writes Leases as Kubernetes does. */
class LeaseDeploymentLockTest extends DeploymentLockContract {
  private static final Instant START = Instant.parse("2026-03-01T10:00:00.123456789Z");
  private TestCluster cluster;
  private TestClock clock;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = TestCluster.create();
    clock = new TestClock(START);
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Override
  protected DeploymentLock lock() {
    return KubernetesAdapters.create(cluster.adapterClient(), WorkflowTest.config(RolloutShape.BLUE_GREEN))
        .deploymentLock(cluster.ns, clock);
  }

  @Override
  protected void elapse(Duration duration) {
    clock.advance(duration);
  }

  private V1Lease lease(DeploymentRef d) throws Exception {
    return new CoordinationV1Api(cluster.plainClient()).readNamespacedLease(LeaseDeploymentLock.leaseName(d), cluster.ns).execute();
  }

  @Test
  void theLeaseRecordsHolderDurationTimesAndTransitions() throws Exception {
    DeploymentLock lock = lock();
    DeploymentRef d = DeploymentRef.of("prod", NS, "checkout");
    lock.tryAcquire(d, "replica-a", Duration.ofMillis(1500));
    V1Lease lease = lease(d);
    assertEquals("Lease", lease.getKind());
    assertEquals("replica-a", lease.getSpec().getHolderIdentity());
    assertEquals(2, lease.getSpec().getLeaseDurationSeconds(), "rounded up to whole seconds");
    OffsetDateTime micros = OffsetDateTime.parse("2026-03-01T10:00:00.123456Z");
    assertEquals(micros.toInstant(), lease.getSpec().getAcquireTime().toInstant(), "MicroTime");
    assertEquals(0, lease.getSpec().getLeaseTransitions());

    clock.advance(Duration.ofSeconds(1));
    lock.tryAcquire(d, "replica-a", Duration.ofSeconds(2));
    lease = lease(d);
    assertEquals(micros.toInstant(), lease.getSpec().getAcquireTime().toInstant(), "a renewal keeps acquireTime");
    assertEquals(micros.plusSeconds(1).toInstant(), lease.getSpec().getRenewTime().toInstant());
    assertEquals(0, lease.getSpec().getLeaseTransitions());

    clock.advance(Duration.ofSeconds(2));
    lock.tryAcquire(d, "replica-b", Duration.ofSeconds(2));
    lease = lease(d);
    assertEquals("replica-b", lease.getSpec().getHolderIdentity());
    assertEquals(1, lease.getSpec().getLeaseTransitions());
    assertEquals(clock.instant().atOffset(ZoneOffset.UTC).withNano(123456000).toInstant(),
        lease.getSpec().getAcquireTime().toInstant());

    lock.release(d, "replica-b");
    assertNull(lease(d).getSpec().getHolderIdentity(), "release clears the holder");
    assertNull(((LeaseDeploymentLock) lock).holder(d));
  }

  @Test
  void ofReplicasRacingForOneLeaseExactlyOneWins() throws Exception {
    DeploymentRef d = DeploymentRef.of("prod", NS, "checkout");
    int replicas = 6;
    ExecutorService pool = Executors.newFixedThreadPool(replicas);
    try {
      List<Callable<Boolean>> attempts = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        DeploymentLock lock = lock(); // each replica has its own client
        String holder = "replica-" + i;
        attempts.add(() -> lock.tryAcquire(d, holder, Duration.ofSeconds(30)));
      }
      int winners = 0;
      for (Future<Boolean> f : pool.invokeAll(attempts)) {
        winners += f.get() ? 1 : 0;
      }
      assertEquals(1, winners, "exactly one replica holds the lease");
      String holder = lease(d).getSpec().getHolderIdentity();
      assertEquals(holder, ((LeaseDeploymentLock) lock()).holder(d));
    } finally {
      pool.shutdownNow();
    }
  }
}
