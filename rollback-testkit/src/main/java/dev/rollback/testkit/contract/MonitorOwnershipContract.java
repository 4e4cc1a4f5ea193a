package dev.rollback.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MonitorOwnership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link MonitorOwnership}: one holder per shard at a time, renewal, release,
 * expiry of an unrenewed lease as the view shows it, membership that expires the same way, and
 * exactly one winner among replicas racing for a shard.
 */
public abstract class MonitorOwnershipContract {

  /** Returns a fresh ownership with no leases and at least 4 shards. */
  protected abstract MonitorOwnership ownership() throws Exception;

  /** Lets {@code duration} pass on the clock the ownership judges expiry by. */
  protected abstract void elapse(Duration duration) throws Exception;

  /** Returns the lease duration the tests use; the ownership's clock must resolve it. */
  protected Duration leaseDuration() {
    return Duration.ofSeconds(10);
  }

  @Test
  void oneHolderPerShardRenewalAndRelease() throws Exception {
    MonitorOwnership o = ownership();
    assertTrue(o.shards() >= 4, "shards: " + o.shards());
    assertTrue(o.tryAcquire(0, "replica-a", leaseDuration()));
    assertFalse(o.tryAcquire(0, "replica-b", leaseDuration()), "another holder is refused");
    assertTrue(o.tryAcquire(0, "replica-a", leaseDuration()), "the holder renews");
    assertTrue(o.tryAcquire(1, "replica-b", leaseDuration()), "leases are per shard");
    assertEquals(Map.of(0, "replica-a", 1, "replica-b"), o.view().holders());
    o.release(0, "replica-b");
    assertEquals("replica-a", o.view().holders().get(0), "only the holder releases");
    o.release(0, "replica-a");
    o.release(0, "replica-a");
    assertFalse(o.view().holders().containsKey(0), "released");
    assertTrue(o.tryAcquire(0, "replica-b", leaseDuration()), "a released shard is taken at once");
  }

  @Test
  void anUnrenewedLeaseAndMembershipExpire() throws Exception {
    MonitorOwnership o = ownership();
    o.heartbeat("replica-a", leaseDuration());
    o.heartbeat("replica-b", leaseDuration());
    assertTrue(o.tryAcquire(2, "replica-a", leaseDuration()));
    assertEquals(Set.of("replica-a", "replica-b"), o.view().replicas());
    elapse(leaseDuration().dividedBy(2));
    o.heartbeat("replica-b", leaseDuration());
    assertFalse(o.tryAcquire(2, "replica-b", leaseDuration()), "not yet expired");
    elapse(leaseDuration().multipliedBy(3).dividedBy(4));
    assertEquals(Set.of("replica-b"), o.view().replicas(), "replica-a's membership ran out, replica-b's renewed did not");
    assertFalse(o.view().holders().containsKey(2), "its lease too");
    assertTrue(o.tryAcquire(2, "replica-b", leaseDuration()), "expired after its duration");
    assertFalse(o.tryAcquire(2, "replica-a", leaseDuration()), "the old holder lost it");
    o.leave("replica-b");
    o.leave("replica-b");
    assertEquals(Set.of(), o.view().replicas());
  }

  @Test
  void ofReplicasRacingForOneShardExactlyOneWins() throws Exception {
    MonitorOwnership o = ownership();
    int replicas = 6;
    ExecutorService pool = Executors.newFixedThreadPool(replicas);
    try {
      List<Callable<Boolean>> attempts = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        String replica = "replica-" + i;
        attempts.add(() -> o.tryAcquire(3, replica, leaseDuration()));
      }
      int winners = 0;
      for (Future<Boolean> f : pool.invokeAll(attempts)) {
        winners += f.get() ? 1 : 0;
      }
      assertEquals(1, winners, "exactly one replica holds the shard");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shardsAreAStableHashOfTheDeployment() {
    assertEquals(MonitorOwnership.shardOf(DeploymentRef.of("prod", "shop", "checkout"), 32),
        MonitorOwnership.shardOf(DeploymentRef.of("prod", "shop", "checkout"), 32));
    // FNV-1a of "prod/shop/checkout" is -1914330582: a fixed value, so that no version of the library
    // moves a deployment to another shard
    assertEquals(10, MonitorOwnership.shardOf(DeploymentRef.of("prod", "shop", "checkout"), 32));
    int[] counts = new int[8];
    for (int i = 0; i < 8000; i++) {
      counts[MonitorOwnership.shardOf(DeploymentRef.of("prod", "shop", "app-" + i), 8)]++;
    }
    for (int c : counts) {
      assertTrue(c > 800 && c < 1200, "spread evenly: " + java.util.Arrays.toString(counts));
    }
  }
}
