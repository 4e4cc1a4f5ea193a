package dev.rollback.spring.boot.actuate;

import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunStore;
import dev.rollback.spring.boot.MonitorLag;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health indicator {@code rollback}: the monitor's lag (time since its last judgement) and
 * whether the run store and the deployment lock answer. DOWN when either does not answer within
 * the probe timeout, or when the lag exceeds {@code rollback.health.max-lag} (if set).
 *
 * <p>The store is probed by listing its unfinished runs, the lock by releasing a lease on a probe
 * deployment that nobody holds (a no-op that reaches the lock's backend). Probes run on the
 * engine's adapter executor.
 */
public final class RollbackHealthIndicator implements HealthIndicator {
  /** The deployment whose lease the probe releases; no run ever holds it. */
  static final DeploymentRef PROBE = DeploymentRef.of("rollback-health", "rollback-health", "probe");

  private final MonitorLag lag;
  private final @Nullable Duration maxLag;
  private final @Nullable RunStore store;
  private final @Nullable DeploymentLock lock;
  private final String holder;
  private final Executor executor;
  private final Duration probeTimeout;

  /**
   * Creates the indicator.
   *
   * @param lag the tracker of the monitor's judgements
   * @param maxLag the lag past which the health is DOWN; null: never
   * @param store the run store, if the engine has one
   * @param lock the deployment lock, if the engine has one
   * @param holder the engine's holder id, with which the lock probe releases
   * @param executor where probes run
   * @param probeTimeout how long each probe may take
   */
  public RollbackHealthIndicator(MonitorLag lag, @Nullable Duration maxLag, @Nullable RunStore store,
      @Nullable DeploymentLock lock, String holder, Executor executor, Duration probeTimeout) {
    this.lag = Objects.requireNonNull(lag, "lag");
    this.maxLag = maxLag;
    this.store = store;
    this.lock = lock;
    this.holder = Objects.requireNonNull(holder, "holder");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.probeTimeout = Objects.requireNonNull(probeTimeout, "probeTimeout");
  }

  @Override
  public Health health() {
    Health.Builder health = Health.up();
    boolean down = false;
    Duration current = lag.lag().orElse(null);
    health.withDetail("monitorLag", current == null ? "no judgement yet" : current.toString());
    lag.lastJudgement().ifPresent(at -> health.withDetail("lastJudgement", at.toString()));
    Duration max = maxLag;
    if (current != null && max != null && current.compareTo(max) > 0) {
      health.withDetail("monitorLagExceeds", max.toString());
      down = true;
    }
    RunStore s = store;
    if (s != null) {
      down |= !probe(health, "runStore", () -> "reachable, " + s.unfinished().size() + " unfinished runs");
    } else {
      health.withDetail("runStore", "none");
    }
    DeploymentLock l = lock;
    if (l != null) {
      down |= !probe(health, "deploymentLock", () -> {
        l.release(PROBE, holder);
        return "reachable";
      });
    } else {
      health.withDetail("deploymentLock", "none");
    }
    return down ? health.down().build() : health.build();
  }

  private interface Probe {
    String call() throws Exception;
  }

  private boolean probe(Health.Builder health, String name, Probe probe) {
    CompletableFuture<String> answer = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          answer.complete(probe.call());
        } catch (Exception | Error e) {
          answer.completeExceptionally(e);
        }
      });
      health.withDetail(name, answer.get(probeTimeout.toMillis(), TimeUnit.MILLISECONDS));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      health.withDetail(name, "unknown: interrupted while probing");
      return false;
    } catch (TimeoutException e) {
      answer.cancel(true);
      health.withDetail(name, "unreachable: no answer within " + probeTimeout);
      return false;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      health.withDetail(name, "unreachable: " + cause);
      return false;
    } catch (RuntimeException e) {
      health.withDetail(name, "unreachable: the probe could not be run: " + e);
      return false;
    }
  }
}
