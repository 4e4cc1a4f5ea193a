package dev.rollback.k8s.internal;

import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.DeploymentRef;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DeploymentLock} on {@code coordination.k8s.io/v1} Leases, one per deployment, in one
 * namespace: {@code holderIdentity}, {@code leaseDurationSeconds} (the duration rounded up to whole
 * seconds), {@code acquireTime} and {@code renewTime} (MicroTime) and {@code leaseTransitions}, as
 * Kubernetes' own leader election writes them. Every write is conditional (a create, or a PUT with
 * the resourceVersion read), so of two replicas racing for a lease exactly one wins; the loser
 * re-reads and sees the winner.
 *
 * <p>A lease has expired when {@code renewTime + leaseDurationSeconds} is not after the injected
 * clock's now; the replicas' clocks are assumed to agree to well within the lease duration. Release
 * clears {@code holderIdentity}, keeping the Lease and its transition count.
 *
 * <p>Thread-safe; every call blocks on the API.
 */
public final class LeaseDeploymentLock implements DeploymentLock {
  static final String DEPLOYMENT = "rollback.dev/deployment";

  private final DurabilityObjects objects;
  private final String namespace;
  private final Clock clock;
  private final int attempts;

  LeaseDeploymentLock(DurabilityObjects objects, String namespace, Clock clock, int conflictRetries) {
    this.objects = objects;
    this.namespace = namespace;
    this.clock = clock;
    this.attempts = conflictRetries + 1;
  }

  /** Returns the name of the Lease that guards {@code deployment}. */
  public static String leaseName(DeploymentRef deployment) {
    return ObjectNames.derive("rollback-lock", deployment.namespace() + "." + deployment.name()
        + (deployment.cluster().isEmpty() ? "" : "@" + deployment.cluster()));
  }

  @Override
  public boolean tryAcquire(DeploymentRef deployment, String holder, Duration leaseDuration)
      throws InterruptedException {
    Objects.requireNonNull(deployment, "deployment");
    requireHolder(holder);
    int seconds = seconds(leaseDuration);
    String name = leaseName(deployment);
    for (int attempt = 0; attempt < attempts; attempt++) {
      OffsetDateTime now = now();
      V1Lease lease = objects.lease(namespace, name);
      try {
        if (lease == null) {
          objects.createLease(namespace, new V1Lease()
              .metadata(new V1ObjectMeta().name(name).namespace(namespace)
                  .labels(Map.of("app.kubernetes.io/managed-by", "rollback"))
                  .annotations(Map.of(DEPLOYMENT, deployment.toString())))
              .spec(new V1LeaseSpec().holderIdentity(holder).leaseDurationSeconds(seconds)
                  .acquireTime(now).renewTime(now).leaseTransitions(0)));
          return true;
        }
        V1LeaseSpec spec = lease.getSpec() == null ? new V1LeaseSpec() : lease.getSpec();
        String current = spec.getHolderIdentity();
        boolean mine = holder.equals(current);
        if (!mine && current != null && !current.isEmpty() && !expired(spec, now)) {
          return false;
        }
        if (!mine) {
          int transitions = spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions();
          spec.holderIdentity(holder).acquireTime(now).leaseTransitions(transitions + 1);
        }
        lease.spec(spec.renewTime(now).leaseDurationSeconds(seconds));
        if (objects.replaceLease(namespace, name, lease) != null) {
          return true;
        }
      } catch (KubeApi.ConflictException anotherWriter) {
        // another replica wrote the Lease between our read and our write: read it again
      }
    }
    return false; // still contended after every attempt: someone else is busy with it
  }

  @Override
  public void release(DeploymentRef deployment, String holder) throws InterruptedException {
    Objects.requireNonNull(deployment, "deployment");
    requireHolder(holder);
    String name = leaseName(deployment);
    for (int attempt = 0; attempt < attempts; attempt++) {
      V1Lease lease = objects.lease(namespace, name);
      V1LeaseSpec spec = lease == null ? null : lease.getSpec();
      if (lease == null || spec == null || !holder.equals(spec.getHolderIdentity())) {
        return;
      }
      spec.holderIdentity(null);
      try {
        objects.replaceLease(namespace, name, lease);
        return;
      } catch (KubeApi.ConflictException anotherWriter) {
        // re-read: if another replica took the expired lease, there is nothing left to release
      }
    }
  }

  /** Returns the holder of the lease on {@code deployment} while unexpired, or null. */
  public @Nullable String holder(DeploymentRef deployment) throws InterruptedException {
    V1Lease lease = objects.lease(namespace, leaseName(deployment));
    V1LeaseSpec spec = lease == null ? null : lease.getSpec();
    if (spec == null || spec.getHolderIdentity() == null || spec.getHolderIdentity().isEmpty()
        || expired(spec, now())) {
      return null;
    }
    return spec.getHolderIdentity();
  }

  private static boolean expired(V1LeaseSpec spec, OffsetDateTime now) {
    OffsetDateTime renewed = spec.getRenewTime();
    Integer seconds = spec.getLeaseDurationSeconds();
    if (renewed == null || seconds == null) {
      return true;
    }
    return !now.isBefore(renewed.plusSeconds(seconds));
  }

  private OffsetDateTime now() {
    // MicroTime: the API keeps microseconds, so a value read back equals the one written
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
  }

  private static int seconds(Duration leaseDuration) {
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    if (leaseDuration.isZero() || leaseDuration.isNegative()) {
      throw new IllegalArgumentException("leaseDuration must be positive but was " + leaseDuration);
    }
    long seconds = leaseDuration.plusNanos(999_999_999L).getSeconds();
    return (int) Math.min(Integer.MAX_VALUE, seconds);
  }

  private static void requireHolder(String holder) {
    if (holder == null || holder.isBlank()) {
      throw new IllegalArgumentException("holder must not be blank");
    }
  }
}
