package dev.rollback.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.DeploymentRef;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link DeploymentLock}: one holder at a time per deployment, renewal by the
 * holder, release, and expiry of an unrenewed lease.
 */
public abstract class DeploymentLockContract {

  /** Returns a fresh lock with no leases. */
  protected abstract DeploymentLock lock() throws Exception;

  /** Lets {@code duration} pass on the clock the lock judges expiry by. */
  protected abstract void elapse(Duration duration) throws Exception;

  /** Returns the lease duration the tests use; the lock's clock must resolve it. */
  protected Duration leaseDuration() {
    return Duration.ofSeconds(10);
  }

  private static DeploymentRef deployment(String name) {
    return DeploymentRef.of("contract", "shop", name);
  }

  @Test
  void oneHolderAtATimeAndTheHolderCanRenew() throws Exception {
    DeploymentLock lock = lock();
    DeploymentRef d = deployment("checkout");
    assertTrue(lock.tryAcquire(d, "replica-a", leaseDuration()));
    assertFalse(lock.tryAcquire(d, "replica-b", leaseDuration()), "another holder is refused");
    assertTrue(lock.tryAcquire(d, "replica-a", leaseDuration()), "the holder renews");
    assertTrue(lock.tryAcquire(deployment("cart"), "replica-b", leaseDuration()), "leases are per deployment");
  }

  @Test
  void aReleasedLeaseCanBeTakenAndReleaseIsIdempotent() throws Exception {
    DeploymentLock lock = lock();
    DeploymentRef d = deployment("checkout");
    assertTrue(lock.tryAcquire(d, "replica-a", leaseDuration()));
    lock.release(d, "replica-b");
    assertFalse(lock.tryAcquire(d, "replica-b", leaseDuration()), "only the holder releases");
    lock.release(d, "replica-a");
    assertDoesNotThrow(() -> lock.release(d, "replica-a"));
    assertTrue(lock.tryAcquire(d, "replica-b", leaseDuration()));
  }

  @Test
  void anUnrenewedLeaseExpires() throws Exception {
    DeploymentLock lock = lock();
    DeploymentRef d = deployment("checkout");
    assertTrue(lock.tryAcquire(d, "replica-a", leaseDuration()));
    elapse(leaseDuration().dividedBy(2));
    assertFalse(lock.tryAcquire(d, "replica-b", leaseDuration()), "not yet expired");
    elapse(leaseDuration());
    assertTrue(lock.tryAcquire(d, "replica-b", leaseDuration()), "expired after its duration");
    assertFalse(lock.tryAcquire(d, "replica-a", leaseDuration()), "the old holder lost it");
  }
}
