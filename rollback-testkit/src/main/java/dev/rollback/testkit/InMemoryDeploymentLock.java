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
import org.jspecify.annotations.Nullable;

/**
 * A {@link DeploymentLock} in memory on a clock (virtual time in tests), optionally following a
 * {@link Script}. Thread-safe.
 */
public final class InMemoryDeploymentLock implements DeploymentLock {
  private record Lease(String holder, Instant expiresAt) {}

  private final Clock clock;
  private final @Nullable Script script;
  private final Map<DeploymentRef, Lease> leases = new HashMap<>();

  private InMemoryDeploymentLock(Clock clock, @Nullable Script script) {
    this.clock = clock;
    this.script = script;
  }

  /** Returns a lock whose leases expire on {@code clock}. */
  public static InMemoryDeploymentLock create(Clock clock) {
    return new InMemoryDeploymentLock(Objects.requireNonNull(clock, "clock"), null);
  }

  /**
   * Returns a lock on the script's clock whose every {@code tryAcquire} follows {@code script}
   * under {@link Op#LOCK}: it may throw, hang, answer slowly, or answer No (another holder).
   */
  public static InMemoryDeploymentLock following(Script script) {
    return new InMemoryDeploymentLock(script.clock(), Objects.requireNonNull(script, "script"));
  }

  @Override
  public boolean tryAcquire(DeploymentRef deployment, String holder, Duration leaseDuration)
      throws InterruptedException {
    Script s = script;
    if (s == null) {
      return acquire(deployment, holder, leaseDuration);
    }
    Boolean held = s.perform(Op.LOCK, deployment + " by " + holder, () -> acquire(deployment, holder, leaseDuration),
        () -> false, () -> Script.invalid(Op.LOCK));
    return Boolean.TRUE.equals(held);
  }

  private synchronized boolean acquire(DeploymentRef deployment, String holder, Duration leaseDuration) {
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
