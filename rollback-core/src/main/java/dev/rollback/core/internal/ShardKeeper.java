package dev.rollback.core.internal;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MonitorOwnership;
import dev.rollback.spi.ShardView;
import dev.rollback.spi.helpers.Causes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica's part of the shards of a {@link MonitorOwnership}: at every {@link #renew()} it
 * renews its membership and the leases it holds, gives up the shards above its fair part ({@code
 * ceil(shards / live replicas)}) and takes free shards up to it, starting at an offset of its own so
 * that replicas starting together contend little. The coordination is the leases' own: a shard is
 * held by whoever won its lease; the fair part only decides how many a replica tries for.
 *
 * <p>A shard counts as held ({@link #holds}) only until its lease duration has passed, by this
 * replica's clock, since the renewal that kept it was sent: a replica that cannot renew (an API
 * failure, a long pause) stops judging before another may take the lease over, which it can only
 * once the same duration has passed on its own clock since it saw the lease last change. A shard
 * given up is no longer held before its release is sent. Thread-safe; {@link #renew()} and {@link
 * #releaseAll()} block and must not run concurrently with each other.
 */
public final class ShardKeeper {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rollback.monitor");

  /** What a renewal changed. */
  public record Change(Set<Integer> gained, Set<Integer> lost) {
    /** Returns whether nothing changed. */
    public boolean isEmpty() {
      return gained.isEmpty() && lost.isEmpty();
    }
  }

  private final MonitorOwnership ownership;
  private final String replica;
  private final Duration leaseDuration;
  private final Clock clock;
  private final int shards;
  private final int offset;
  /** Per shard this replica holds, until when it surely does by its clock. */
  private final Map<Integer, Instant> heldUntil = new ConcurrentHashMap<>();

  /** Creates the keeper of {@code replica}'s shards, judging time by {@code clock}. */
  public ShardKeeper(MonitorOwnership ownership, String replica, Duration leaseDuration, Clock clock) {
    this.ownership = ownership;
    this.replica = replica;
    this.leaseDuration = leaseDuration;
    this.clock = clock;
    this.shards = ownership.shards();
    if (shards < 1) {
      throw new IllegalStateException("MonitorOwnership.shards() answered " + shards + "; it must be at least 1");
    }
    this.offset = Math.floorMod(replica.hashCode() * 0x9E3779B1, shards);
  }

  /** Returns the number of shards. */
  public int shards() {
    return shards;
  }

  /** Returns the replica's name. */
  public String replica() {
    return replica;
  }

  /** Returns whether this replica surely holds the shard of {@code deployment} now. */
  public boolean holds(DeploymentRef deployment) {
    return holds(MonitorOwnership.shardOf(deployment, shards));
  }

  /** Returns whether this replica surely holds {@code shard} now. */
  public boolean holds(int shard) {
    Instant until = heldUntil.get(shard);
    return until != null && clock.instant().isBefore(until);
  }

  /**
   * Returns whether the shard of {@code deployment} is one this replica held and has not lost, but
   * whose renewal is late: it may be held again after the next renewal, or lost.
   */
  public boolean renewing(DeploymentRef deployment) {
    int shard = MonitorOwnership.shardOf(deployment, shards);
    return heldUntil.containsKey(shard) && !holds(shard);
  }

  /** Returns the shards held now, in order. */
  public Set<Integer> held() {
    Set<Integer> out = new TreeSet<>();
    heldUntil.keySet().forEach(s -> {
      if (holds(s)) {
        out.add(s);
      }
    });
    return out;
  }

  /**
   * Renews membership and leases, gives up shards above the fair part and takes free ones up to it.
   * A failing call is logged and the rest go on; a lease not renewed stays held until it runs out.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public Change renew() throws InterruptedException {
    Set<Integer> gained = new TreeSet<>();
    Set<Integer> lost = new TreeSet<>();
    try {
      ownership.heartbeat(replica, leaseDuration);
    } catch (RuntimeException e) {
      LOG.warn("monitor replica {}: renewing its membership failed: {}", replica, Causes.describe(e));
    }
    ShardView view;
    try {
      view = ownership.view();
    } catch (RuntimeException e) {
      LOG.warn("monitor replica {}: reading the shard leases failed; renewing what it holds only: {}", replica,
          Causes.describe(e));
      view = null;
    }
    for (int shard : new ArrayList<>(heldUntil.keySet())) {
      Instant until = heldUntil.get(shard);
      boolean late = until != null && !clock.instant().isBefore(until);
      if (!acquire(shard)) {
        heldUntil.remove(shard);
        lost.add(shard);
      } else if (late) {
        LOG.warn("monitor replica {}: the lease of shard {} was renewed late (it ran out here at {}); its judgements"
            + " waited for the renewal", replica, shard, until);
      }
    }
    if (view != null) {
      Set<String> replicas = new TreeSet<>(view.replicas());
      replicas.add(replica);
      int fair = (shards + replicas.size() - 1) / replicas.size();
      List<Integer> order = rotation();
      if (heldUntil.size() > fair) {
        List<Integer> giveUp = new ArrayList<>(order);
        java.util.Collections.reverse(giveUp);
        for (int shard : giveUp) {
          if (heldUntil.size() <= fair) {
            break;
          }
          if (heldUntil.remove(shard) != null) {
            lost.add(shard);
            release(shard);
          }
        }
      } else {
        for (int shard : order) {
          if (heldUntil.size() >= fair) {
            break;
          }
          String holder = view.holders().get(shard);
          if (!heldUntil.containsKey(shard) && (holder == null || holder.equals(replica)) && acquire(shard)) {
            gained.add(shard);
          }
        }
      }
    }
    if (!gained.isEmpty() || !lost.isEmpty()) {
      LOG.info("monitor replica {} took shards {} and gave up or lost {}; it holds {} of {}", replica, gained, lost,
          heldUntil.size(), shards);
    }
    return new Change(gained, lost);
  }

  /** Tries to take or renew {@code shard}; answers whether it is held. A failed call keeps what was held. */
  private boolean acquire(int shard) throws InterruptedException {
    Instant sent = clock.instant();
    try {
      if (ownership.tryAcquire(shard, replica, leaseDuration)) {
        heldUntil.put(shard, sent.plus(leaseDuration));
        return true;
      }
      return false;
    } catch (RuntimeException e) {
      LOG.warn("monitor replica {}: the lease of shard {} could not be renewed; it counts as held until {}: {}",
          replica, shard, heldUntil.get(shard), Causes.describe(e));
      return heldUntil.containsKey(shard);
    }
  }

  private void release(int shard) throws InterruptedException {
    try {
      ownership.release(shard, replica);
    } catch (RuntimeException e) {
      LOG.warn("monitor replica {}: releasing shard {} failed; it runs out by itself: {}", replica, shard,
          Causes.describe(e));
    }
  }

  /** The shards in this replica's order: from its offset on, round the ring. */
  private List<Integer> rotation() {
    List<Integer> order = new ArrayList<>(shards);
    for (int i = 0; i < shards; i++) {
      order.add((offset + i) % shards);
    }
    return order;
  }

  /**
   * Gives up every shard and the membership, so that the other replicas take them at their next
   * renewal rather than after the leases run out. Failures are logged.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void releaseAll() throws InterruptedException {
    for (int shard : new ArrayList<>(heldUntil.keySet())) {
      heldUntil.remove(shard);
      release(shard);
    }
    try {
      ownership.leave(replica);
    } catch (RuntimeException e) {
      LOG.warn("monitor replica {}: leaving failed; its membership runs out by itself: {}", replica,
          Causes.describe(e));
    }
  }
}
