package dev.rollback.testkit;

import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.DeploymentRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A {@link DeploymentLock} in memory on a clock (virtual time in tests). Thread-safe. */
public final class InMemoryDeploymentLock implements DeploymentLock {
  private record Lease(String holder, Instant expiresAt) {}

  private final Clock clock;
  private final Map<DeploymentRef, Lease> leases = new HashMap<>();

  private InMemoryDeploymentLock(Clock clock) {
    this.clock = clock;
  }

  /** Returns a lock whose leases expire on {@code clock}. */
  public static InMemoryDeploymentLock create(Clock clock) {
    return new InMemoryDeploymentLock(Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public synchronized boolean tryAcquire(DeploymentRef deployment, String holder, Duration leaseDuration) {
    Instant now = clock.instant();
    Lease lease = leases.get(deployment);
    if (lease != null && !lease.holder().equals(holder) && now.isBefore(lease.expiresAt())) {
      return false;
    }
    leases.put(deployment, new Lease(holder, now.plus(leaseDuration)));
    return true;
  }

  @Override
  public synchronized void release(DeploymentRef deployment, String holder) {
    Lease lease = leases.get(deployment);
    if (lease != null && lease.holder().equals(holder)) {
      leases.remove(deployment);
    }
  }

  /** Returns the holder of an unexpired lease on {@code deployment}, if there is one. */
  public synchronized Optional<String> holder(DeploymentRef deployment) {
    Lease lease = leases.get(deployment);
    return lease == null || !clock.instant().isBefore(lease.expiresAt()) ? Optional.empty() : Optional.of(lease.holder());
  }
}
