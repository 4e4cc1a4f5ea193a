package dev.rollback.spi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Shares the deployments a monitor judges between the replicas of a service: deployments are
 * hashed to a fixed number of {@linkplain #shards() shards} ({@link #shardOf}), each shard has a
 * lease, and a replica judges a deployment only while it holds the lease of its shard. Replicas
 * also hold a membership lease ({@link #heartbeat}), so that each knows how many replicas share the
 * shards and takes no more than its fair part.
 *
 * <p><b>Leases.</b> {@link #tryAcquire} and {@link #heartbeat} have the semantics of {@link
 * DeploymentLock#tryAcquire}: one holder per lease at a time, renewed by its holder, taken by
 * another only once it is released or has gone unrenewed for its duration. Expiry should be judged
 * by locally observed time (as client-go's leader election does), so that clocks that disagree
 * between replicas do not matter. Of replicas racing for one lease exactly one wins.
 *
 * <p><b>Idempotence.</b> Acquiring a lease one holds renews it; releasing a lease one does not hold,
 * or leaving twice, does nothing.
 *
 * <p><b>Thread-safety and blocking.</b> Implementations are thread-safe; calls may block on I/O
 * and should let {@link InterruptedException} propagate. An unexpected failure is an unchecked
 * exception naming what failed: the monitor then judges only the shards whose leases it surely
 * still holds (those renewed less than a lease duration ago, by its own clock) and tries again at
 * its next renewal.
 */
public interface MonitorOwnership {

  /** Returns how many shards the deployments are spread over: at least 1, the same on every call. */
  int shards();

  /**
   * Returns the shard of {@code deployment} among {@code shards}: a stable hash (FNV-1a of its
   * {@code cluster/namespace/name} in UTF-8), the same in every JVM and every version of the library.
   */
  static int shardOf(DeploymentRef deployment, int shards) {
    if (shards < 1) {
      throw new InvalidValueException("shards must be >= 1 but was " + shards);
    }
    int hash = 0x811c9dc5;
    for (byte b : deployment.toString().getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return Math.floorMod(hash, shards);
  }

  /**
   * Returns the current holders of the shards' leases and the live replicas, as observed now (a
   * lease first seen counts as just renewed).
   *
   * @throws InterruptedException if interrupted while waiting
   */
  ShardView view() throws InterruptedException;

  /**
   * Takes the lease of {@code shard} for {@code replica}, or renews it if {@code replica} holds it,
   * for {@code leaseDuration} from now; answers false, changing nothing, while another replica's
   * lease is unexpired.
   *
   * @return whether {@code replica} holds the lease after the call
   * @throws InterruptedException if interrupted while waiting
   */
  boolean tryAcquire(int shard, String replica, Duration leaseDuration) throws InterruptedException;

  /**
   * Gives up the lease of {@code shard} if {@code replica} holds it, so that another replica may
   * take it at once; otherwise does nothing.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void release(int shard, String replica) throws InterruptedException;

  /**
   * Takes or renews the membership lease of {@code replica} for {@code leaseDuration}: while it is
   * unexpired, {@link #view()} lists {@code replica} among the live replicas.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void heartbeat(String replica, Duration leaseDuration) throws InterruptedException;

  /**
   * Gives up the membership lease of {@code replica}; does nothing if it holds none.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void leave(String replica) throws InterruptedException;
}
