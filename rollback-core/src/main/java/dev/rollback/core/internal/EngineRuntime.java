package dev.rollback.core.internal;

import dev.rollback.core.RollbackPolicy;
import dev.rollback.core.RunEvent;
import dev.rollback.core.RunListener;
import dev.rollback.core.TaskScheduler;
import dev.rollback.core.WorkflowGraph;
import dev.rollback.core.postmortem.PostmortemPublisher;
import dev.rollback.core.postmortem.PublishingPolicy;
import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.VersionRegistry;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every run of one engine shares: the adapters, the policy, time, the executors and the
 * listeners.
 */
public final class EngineRuntime {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rollback.engine");

  final VersionRegistry registry;
  final ClusterDriver cluster;
  final SmokeTester smokeTester;
  final RollbackPolicy policy;
  final TaskScheduler scheduler;
  final AdapterInvoker invoker;
  final NotificationDispatcher notifications;
  /**
   * {@link RollbackPolicy#terminalReserve} for the notifiers, plus {@link #finalSave}: the same for
   * every run.
   */
  final Duration terminalReserve;
  final List<RunListener> listeners;
  final WorkflowGraph graph = WorkflowGraph.seed();
  final PostmortemPublishing postmortems;
  /** Whether the terminal notification carries the postmortem draft. */
  final boolean attachDraft;

  /**
   * Bundles the engine's collaborators; {@code finalSave} is the time kept for the run's last save
   * after its terminal notification (zero without a run store).
   */
  public EngineRuntime(
      VersionRegistry registry,
      ClusterDriver cluster,
      SmokeTester smokeTester,
      List<dev.rollback.spi.Notifier> notifiers,
      RollbackPolicy policy,
      TaskScheduler scheduler,
      java.util.concurrent.Executor adapterExecutor,
      List<RunListener> listeners,
      List<PostmortemPublisher> publishers,
      PublishingPolicy publishing,
      boolean attachDraft,
      Duration finalSave) {
    this.registry = registry;
    this.cluster = cluster;
    this.smokeTester = smokeTester;
    this.policy = policy;
    this.scheduler = scheduler;
    this.invoker = new AdapterInvoker(scheduler, adapterExecutor);
    this.notifications = new NotificationDispatcher(notifiers, policy, scheduler, invoker);
    this.terminalReserve = policy.terminalReserve(notifiers.size()).plus(finalSave);
    this.listeners = List.copyOf(listeners);
    this.postmortems = new PostmortemPublishing(publishers, publishing, scheduler, invoker, graph);
    this.attachDraft = attachDraft;
  }

  /**
   * Builds the engine's durability on this runtime's scheduler and adapter invoker, once: the run
   * store and the lock (either may be null), this engine's holder id, the lease and the store's
   * call timeout.
   */
  public Durability durability(
      @Nullable RunStore store,
      @Nullable DeploymentLock lock,
      String holder,
      Duration leaseDuration,
      Duration callTimeout) {
    return new Durability(scheduler, invoker, store, lock, holder, leaseDuration, callTimeout);
  }

  /** Returns the engine's logger. */
  static Logger log() {
    return LOG;
  }

  /** Returns whether anyone listens, so callers can skip building events nobody reads. */
  boolean hasListeners() {
    return !listeners.isEmpty();
  }

  /**
   * Tells every listener; a listener that throws anything, an {@link Error} included, is logged at
   * WARN with what it threw and skipped: the run and the other listeners go on.
   */
  void publish(RunEvent event) {
    for (RunListener listener : listeners) {
      Throwable thrown = UserCode.run(() -> listener.onEvent(event));
      if (thrown != null) {
        LOG.warn(
            "[{} run {}] listener {} threw on {}; the run goes on",
            event.deployment(),
            event.runId(),
            listener.getClass().getName(),
            event.getClass().getSimpleName(),
            thrown);
      }
    }
  }
}
