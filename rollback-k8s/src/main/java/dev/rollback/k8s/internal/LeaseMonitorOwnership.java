package dev.rollback.k8s.internal;

import dev.rollback.spi.MonitorOwnership;
import dev.rollback.spi.ShardView;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MonitorOwnership} on {@code coordination.k8s.io/v1} Leases in one namespace: one Lease
 * per shard ({@code rollback-monitor-<group>-shard-<n>}) and one per live replica (its membership,
 * {@code rollback-monitor-<group>-member-...}), labelled with the group so that {@link #view()} is
 * one list. They are written as Kubernetes' own leader election writes a Lease ({@code
 * holderIdentity}, {@code leaseDurationSeconds} rounded up to whole seconds, {@code acquireTime} and
 * {@code renewTime} as MicroTime, {@code leaseTransitions}), and every write is conditional (a
 * create, or a PUT with the resourceVersion last seen), so of replicas racing for a Lease exactly
 * one wins; the losers read it again.
 *
 * <p>Expiry is judged by locally observed time, as client-go does and as {@link
 * LeaseDeploymentLock} does: per Lease this ownership remembers the record last seen and when, by
 * the injected clock, it first saw it; another holder's lease has expired once {@code
 * leaseDurationSeconds} have passed since the record last changed. A Lease seen for the first time
 * counts as just renewed. The Lease last read or written is kept, so that a renewal is one PUT
 * (a stale one is answered 409, and the Lease is read again). Release clears {@code
 * holderIdentity}.
 *
 * <p>Thread-safe; every call blocks on the API.
 */
public final class LeaseMonitorOwnership implements MonitorOwnership {
  static final String GROUP = "rollback.dev/monitor-group";
  static final String KIND = "rollback.dev/monitor-lease";
  static final String SHARD = "rollback.dev/monitor-shard";

  private final DurabilityObjects objects;
  private final LeaseList list;
  private final String namespace;
  private final String group;
  private final int shards;
  private final Clock clock;
  private final int attempts;
  private final Map<String, Observed> observed = new ConcurrentHashMap<>();
  private final Map<String, V1Lease> lastSeen = new ConcurrentHashMap<>();

  private record Observed(String record, Instant at) {}

  LeaseMonitorOwnership(DurabilityObjects objects, LeaseList list, String namespace, String group, int shards,
      Clock clock, int conflictRetries) {
    this.objects = objects;
    this.list = list;
    this.namespace = namespace;
    this.group = group;
    this.shards = shards;
    this.clock = clock;
    this.attempts = conflictRetries + 1;
  }

  @Override
  public int shards() {
    return shards;
  }

  /** Returns the name of the Lease of {@code shard} in {@code group}. */
  public static String shardLease(String group, int shard) {
    return "rollback-monitor-" + group + "-shard-" + shard;
  }

  /** Returns the name of the membership Lease of {@code replica} in {@code group}. */
  public static String memberLease(String group, String replica) {
    return ObjectNames.derive("rollback-monitor-" + group + "-member", replica);
  }

  @Override
  public ShardView view() throws InterruptedException {
    Instant now = clock.instant();
    Map<Integer, String> holders = new HashMap<>();
    Set<String> replicas = new HashSet<>();
    for (V1Lease lease : list.leases(namespace, GROUP + "=" + group)) {
      V1ObjectMeta meta = lease.getMetadata();
      V1LeaseSpec spec = lease.getSpec();
      if (meta == null || meta.getName() == null || spec == null) {
        continue;
      }
      remember(meta.getName(), lease);
      String holder = spec.getHolderIdentity();
      if (holder == null || holder.isEmpty() || expired(meta.getName(), spec, now)) {
        continue;
      }
      Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
      if ("member".equals(labels.get(KIND))) {
        replicas.add(holder);
      } else if ("shard".equals(labels.get(KIND))) {
        Integer shard = shardOf(meta);
        if (shard != null && shard < shards) {
          holders.put(shard, holder);
        }
      }
    }
    return new ShardView(holders, replicas);
  }

  private static @Nullable Integer shardOf(V1ObjectMeta meta) {
    String value = meta.getAnnotations() == null ? null : meta.getAnnotations().get(SHARD);
    try {
      return value == null ? null : Integer.valueOf(value);
    } catch (NumberFormatException notAShard) {
      return null;
    }
  }

  @Override
  public boolean tryAcquire(int shard, String replica, Duration leaseDuration) throws InterruptedException {
    checkShard(shard);
    return acquire(shardLease(group, shard), "shard", Integer.toString(shard), requireReplica(replica), leaseDuration);
  }

  @Override
  public void release(int shard, String replica) throws InterruptedException {
    checkShard(shard);
    release(shardLease(group, shard), requireReplica(replica));
  }

  @Override
  public void heartbeat(String replica, Duration leaseDuration) throws InterruptedException {
    acquire(memberLease(group, requireReplica(replica)), "member", null, replica, leaseDuration);
  }

  @Override
  public void leave(String replica) throws InterruptedException {
    release(memberLease(group, requireReplica(replica)), replica);
  }

