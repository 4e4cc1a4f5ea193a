package dev.rollback.testkit;

import dev.rollback.spi.MonitorOwnership;
import dev.rollback.spi.ShardView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link MonitorOwnership} in memory on a clock (virtual time in tests): one lease per shard and
 * one membership lease per replica, each expiring once its duration has passed unrenewed. Shared
 * by the monitors of a test as Leases are shared by replicas. Thread-safe.
 */
public final class InMemoryMonitorOwnership implements MonitorOwnership {
  private record Lease(String holder, Instant expiresAt) {}

  private final Clock clock;
  private final int shards;
  private final Map<Integer, Lease> leases = new HashMap<>();
  private final Map<String, Instant> members = new HashMap<>();

  private InMemoryMonitorOwnership(Clock clock, int shards) {
    this.clock = clock;
    this.shards = shards;
  }

  /**
   * Returns an ownership of {@code shards} shards whose leases expire on {@code clock}.
   *
   * @throws IllegalArgumentException if {@code shards} is below 1
   */
  public static InMemoryMonitorOwnership create(Clock clock, int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1 but was " + shards);
    }
    return new InMemoryMonitorOwnership(Objects.requireNonNull(clock, "clock"), shards);
  }

  @Override
  public int shards() {
    return shards;
  }

  @Override
  public synchronized ShardView view() {
    Instant now = clock.instant();
    Map<Integer, String> holders = new HashMap<>();
    leases.forEach((shard, lease) -> {
      if (now.isBefore(lease.expiresAt())) {
        holders.put(shard, lease.holder());
      }
    });
    Set<String> live = new TreeSet<>();
    members.forEach((replica, until) -> {
      if (now.isBefore(until)) {
        live.add(replica);
      }
    });
    return new ShardView(holders, live);
  }

  @Override
  public synchronized boolean tryAcquire(int shard, String replica, Duration leaseDuration) {
    check(shard);
    Objects.requireNonNull(replica, "replica");
    Instant now = clock.instant();
    Lease lease = leases.get(shard);
    if (lease != null && !lease.holder().equals(replica) && now.isBefore(lease.expiresAt())) {
      return false;
    }
    leases.put(shard, new Lease(replica, now.plus(leaseDuration)));
    return true;
  }

  @Override
  public synchronized void release(int shard, String replica) {
    check(shard);
    Lease lease = leases.get(shard);
    if (lease != null && lease.holder().equals(replica)) {
      leases.remove(shard);
    }
  }

  @Override
  public synchronized void heartbeat(String replica, Duration leaseDuration) {
    members.put(Objects.requireNonNull(replica, "replica"), clock.instant().plus(leaseDuration));
  }

  @Override
  public synchronized void leave(String replica) {
    members.remove(replica);
  }

  private void check(int shard) {
    if (shard < 0 || shard >= shards) {
      throw new IllegalArgumentException("shard must be in [0, " + shards + ") but was " + shard);
    }
  }
}
