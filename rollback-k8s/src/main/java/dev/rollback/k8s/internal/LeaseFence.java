package dev.rollback.k8s.internal;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunStoreConflictException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Fencing between the Lease lock and the ConfigMap run store of one {@code KubernetesAdapters}: the
 * lock records, per deployment, until when its holder surely holds the lease (the local time the
 * successful write was sent, plus the lease duration asked), and whether another holder took it;
 * the store refuses to write a run of a deployment whose lease this process held and has lost, so
 * that a holder which failed to renew in time stops writing before another replica resumes the
 * run. A deployment whose lease this process never took, or released, is not fenced. Thread-safe.
 */
final class LeaseFence {
  private sealed interface State {}

  private record Held(String holder, Instant until, Clock clock) implements State {}

  private record Lost(String holder, String why) implements State {}

  private final Map<DeploymentRef, State> states = new ConcurrentHashMap<>();

  /** Records that {@code holder} holds the lease on {@code d} until {@code until} by {@code clock}. */
  void held(DeploymentRef d, String holder, Instant until, Clock clock) {
    states.put(d, new Held(holder, until, clock));
  }

  /** Records that {@code holder}, if it held the lease on {@code d}, has lost it. */
  void lost(DeploymentRef d, String holder, String why) {
    states.computeIfPresent(d, (k, s) -> s instanceof Held h && h.holder().equals(holder) ? new Lost(holder, why) : s);
  }

  /** Forgets {@code d}: {@code holder} released it. */
  void released(DeploymentRef d, String holder) {
    states.computeIfPresent(d, (k, s) -> holderOf(s).equals(holder) ? null : s);
  }

  /**
   * Throws if this process held the lease on {@code d} and has lost it.
   *
   * @throws RunStoreConflictException naming the run, the holder and why the lease is lost
   */
  void check(DeploymentRef d, RunId runId) {
    String why = lostBecause(d);
    if (why != null) {
      throw new RunStoreConflictException(runId, "this process no longer holds the lease on " + d + " (" + why
          + "), so it stops writing the run; another replica may resume it");
    }
  }

  private @Nullable String lostBecause(DeploymentRef d) {
    State s = states.get(d);
    if (s instanceof Lost lost) {
      return "holder " + lost.holder() + ": " + lost.why();
    }
    if (s instanceof Held held && !held.clock().instant().isBefore(held.until())) {
      return "holder " + held.holder() + ": its lease ran out unrenewed at " + held.until();
    }
    return null;
  }

  private static String holderOf(State s) {
    return s instanceof Held h ? h.holder() : ((Lost) s).holder();
  }
}
