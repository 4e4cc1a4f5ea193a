package dev.rollback.spi;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a deployment monitor's state ({@link MonitorState}: the release judged, the last run's
 * start, the last rollback target) per deployment, so that a monitor that restarts, or another
 * replica that takes a deployment over, goes on judging the same releases for the rest of their
 * windows and keeps the cooldown and ping-pong guarantees.
 *
 * <p><b>Conflicts.</b> Writes are compare-and-set on a per-deployment revision: {@link #save}
 * succeeds only if the stored revision is the one the writer last saw, so of two writers of one
 * revision at most one wins with a different state. The loser gets {@link
 * MonitorStateConflictException}, reads again and reapplies its change (the monitor does).
 *
 * <p><b>Idempotence.</b> A save whose state equals the stored one succeeds whatever revision it
 * names, answering the stored revision without writing, so a save retried after its answer was
 * lost, or the same release recorded by every replica, is no conflict.
 *
 * <p><b>Thread-safety and blocking.</b> Implementations are thread-safe; calls may block on I/O
 * and should let {@link InterruptedException} propagate. An unexpected failure is an unchecked
 * exception naming what failed; the monitor logs it and retries, and meanwhile keeps judging from
 * what it holds in memory (durability, not judgement, is lost).
 */
public interface MonitorStateStore {

  /**
   * Writes {@code state} if the stored revision of its deployment is {@code expectedRevision} (null:
   * nothing may be stored yet for it), or if the stored state equals {@code state}.
   *
   * @return the revision now stored
   * @throws MonitorStateConflictException if the stored revision differs and so does the state
   * @throws InterruptedException if interrupted while waiting
   */
  String save(MonitorState state, @Nullable String expectedRevision) throws InterruptedException;

  /**
   * Returns the stored state of {@code deployment}, if there is one.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  Optional<StoredMonitorState> load(DeploymentRef deployment) throws InterruptedException;

  /**
   * Returns the stored state of every deployment whose {@link MonitorState#watched()} is set, in no
   * particular order.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  List<StoredMonitorState> watched() throws InterruptedException;
}
