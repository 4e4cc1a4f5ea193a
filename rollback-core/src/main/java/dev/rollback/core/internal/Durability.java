package dev.rollback.core.internal;

import dev.rollback.core.Cancellable;
import dev.rollback.core.TaskScheduler;
import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunRecord;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.RunStoreConflictException;
import dev.rollback.spi.helpers.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The engine's use of a {@link RunStore} and a {@link DeploymentLock}, each optional: writes a run's
 * document after every step (compare-and-set on the revision), and holds and renews the lease on a
 * deployment while a run of it is in progress.
 */
public final class Durability {
  private static final Logger LOG = EngineRuntime.log();
  private static final int ATTEMPTS = 3;

  /** The wait before store retry n: 400 ms, then 800 ms (at most {@link #ATTEMPTS} calls in all). */
  private static final Backoff BACKOFF = Backoff.exponential(Duration.ofMillis(400), Duration.ofMillis(1600));

  private final TaskScheduler scheduler;
  private final AdapterInvoker invoker;
  private final @Nullable RunStore store;
  private final @Nullable DeploymentLock lock;
  private final String holder;
  private final Duration leaseDuration;
  private final Duration callTimeout;

  /** Creates the engine's durability; {@code store} and {@code lock} may each be null. */
  Durability(
      TaskScheduler scheduler,
      AdapterInvoker invoker,
      @Nullable RunStore store,
      @Nullable DeploymentLock lock,
      String holder,
      Duration leaseDuration,
      Duration callTimeout) {
    this.scheduler = scheduler;
    this.invoker = invoker;
    this.store = store;
    this.lock = lock;
    this.holder = holder;
    this.leaseDuration = leaseDuration;
    this.callTimeout = callTimeout;
  }

  /** Returns the identity this engine uses as lease holder and in resumptions. */
  public String holder() {
    return holder;
  }

  /** Returns the store, if one is configured. */
  public @Nullable RunStore store() {
    return store;
  }

  boolean persistent() {
    return store != null;
  }

  /** Outcome of a save: written (with the new revision), lost to another writer, or failed. */
  sealed interface Saved {
    record Written(String revision) implements Saved {}

    record Lost(String why) implements Saved {}

    record Failed(String why) implements Saved {}
  }

  /** Outcome of taking the lease: held, held by another engine, or unknown because the lock failed. */
  sealed interface Lease {
    record Held() implements Lease {}

    record Busy() implements Lease {}

    record Failed(String why) implements Lease {}
  }

  /**
   * Writes {@code record}, retrying a failed write while time is left before {@code cap}; every
   * attempt ends by {@code cap}. Hands the outcome to {@code then} on the scheduler.
   */
  void save(RunRecord record, @Nullable String revision, Instant cap, Consumer<Saved> then) {
    RunStore s = store;
    if (s == null) {
      then.accept(new Saved.Written(revision == null ? "-" : revision));
      return;
    }
    retrying("RunStore.save", () -> s.save(record, revision), cap,
        failed -> !(failed.cause() instanceof RunStoreConflictException), 1, outcome -> {
          if (outcome instanceof CallOutcome.Answered<String> answered) {
            then.accept(new Saved.Written(answered.value()));
          } else if (((CallOutcome.Failed<String>) outcome).cause() instanceof RunStoreConflictException) {
            then.accept(new Saved.Lost(((CallOutcome.Failed<String>) outcome).message()));
          } else {
            then.accept(new Saved.Failed(((CallOutcome.Failed<String>) outcome).message()));
          }
        });
  }

  /**
   * Calls {@code call} with the store's call timeout, never past {@code cap}, and again after a
   * short backoff while the failure is {@code retryable}, attempts are left and so is time.
   */
  private <T> void retrying(String what, java.util.concurrent.Callable<T> call, Instant cap,
      java.util.function.Predicate<CallOutcome.Failed<T>> retryable, int attempt, Consumer<CallOutcome<T>> then) {
    Instant now = scheduler.clock().instant();
    Instant timeout = now.plus(callTimeout);
    invoker.<T>call(what, call, timeout.isBefore(cap) ? timeout : cap, outcome -> {
      Duration backoff = BACKOFF.delay(attempt);
      if (outcome instanceof CallOutcome.Failed<T> failed && retryable.test(failed) && attempt < ATTEMPTS
          && scheduler.clock().instant().plus(backoff).isBefore(cap)) {
        scheduler.schedule(backoff, () -> retrying(what, call, cap, retryable, attempt + 1, then));
      } else {
        then.accept(outcome);
      }
    });
  }