  private boolean acquire(String name, String kind, @Nullable String shard, String holder, Duration leaseDuration)
      throws InterruptedException {
    int seconds = seconds(leaseDuration);
    V1Lease lease = lastSeen.get(name);
    for (int attempt = 0; attempt < attempts; attempt++) {
      Instant sent = clock.instant();
      OffsetDateTime now = OffsetDateTime.ofInstant(sent.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
      if (lease == null || attempt > 0) {
        lease = objects.lease(namespace, name);
      }
      try {
        if (lease == null) {
          Map<String, String> annotations = shard == null ? Map.of() : Map.of(SHARD, shard);
          V1Lease created = objects.createLease(namespace, new V1Lease()
              .metadata(new V1ObjectMeta().name(name).namespace(namespace)
                  .labels(Map.of("app.kubernetes.io/managed-by", "rollback", GROUP, group, KIND, kind))
                  .annotations(annotations))
              .spec(new V1LeaseSpec().holderIdentity(holder).leaseDurationSeconds(seconds)
                  .acquireTime(now).renewTime(now).leaseTransitions(0)));
          remember(name, created);
          return true;
        }
        V1LeaseSpec spec = copy(lease.getSpec());
        String current = spec.getHolderIdentity();
        boolean mine = holder.equals(current);
        if (!mine && current != null && !current.isEmpty() && !expired(name, spec, sent)) {
          return false;
        }
        if (!mine) {
          int transitions = spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions();
          spec.holderIdentity(holder).acquireTime(now).leaseTransitions(transitions + 1);
        }
        V1Lease update = new V1Lease().metadata(lease.getMetadata()).spec(spec.renewTime(now)
            .leaseDurationSeconds(seconds));
        V1Lease written = objects.replaceLease(namespace, name, update);
        if (written != null) {
          remember(name, written);
          return true;
        }
        lastSeen.remove(name); // deleted meanwhile: create it on the next attempt
        lease = null;
      } catch (KubeApi.ConflictException anotherWriter) {
        // another replica wrote the Lease since we saw it: read it again
      }
    }
    return false;
  }

  private void release(String name, String holder) throws InterruptedException {
    for (int attempt = 0; attempt < attempts; attempt++) {
      V1Lease lease = objects.lease(namespace, name);
      V1LeaseSpec spec = lease == null ? null : copy(lease.getSpec());
      if (lease == null || spec == null || !holder.equals(spec.getHolderIdentity())) {
        return;
      }
      try {
        V1Lease written = objects.replaceLease(namespace, name, new V1Lease().metadata(lease.getMetadata())
            .spec(spec.holderIdentity(null)));
        if (written != null) {
          remember(name, written);
        }
        return;
      } catch (KubeApi.ConflictException anotherWriter) {
        // read again: if another replica took the expired lease, there is nothing left to release
      }
    }
  }

  private void remember(String name, V1Lease lease) {
    lastSeen.put(name, lease);
    V1LeaseSpec spec = lease.getSpec();
    if (spec != null) {
      String record = record(spec);
      observed.compute(name, (k, last) -> last != null && last.record().equals(record) ? last
          : new Observed(record, clock.instant()));
    }
  }

  /** Notes {@code spec} as observed now if it changed, and answers whether its duration has passed since. */
  private boolean expired(String name, V1LeaseSpec spec, Instant now) {
    String record = record(spec);
    Observed seen = observed.compute(name, (k, last) -> last != null && last.record().equals(record) ? last
        : new Observed(record, now));
    Integer seconds = spec.getLeaseDurationSeconds();
    return seconds == null || seconds <= 0 || !now.isBefore(seen.at().plusSeconds(seconds));
  }

  private static String record(V1LeaseSpec spec) {
    return spec.getHolderIdentity() + "|" + spec.getRenewTime() + "|" + spec.getAcquireTime() + "|"
        + spec.getLeaseDurationSeconds() + "|" + spec.getLeaseTransitions();
  }

  private static V1LeaseSpec copy(@Nullable V1LeaseSpec spec) {
    V1LeaseSpec s = spec == null ? new V1LeaseSpec() : spec;
    return new V1LeaseSpec().holderIdentity(s.getHolderIdentity()).leaseDurationSeconds(s.getLeaseDurationSeconds())
        .acquireTime(s.getAcquireTime()).renewTime(s.getRenewTime()).leaseTransitions(s.getLeaseTransitions());
  }

  private void checkShard(int shard) {
    if (shard < 0 || shard >= shards) {
      throw new IllegalArgumentException("shard must be in [0, " + shards + ") but was " + shard);
    }
  }

  private static String requireReplica(String replica) {
    ConfigProblems problems = ConfigProblems.of("LeaseMonitorOwnership");
    problems.notBlank("replica", replica);
    problems.throwIfAny();
    return Objects.requireNonNull(replica);
  }

  private static int seconds(Duration leaseDuration) {
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    ConfigProblems problems = ConfigProblems.of("LeaseMonitorOwnership");
    problems.positive("leaseDuration", leaseDuration);
    problems.throwIfAny();
    return (int) Math.min(Integer.MAX_VALUE, leaseDuration.plusNanos(999_999_999L).getSeconds());
  }
}
