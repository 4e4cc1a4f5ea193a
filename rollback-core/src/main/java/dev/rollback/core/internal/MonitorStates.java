package dev.rollback.core.internal;

import dev.rollback.core.TaskScheduler;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MonitorState;
import dev.rollback.spi.MonitorStateConflictException;
import dev.rollback.spi.MonitorStateStore;
import dev.rollback.spi.StoredMonitorState;
import dev.rollback.spi.helpers.Backoff;
import dev.rollback.spi.helpers.Causes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment monitor's writes to its {@link MonitorStateStore}: each change is a function of
 * the stored state, applied by read, change and compare-and-set, read again and reapplied on a
 * conflict (as Kubernetes' own controllers update objects), so that changes by several replicas to
 * one deployment's state all land. Changes of one deployment are applied in the order they were
 * asked for, one at a time, on the monitor's executor; a change whose store calls fail is retried
 * with backoff and, after {@value #ATTEMPTS} attempts, logged at ERROR and left {@linkplain
 * #unsaved() unsaved} for the monitor to write again later. Every state read or written is handed
 * to the monitor's cache ({@code onRead}). Thread-safe.
 */
public final class MonitorStates {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rollback.monitor");
  /** Attempts of one change whose store calls fail (conflicts do not count). */
  static final int ATTEMPTS = 4;
  /** Re-reads of one attempt that meets conflicts, before it counts as failed. */
  private static final int CONFLICT_RETRIES = 16;

  private final MonitorStateStore store;
  private final Executor executor;
  private final TaskScheduler scheduler;
  private final Consumer<MonitorState> onRead;
  private final Backoff backoff = Backoff.exponential(Duration.ofMillis(500), Duration.ofSeconds(10));
  /** Per deployment, the last change asked for, which the next one waits for. */
  private final Map<DeploymentRef, CompletableFuture<Void>> chains = new ConcurrentHashMap<>();
  private final Set<DeploymentRef> unsaved = ConcurrentHashMap.newKeySet();

  /** Creates the writer; {@code onRead} sees every state loaded or saved, on the executor's thread. */
  public MonitorStates(MonitorStateStore store, Executor executor, TaskScheduler scheduler,
      Consumer<MonitorState> onRead) {
    this.store = store;
    this.executor = executor;
    this.scheduler = scheduler;
    this.onRead = onRead;
  }

  /**
   * Applies {@code change} to the stored state of {@code deployment} (an empty state when none is
   * stored) after every change asked for earlier; the future completes when it is saved, or when it
   * has failed for good (then exceptionally).
   */
  public CompletableFuture<Void> update(DeploymentRef deployment, UnaryOperator<MonitorState> change) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<Void> previous = chains.put(deployment, done);
    Runnable start = () -> attempt(deployment, change, 1, done);
    if (previous == null) {
      start.run();
    } else {
      previous.whenComplete((v, e) -> start.run());
    }
    done.whenComplete((v, e) -> chains.remove(deployment, done));
    return done;
  }

  /** Returns whether a change of {@code deployment} is waiting or being written. */
  public boolean pending(DeploymentRef deployment) {
    return chains.containsKey(deployment);
  }

  /** Returns the deployments whose last change failed for good and was not written since. */
  public Set<DeploymentRef> unsaved() {
    return Set.copyOf(unsaved);
  }

  /**
   * Returns every stored state that judges a release, handing each to the cache first.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public List<StoredMonitorState> watched() throws InterruptedException {
    List<StoredMonitorState> all = store.watched();
    all.forEach(s -> onRead.accept(s.state()));
    return all;
  }

  private void attempt(DeploymentRef deployment, UnaryOperator<MonitorState> change, int attempt,
      CompletableFuture<Void> done) {
    Throwable refused = UserCode.run(() -> executor.execute(() -> {
      Throwable failed = UserCode.run(() -> apply(deployment, change));
      if (failed == null) {
        unsaved.remove(deployment);
        done.complete(null);
      } else if (failed instanceof InterruptedException || attempt >= ATTEMPTS) {
        giveUp(deployment, attempt, failed, done);
      } else {
        Duration wait = backoff.delay(attempt);
        LOG.warn("[{}] saving the monitor state failed (attempt {} of {}); trying again in {}: {}", deployment,
            attempt, ATTEMPTS, wait, Causes.describe(failed));
        scheduler.schedule(wait, () -> attempt(deployment, change, attempt + 1, done));
      }
    }));
    if (refused != null) {
      giveUp(deployment, attempt, refused, done);
    }
  }

  private void giveUp(DeploymentRef deployment, int attempt, Throwable failed, CompletableFuture<Void> done) {
    unsaved.add(deployment);
    LOG.error("[{}] the monitor state could not be saved after {} attempt(s); the monitor judges on from memory and"
        + " writes it again at its next resync: {}", deployment, attempt, Causes.describe(failed), failed);
    done.completeExceptionally(failed);
  }

  private void apply(DeploymentRef deployment, UnaryOperator<MonitorState> change) throws InterruptedException {
    for (int read = 0; ; read++) {
      Optional<StoredMonitorState> stored = store.load(deployment);
      MonitorState current = stored.map(StoredMonitorState::state).orElse(MonitorState.empty(deployment));
      onRead.accept(current);
      MonitorState next = change.apply(current);
      if (stored.isPresent() && next.equals(current)) {
        return;
      }
      try {
        store.save(next, stored.map(StoredMonitorState::revision).orElse(null));
        onRead.accept(next);
        return;
      } catch (MonitorStateConflictException conflict) {
        if (read >= CONFLICT_RETRIES) {
          throw conflict;
        }
        LOG.debug("[{}] the monitor state changed meanwhile; reading it again: {}", deployment, conflict.getMessage());
      }
    }
  }
}
