package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.k8s.internal.LeaseDeploymentLock;
import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunRecord;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.RunStoreConflictException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, point 6, on the real apiserver: the Lease lock judges expiry by locally observed time,
 * as client-go does (a renewTime written by a skewed clock does not matter), and a holder whose
 * lease ran out or was taken stops writing its run (fencing through the run store).
 */
class LeaseObservationTest {
  private static final Duration LEASE = Duration.ofSeconds(10);
  private TestCluster cluster;
  private TestClock clock;
  private KubernetesAdapters k8s;
  private DeploymentRef ref;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = TestCluster.create();
    clock = new TestClock(Instant.now());
    k8s = KubernetesAdapters.create(cluster.adapterClient(), WorkflowTest.config(RolloutShape.IN_PLACE));
    ref = cluster.ref(Fixtures.APP);
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  /** Writes (as another replica whose clock is off) the Lease on {@link #ref}, held by {@code holder}. */
  private void writeLease(String holder, OffsetDateTime renewTime) throws Exception {
    CoordinationV1Api api = new CoordinationV1Api(cluster.plainClient());
    String name = LeaseDeploymentLock.leaseName(ref);
    V1LeaseSpec spec = new V1LeaseSpec().holderIdentity(holder).leaseDurationSeconds((int) LEASE.toSeconds())
        .acquireTime(renewTime).renewTime(renewTime).leaseTransitions(0);
    try {
      V1Lease lease = api.readNamespacedLease(name, cluster.ns).execute();
      api.replaceNamespacedLease(name, cluster.ns, lease.spec(spec)).execute();
    } catch (io.kubernetes.client.openapi.ApiException notYet) {
      api.createNamespacedLease(cluster.ns, new V1Lease().apiVersion("coordination.k8s.io/v1").kind("Lease")
          .metadata(new V1ObjectMeta().name(name).namespace(cluster.ns)).spec(spec)).execute();
    }
  }

  private OffsetDateTime at(Duration fromNow) {
    return clock.instant().plus(fromNow).atOffset(ZoneOffset.UTC);
  }

  @Test
  void aRenewTimeFarInThePastIsNotTakenAsExpiredUntilTheDurationPassedLocally() throws Exception {
    writeLease("replica-skewed", at(Duration.ofDays(-1)));
    DeploymentLock lock = k8s.deploymentLock(cluster.ns, clock);
    assertFalse(lock.tryAcquire(ref, "replica-b", LEASE), "first seen now: as good as just renewed");
    assertEquals("replica-skewed", ((LeaseDeploymentLock) lock).holder(ref));
    clock.advance(LEASE.minusSeconds(1));
    assertFalse(lock.tryAcquire(ref, "replica-b", LEASE), "9 s after this lock first saw it");
    clock.advance(Duration.ofSeconds(1));
    assertTrue(lock.tryAcquire(ref, "replica-b", LEASE), "unchanged for its whole duration on the local clock");
  }

  @Test
  void aRenewTimeFarInTheFutureDoesNotKeepTheLeaseOnceItStopsChanging() throws Exception {
    writeLease("replica-skewed", at(Duration.ofDays(1)));
    DeploymentLock lock = k8s.deploymentLock(cluster.ns, clock);
    assertFalse(lock.tryAcquire(ref, "replica-b", LEASE));
    clock.advance(LEASE);
    assertTrue(lock.tryAcquire(ref, "replica-b", LEASE), "a day ahead on its writer's clock, but not renewed since");
  }

  @Test
  void eachRenewalRestartsTheLocalCount() throws Exception {
    writeLease("replica-skewed", at(Duration.ofDays(-1)));
    DeploymentLock lock = k8s.deploymentLock(cluster.ns, clock);
    assertFalse(lock.tryAcquire(ref, "replica-b", LEASE));
    clock.advance(Duration.ofSeconds(6));
    writeLease("replica-skewed", at(Duration.ofDays(-1).plusSeconds(5))); // a renewal, by the skewed clock
    assertFalse(lock.tryAcquire(ref, "replica-b", LEASE), "seen renewed now");
    clock.advance(Duration.ofSeconds(6));
    assertFalse(lock.tryAcquire(ref, "replica-b", LEASE), "6 s since the renewal was seen");
    clock.advance(Duration.ofSeconds(4));
    assertTrue(lock.tryAcquire(ref, "replica-b", LEASE), "10 s since the renewal was seen");
  }

  @Test
  void aHolderWhoseLeaseRanOutUnrenewedStopsWritingItsRun() throws Exception {
    DeploymentLock lock = k8s.deploymentLock(cluster.ns, clock);
    RunStore store = k8s.runStore(cluster.ns, clock);
    assertTrue(lock.tryAcquire(ref, "replica-a", LEASE));
    String first = store.save(new RunRecord(RunId.of("run-f1"), ref, false, "{\"step\":1}"), null);
    clock.advance(LEASE.minusSeconds(1));
    String second = store.save(new RunRecord(RunId.of("run-f1"), ref, false, "{\"step\":2}"), first);
    clock.advance(Duration.ofSeconds(1));
    RunStoreConflictException e = assertThrows(RunStoreConflictException.class,
        () -> store.save(new RunRecord(RunId.of("run-f1"), ref, false, "{\"step\":3}"), second));
    assertTrue(e.getMessage().contains("this process no longer holds the lease on " + ref
        + " (holder replica-a: its lease ran out unrenewed at "), e.getMessage());
    assertEquals("{\"step\":2}", store.load(RunId.of("run-f1")).orElseThrow().record().document(),
        "nothing was written");

    assertTrue(lock.tryAcquire(ref, "replica-a", LEASE), "renewed late, but no one had taken it");
    store.save(new RunRecord(RunId.of("run-f1"), ref, false, "{\"step\":3}"), second);
  }

  @Test
  void aHolderWhoseLeaseWasTakenStopsWritingItsRun() throws Exception {
    DeploymentLock lock = k8s.deploymentLock(cluster.ns, clock);
    RunStore store = k8s.runStore(cluster.ns, clock);
    assertTrue(lock.tryAcquire(ref, "replica-a", LEASE));
    String first = store.save(new RunRecord(RunId.of("run-f2"), ref, false, "{\"step\":1}"), null);
    writeLease("replica-b", at(Duration.ZERO)); // replica b took it (replica a was paused, say)
    assertFalse(lock.tryAcquire(ref, "replica-a", LEASE), "the renewal is refused");
    RunStoreConflictException e = assertThrows(RunStoreConflictException.class,
        () -> store.save(new RunRecord(RunId.of("run-f2"), ref, false, "{\"step\":2}"), first));
    assertTrue(e.getMessage().contains("(holder replica-a: held by replica-b)"), e.getMessage());

    RunStore unfenced = KubernetesAdapters.create(cluster.adapterClient(), WorkflowTest.config(RolloutShape.IN_PLACE))
        .runStore(cluster.ns, clock);
    unfenced.save(new RunRecord(RunId.of("run-f2"), ref, false, "{\"step\":2,\"by\":\"b\"}"), first);
    lock.release(ref, "replica-a");
  }
}
