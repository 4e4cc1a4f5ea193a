package dev.rollback.spi;

import java.time.Duration;

/**
 * A lease per deployment, so that across the replicas of a service only one runs a deployment's
 * rollback at a time. A holder renews its lease well before it expires; a holder that dies loses
 * it after the lease duration, and another replica may take over.
 *
 * <p>Thread-safe; calls may block.
 */
public interface DeploymentLock {

  /**
   * Takes the lease on {@code deployment} for {@code holder}, or renews it if {@code holder}
   * already holds it, for {@code leaseDuration} from now. Does nothing and answers false while
   * another holder's lease is unexpired.
   *
   * @return whether {@code holder} holds the lease after the call
   * @throws InterruptedException if interrupted while waiting
   */
  boolean tryAcquire(DeploymentRef deployment, String holder, Duration leaseDuration)
      throws InterruptedException;

  /**
   * Gives up the lease if {@code holder} holds it; otherwise does nothing. Idempotent.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void release(DeploymentRef deployment, String holder) throws InterruptedException;
}