  /**
   * Takes the lease on {@code deployment}, retrying a failing lock until {@code cap}; {@code then}
   * learns whether this engine holds it, another does, or the lock could not say.
   */
  void acquire(DeploymentRef deployment, Instant cap, Consumer<Lease> then) {
    DeploymentLock l = lock;
    if (l == null) {
      then.accept(new Lease.Held());
      return;
    }
    retrying("DeploymentLock.tryAcquire", () -> l.tryAcquire(deployment, holder, leaseDuration), cap,
        failed -> true, 1, outcome -> {
          if (outcome instanceof CallOutcome.Answered<Boolean> answered) {
            then.accept(answered.value() ? new Lease.Held() : new Lease.Busy());
          } else {
            String why = ((CallOutcome.Failed<Boolean>) outcome).message();
            LOG.error("[{}] could not take the lease: {}", deployment, why);
            then.accept(new Lease.Failed(why));
          }
        });
  }

  /**
   * Renews the lease on {@code deployment} every third of its duration until cancelled; calls
   * {@code onLost} once if a renewal is refused or the lease runs out unrenewed.
   */
  Cancellable keepRenewing(DeploymentRef deployment, Consumer<String> onLost) {
    DeploymentLock l = lock;
    if (l == null) {
      return () -> {};
    }
    Renewal renewal = new Renewal(l, deployment, onLost);
    renewal.schedule();
    return renewal;
  }

  /** Gives up the lease on {@code deployment}, if a lock is configured. */
  void release(DeploymentRef deployment) {
    DeploymentLock l = lock;
    if (l == null) {
      return;
    }
    invoker.<Boolean>call("DeploymentLock.release", () -> {
          l.release(deployment, holder);
          return Boolean.TRUE;
        },
        scheduler.clock().instant().plus(callTimeout), outcome -> {
          if (outcome instanceof CallOutcome.Failed<Boolean> failed) {
            LOG.warn("[{}] could not release the lease; it expires in {}: {}", deployment, leaseDuration,
                failed.message());
          }
        });
  }

  private final class Renewal implements Cancellable {
    private final DeploymentLock lock;
    private final DeploymentRef deployment;
    private final Consumer<String> onLost;
    private volatile boolean cancelled;
    private volatile @Nullable Cancellable next;
    private Instant heldUntil;

    Renewal(DeploymentLock lock, DeploymentRef deployment, Consumer<String> onLost) {
      this.lock = lock;
      this.deployment = deployment;
      this.onLost = onLost;
      this.heldUntil = scheduler.clock().instant().plus(leaseDuration);
    }

    void schedule() {
      if (!cancelled) {
        next = scheduler.schedule(leaseDuration.dividedBy(3), this::renew);
      }
    }

    private void renew() {
      if (cancelled) {
        return;
      }
      Instant asked = scheduler.clock().instant();
      invoker.<Boolean>call("DeploymentLock.tryAcquire",
          () -> lock.tryAcquire(deployment, holder, leaseDuration), asked.plus(leaseDuration.dividedBy(3)),
          outcome -> {
            if (cancelled) {
              return;
            }
            if (outcome instanceof CallOutcome.Answered<Boolean> answered && answered.value()) {
              heldUntil = asked.plus(leaseDuration);
              schedule();
            } else if (outcome instanceof CallOutcome.Answered<Boolean>) {
              lost("another holder took the lease");
            } else if (!scheduler.clock().instant().isBefore(heldUntil)) {
              lost("the lease expired before it could be renewed: " + ((CallOutcome.Failed<Boolean>) outcome).message());
            } else {
              LOG.warn("[{}] renewing the lease failed; retrying until it expires at {}", deployment, heldUntil);
              schedule();
            }
          });
    }

    private void lost(String why) {
      cancelled = true;
      LOG.error("[{}] lost the lease: {}", deployment, why);
      onLost.accept(why);
    }

    @Override
    public void cancel() {
      cancelled = true;
      Cancellable n = next;
      if (n != null) {
        n.cancel();
      }
    }
  }
}
