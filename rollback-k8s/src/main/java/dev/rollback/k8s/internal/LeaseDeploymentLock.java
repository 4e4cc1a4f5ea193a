package dev.rollback.k8s.internal;

import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.helpers.ConfigProblems;
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
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DeploymentLock} on {@code coordination.k8s.io/v1} Leases, one per deployment, in one
 * namespace: {@code holderIdentity}, {@code leaseDurationSeconds} (the duration rounded up to whole
 * seconds), {@code acquireTime} and {@code renewTime} (MicroTime) and {@code leaseTransitions}, as
 * Kubernetes' own leader election writes them. Every write is conditional (a create, or a PUT with
 * the resourceVersion read), so of two replicas racing for a lease exactly one wins; the loser
 * re-reads and sees the winner.
 *
 * <p>Expiry is judged by locally observed time, as client-go's leader election does, so that
 * clocks that disagree between replicas (or with the holder's {@code renewTime}) do not matter:
 * this lock remembers, per Lease, the record it last saw (holder, renewTime, acquireTime, duration,
 * transitions) and when, by the injected clock, it first saw that record. Another holder's lease
 * has expired once {@code leaseDurationSeconds} have passed on the local clock since the record
 * last changed. A Lease seen for the first time therefore counts as just renewed: a replica that
 * starts while another holds the lease waits a whole duration before it takes over. Release
 * clears {@code holderIdentity}, keeping the Lease and its transition count.
 *
 * <p>Each successful write and each refusal is reported to a {@link LeaseFence}, through which the
 * run store of the same adapters stops writing a run whose lease this process has lost.
 *
 * <p>Thread-safe; every call blocks on the API.
 */
public final class LeaseDeploymentLock implements DeploymentLock {
  static final String DEPLOYMENT = "rollback.dev/deployment";

  private final DurabilityObjects objects;
  private final String namespace;
  private final Clock clock;
  private final int attempts;
  private final LeaseFence fence;
  /** Per Lease name, the record last seen and when it was first seen, by {@link #clock}. */
  private final Map<String, Observed> observed = new ConcurrentHashMap<>();

  private record Observed(String record, Instant at) {}

  LeaseDeploymentLock(DurabilityObjects objects, String namespace, Clock clock, int conflictRetries,
      LeaseFence fence) {
    this.objects = objects;
    this.namespace = namespace;
    this.clock = clock;
    this.attempts = conflictRetries + 1;
    this.fence = fence;
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
      Instant sent = clock.instant();
      OffsetDateTime now = stamp(sent);
      V1Lease lease = objects.lease(namespace, name);
      try {
        if (lease == null) {
          V1Lease created = objects.createLease(namespace, new V1Lease()
              .metadata(new V1ObjectMeta().name(name).namespace(namespace)
                  .labels(Map.of("app.kubernetes.io/managed-by", "rollback"))
                  .annotations(Map.of(DEPLOYMENT, deployment.toString())))
              .spec(new V1LeaseSpec().holderIdentity(holder).leaseDurationSeconds(seconds)
                  .acquireTime(now).renewTime(now).leaseTransitions(0)));
          return won(deployment, holder, name, created, sent, leaseDuration);
        }
        V1LeaseSpec spec = lease.getSpec() == null ? new V1LeaseSpec() : lease.getSpec();
        String current = spec.getHolderIdentity();
        boolean mine = holder.equals(current);
        boolean expired = expired(name, spec, sent);
        if (!mine && current != null && !current.isEmpty() && !expired) {
          fence.lost(deployment, holder, "held by " + current);
          return false;
        }
        if (!mine) {
          int transitions = spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions();
          spec.holderIdentity(holder).acquireTime(now).leaseTransitions(transitions + 1);
        }
        lease.spec(spec.renewTime(now).leaseDurationSeconds(seconds));
        V1Lease written = objects.replaceLease(namespace, name, lease);
        if (written != null) {
          return won(deployment, holder, name, written, sent, leaseDuration);
        }
      } catch (KubeApi.ConflictException anotherWriter) {
        // another replica wrote the Lease between our read and our write: read it again
      }
    }
    return false; // still contended after every attempt: someone else is busy with it
  }

  /** Notes a successful write: observed now, and held until {@code sent + leaseDuration}. */
  private boolean won(DeploymentRef deployment, String holder, String name, V1Lease written, Instant sent,
      Duration leaseDuration) {
    V1LeaseSpec spec = written.getSpec();
    if (spec != null) {
      observed.put(name, new Observed(record(spec), clock.instant()));
    }
    fence.held(deployment, holder, sent.plus(leaseDuration), clock);
    return true;
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
        fence.released(deployment, holder);
        return;
      }
      spec.holderIdentity(null);
      try {
        objects.replaceLease(namespace, name, lease);
        fence.released(deployment, holder);
        return;
      } catch (KubeApi.ConflictException anotherWriter) {
        // re-read: if another replica took the expired lease, there is nothing left to release
      }
    }
  }

  /** Returns the holder of the lease on {@code deployment} while unexpired, or null. */
  public @Nullable String holder(DeploymentRef deployment) throws InterruptedException {
    String name = leaseName(deployment);
    V1Lease lease = objects.lease(namespace, name);
    V1LeaseSpec spec = lease == null ? null : lease.getSpec();
    if (spec == null || spec.getHolderIdentity() == null || spec.getHolderIdentity().isEmpty()
        || expired(name, spec, clock.instant())) {
      return null;
    }
    return spec.getHolderIdentity();
  }

  /**
   * Notes {@code spec} as observed at {@code now} if it differs from the record last seen, and
   * answers whether its duration has passed on the local clock since the record last changed.
   */
  private boolean expired(String name, V1LeaseSpec spec, Instant now) {
    String record = record(spec);
    Observed seen = observed.compute(name, (k, last) -> last != null && last.record().equals(record) ? last
        : new Observed(record, now));
    Integer seconds = spec.getLeaseDurationSeconds();
    if (seconds == null || seconds <= 0) {
      return true;
    }
    return !now.isBefore(seen.at().plusSeconds(seconds));
  }

  private static String record(V1LeaseSpec spec) {
    return spec.getHolderIdentity() + "|" + spec.getRenewTime() + "|" + spec.getAcquireTime() + "|"
        + spec.getLeaseDurationSeconds() + "|" + spec.getLeaseTransitions();
  }

  private static OffsetDateTime stamp(Instant now) {
    // MicroTime: the API keeps microseconds, so a value read back equals the one written
    return OffsetDateTime.ofInstant(now.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  private static int seconds(Duration leaseDuration) {
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    ConfigProblems problems = ConfigProblems.of("LeaseDeploymentLock");
    problems.positive("leaseDuration", leaseDuration);
    problems.throwIfAny();
    long seconds = leaseDuration.plusNanos(999_999_999L).getSeconds();
    return (int) Math.min(Integer.MAX_VALUE, seconds);
  }

  private static void requireHolder(String holder) {
    ConfigProblems problems = ConfigProblems.of("LeaseDeploymentLock");
    problems.notBlank("holder", holder);
    problems.throwIfAny();
  }
}
