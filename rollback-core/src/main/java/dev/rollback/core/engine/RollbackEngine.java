package dev.rollback.core.engine;

import dev.rollback.core.DeploymentBusyException;
import dev.rollback.core.EngineClosedException;
import dev.rollback.core.RollbackPolicy;
import dev.rollback.core.RunListener;
import dev.rollback.core.RunLostException;
import dev.rollback.core.RunResult;
import dev.rollback.core.TaskScheduler;
import dev.rollback.core.Trigger;
import dev.rollback.core.WorkflowGraph;
import dev.rollback.core.internal.CallOutcome;
import dev.rollback.core.internal.Durability;
import dev.rollback.core.internal.EngineRuntime;
import dev.rollback.core.internal.RunExecution;
import dev.rollback.core.internal.RunIds;
import dev.rollback.core.internal.StoreQueries;
import dev.rollback.core.internal.UserCode;
import dev.rollback.core.internal.format.UtcTimes;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.core.postmortem.PostmortemPublisher;
import dev.rollback.core.postmortem.PublishingPolicy;
import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.StoredRun;
import dev.rollback.spi.VersionRegistry;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rollback workflow. Build one per application with {@link #builder()}, supplying the
 * adapters, and start runs with {@link #start}. Thread-safe.
 *
 * <p>Every run walks the seed {@link WorkflowGraph} from <i>Start</i> to <i>End</i> and passes
 * <i>Notify on-call engineer</i> exactly once, whatever its adapters do: a throw, a hang past the
 * deadline, an interrupt or a malformed answer sends it down the failure edge of that lane.
 *
 * <p>Only one run per deployment is in progress at a time in one engine: starting a run for a
 * deployment that has one in progress joins it.
 *
 * <p>Every call into code the engine does not own (adapters, listeners, notifiers, postmortem
 * publishers, the run id function, the executors) is a boundary: whatever it throws, an {@link
 * Error} or a checked exception thrown sneakily included, is recorded, and the run goes on to its
 * terminal notification within its deadline. A failing lock or run store is a fault of the run,
 * listed in its terminal notification; see {@link Builder#deploymentLock} and {@link
 * Builder#runStore}.
 *
 * <pre>{@code
 * RollbackEngine engine = RollbackEngine.builder()
 *     .versionRegistry(registry)
 *     .clusterDriver(driver)
 *     .smokeTester(smokeTester)
 *     .notifier(pager)
 *     .build();
 * RunResult result = engine.start(DeploymentRef.of("prod", "shop", "checkout"),
 *     Trigger.manual("jane@example.com", "checkout errors after v2")).join();
 * }</pre>
 */
public final class RollbackEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rollback.engine");

  private final EngineRuntime runtime;
  private final Durability durability;
  private final RollbackPolicy policy;
  private final TaskScheduler scheduler;
  private final Executor adapterExecutor;
  private final Function<DeploymentRef, RunId> ownIds;
  private final @Nullable Function<DeploymentRef, RunId> customIds;
  private final List<AutoCloseable> owned;
  private final Map<DeploymentRef, CompletableFuture<RunResult>> inProgress = new ConcurrentHashMap<>();
  private final Map<DeploymentRef, RunExecution> executions = new ConcurrentHashMap<>();
  /** Every run id this engine gave out, so that no two of its runs share one. */
  private final Set<RunId> issued = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private RollbackEngine(Builder b, TaskScheduler scheduler, Executor executor, List<AutoCloseable> owned) {
    this.policy = b.policy;
    this.scheduler = scheduler;
    this.adapterExecutor = executor;
    this.owned = owned;
    this.runtime = new EngineRuntime(
        Objects.requireNonNull(b.registry),
        Objects.requireNonNull(b.cluster),
        Objects.requireNonNull(b.smokeTester),
        b.notifiers,
        b.policy,
        scheduler,
        executor,
        b.listeners,
        b.publishers,
        b.publishing,
        b.attachDraft,
        b.finalSave());
    this.durability = runtime.durability(b.runStore, b.lock, b.holder, b.leaseDuration, b.policy.defaultStepDeadline());
    AtomicLong sequence = new AtomicLong();
    // Replicas sharing a run store must not mint the same id in the same second: add the holder's hash.
    String replica = b.runStore == null ? "" : String.format("-%08x", b.holder.hashCode());
    this.ownIds = deployment -> {
      StringBuilder id = new StringBuilder(48).append("rb-");
      UtcTimes.compact(id, scheduler.clock().instant());
      return RunId.of(id.append(replica).append('-').append(sequence.incrementAndGet()).toString());
    };
    this.customIds = b.runIds;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a run for {@code deployment}, or joins the run already in progress for it.
   *
   * @return the run's result, completed when the run reached End and its postmortem publishers
   *     finished (see {@link Builder#postmortemPublisher}). It never completes exceptionally
   *     because of what an adapter or callback threw; it does with {@link DeploymentBusyException}
   *     when another engine holds the lease, with {@link RunLostException} when this engine gave
   *     the run up to another one (which resumes it from the run store), with {@link
   *     EngineClosedException} when the engine is or was closed meanwhile, and otherwise only
   *     because of a bug in the engine, which is also logged
   */
  public CompletableFuture<RunResult> start(DeploymentRef deployment, Trigger trigger) {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(trigger, "trigger");
    CompletableFuture<RunResult> joined = new CompletableFuture<>();
    if (closed) {
      joined.completeExceptionally(new EngineClosedException(deployment, null, "the engine is closed"));
      return joined;
    }
    CompletableFuture<RunResult> current = inProgress.putIfAbsent(deployment, joined);
    if (current != null) {
      return current;
    }
    List<String> faults = new ArrayList<>();
    try {
      RunId runId = newRunId(deployment, faults);
      track(deployment, RunExecution.start(runtime, durability, runId, deployment, faults, trigger), joined);
    } catch (RuntimeException e) {
      inProgress.remove(deployment, joined);
      LOG.error("[{}] the engine could not start a run; nobody was notified", deployment, e);
      joined.completeExceptionally(e);
    }
    return joined;
  }

  /**
   * Returns the id of a new run: the {@linkplain Builder#runIds custom function}'s, or the engine's
   * own when there is none or it failed (recorded in {@code faults}); made unique among the runs of
   * this engine by a suffix {@code -2}, {@code -3}, ... when it was given out before.
   */
  private RunId newRunId(DeploymentRef deployment, List<String> faults) {
    Function<DeploymentRef, RunId> custom = customIds;
    RunId wanted;
    if (custom == null) {
      wanted = ownIds.apply(deployment);
    } else {
      CallOutcome<RunId> answer = UserCode.call("the runIds function", () -> custom.apply(deployment));
      if (answer instanceof CallOutcome.Answered<RunId> answered) {
        wanted = answered.value();
      } else {
        CallOutcome.Failed<RunId> failed = (CallOutcome.Failed<RunId>) answer;
        wanted = ownIds.apply(deployment);
        faults.add(failed.message() + "; the run got the engine's own id " + wanted);
        LOG.error("[{}] {}; the run gets the engine's own id {}", deployment, failed.message(), wanted,
            failed.cause());
      }
    }
    RunId id = wanted;
    for (int n = 2; !issued.add(id); n++) {
      id = RunIds.withSuffix(wanted, n);
    }
    if (!id.equals(wanted)) {
      faults.add("the run id " + wanted + " was given to an earlier run of this engine; this run is " + id);
      LOG.warn("[{}] run id {} was given to an earlier run; this run is {}", deployment, wanted, id);
    }
    return id;
  }

  private void track(DeploymentRef deployment, RunExecution execution, CompletableFuture<RunResult> joined) {
    executions.put(deployment, execution);
    relay(deployment, execution, joined);
    if (closed) { // close() ran while this run was starting
      execution.abandon("the engine was closed as the run started", durability.store() != null);
    }
  }

  private void relay(DeploymentRef deployment, RunExecution execution, CompletableFuture<RunResult> joined) {
    execution.result().whenComplete((result, error) -> {
      executions.remove(deployment, execution);
      inProgress.remove(deployment, joined);
      if (error != null) {
        joined.completeExceptionally(error);
      } else {
        joined.complete(result);
      }
    });
  }

  /**
   * Resumes every unfinished run in the {@linkplain Builder#runStore run store} that is not in
   * progress in this engine: each continues from the step that was next or in flight when its
   * engine stopped. With a {@linkplain Builder#deploymentLock lock}, a run resumes only if this
   * engine takes the lease on its deployment (its future then completes with {@link
   * DeploymentBusyException} otherwise). Call it when the application starts, and periodically (or
   * use {@link Builder#resumeEvery}) so that a replica takes over the runs of one that died.
   *
   * @return the resumed runs' results; an empty list without a store
   */
  public CompletableFuture<List<CompletableFuture<RunResult>>> resumeUnfinished() {
    CompletableFuture<List<CompletableFuture<RunResult>>> out = new CompletableFuture<>();
    RunStore store = durability.store();
    if (store == null || closed) {
      out.complete(List.of());
      return out;
    }
    StoreQueries.unfinished(runtime, store, policy.defaultStepDeadline(), runs -> {
      List<CompletableFuture<RunResult>> resumed = new ArrayList<>();
      for (StoredRun stored : runs) {
        if (closed) {
          break;
        }
        DeploymentRef deployment = stored.record().deployment();
        CompletableFuture<RunResult> joined = new CompletableFuture<>();
        if (inProgress.putIfAbsent(deployment, joined) != null) {
          continue;
        }
        try {
          track(deployment, RunExecution.resume(runtime, durability, stored), joined);
        } catch (RuntimeException e) {
          inProgress.remove(deployment, joined);
          LOG.error(
              "[{} run {}] cannot be resumed from its stored document; it needs a person", deployment,
              stored.record().runId(), e);
          joined.completeExceptionally(new IllegalStateException(
              "run " + stored.record().runId() + " cannot be resumed: " + e.getMessage(), e));
        }
        resumed.add(joined);
      }
      out.complete(resumed);
    }, why -> out.completeExceptionally(new IllegalStateException("listing unfinished runs failed: " + why)));
    return out;
  }

  /** Returns the identity of this engine as a lease holder and in resumptions. */
  public String holderId() {
    return durability.holder();
  }

  private void resumePeriodically(Duration every) {
    scheduler.execute(() -> resumeUnfinished().whenComplete((runs, error) -> {
      if (!closed) {
        scheduler.schedule(every, () -> resumePeriodically(every));
      }
    }));
  }

  /** Returns the run in progress for {@code deployment}, if there is one. */
  public Optional<CompletableFuture<RunResult>> inProgress(DeploymentRef deployment) {
    return Optional.ofNullable(inProgress.get(deployment));
  }

  /** Returns the engine's policy. */
  public RollbackPolicy policy() {
    return policy;
  }

  /** Returns the engine's scheduler. */
  public TaskScheduler scheduler() {
    return scheduler;
  }

  /** Returns the executor adapter calls run on. */
  public Executor adapterExecutor() {
    return adapterExecutor;
  }

  /** Returns the workflow the engine walks. */
  public WorkflowGraph graph() {
    return WorkflowGraph.seed();
  }

  /**
   * Closes the engine: {@link #start} and {@link #resumeUnfinished()} refuse from now on (their
   * futures complete with {@link EngineClosedException}), every run in progress stops where it is
   * and its future completes with {@link EngineClosedException}, and the executors the engine
   * created itself (none that the builder was given) shut down. With a run store, a stopped run
   * stays unfinished in the store for another engine to resume; without one, nobody will finish
   * it, so close() sends each stopped run's terminal notification ({@code MANUAL_NEEDED}: "check
   * the deployment by hand") from the calling thread first, waiting at most the policy's
   * notification timeout per notifier, and the run's {@link EngineClosedException} says whether it
   * was delivered; when no notifier delivers, the notification is written to the ERROR log. A
   * resource that fails to close does not stop the others from closing; the failures are thrown
   * together afterwards. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    boolean resumable = durability.store() != null;
    for (RunExecution execution : List.copyOf(executions.values())) {
      execution.abandon(resumable
          ? "the engine was closed; the run is unfinished in the run store for another engine to resume"
          : "the engine was closed; without a run store nobody finishes this run: check the deployment by hand",
          resumable);
    }
    List<String> failures = new ArrayList<>();
    for (AutoCloseable resource : owned) {
      Throwable thrown = UserCode.run(resource::close);
      if (thrown != null) {
        failures.add(resource + ": " + thrown);
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("closing the engine's executors failed: " + String.join("; ", failures));
    }
  }

  /** Builds a {@link RollbackEngine}; {@link #build()} lists every missing or bad setting at once. */
  public static final class Builder {
    private @Nullable VersionRegistry registry;
    private @Nullable ClusterDriver cluster;
    private @Nullable SmokeTester smokeTester;
    private final List<Notifier> notifiers = new ArrayList<>();
    private final List<RunListener> listeners = new ArrayList<>();
    private RollbackPolicy policy = RollbackPolicy.ofDefaults();
    private @Nullable TaskScheduler scheduler;
    private @Nullable Executor adapterExecutor;
    private @Nullable Function<DeploymentRef, RunId> runIds;
    private @Nullable RunStore runStore;
    private @Nullable DeploymentLock lock;
    private String holder = defaultHolder();
    private Duration leaseDuration = Duration.ofSeconds(15);
    private @Nullable Duration resumeEvery;
    private final List<PostmortemPublisher> publishers = new ArrayList<>();
    private PublishingPolicy publishing = PublishingPolicy.ofDefaults();
    private boolean attachDraft = true;

    private Builder() {}

    private static String defaultHolder() {
      String host = System.getenv("HOSTNAME");
      return (host == null || host.isBlank() ? "engine" : host) + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Makes runs durable: the engine saves each run after every step, and {@link
     * RollbackEngine#resumeUnfinished()} continues runs whose engine died. A save that fails (after
     * retries, within the run's work deadline) costs the run its durability, not its outcome: it
     * goes on, and its terminal notification says so. No save runs in the time reserved for the
     * final steps and notifications but the last one, after the terminal notification; the reserve
     * keeps one store call ({@link RollbackPolicy#defaultStepDeadline()}) for it, so the overall
     * deadline must be that much longer than without a store.
     */
    public Builder runStore(RunStore store) {
      this.runStore = Objects.requireNonNull(store, "runStore");
      return this;
    }

    /**
     * Makes runs single-flight across replicas: a run holds the lease on its deployment, renewed
     * every third of {@link #leaseDuration}; a replica that another holds the lease of does not
     * start a run ({@link DeploymentBusyException}). When the lock itself fails at the start, the
     * run goes on to its notifications without changing the cluster and says why (a resumed run
     * stays in the store instead). When the lease is lost mid-run, a run the store holds stops in
     * this engine ({@link RunLostException}) for another to resume; otherwise it goes on to its
     * notifications without further cluster changes, and says so.
     */
    public Builder deploymentLock(DeploymentLock lock) {
      this.lock = Objects.requireNonNull(lock, "deploymentLock");
      return this;
    }

    /** Sets this engine's identity as a lease holder; the default is the host name and a random suffix. */
    public Builder holderId(String holder) {
      if (holder == null || holder.isBlank()) {
        throw new IllegalArgumentException("holderId must not be blank");
      }
      this.holder = holder;
      return this;
    }

    /** Sets how long a lease lasts unrenewed: how soon another replica takes over; default 15 s. */
    public Builder leaseDuration(Duration leaseDuration) {
      this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
      return this;
    }

    /** Calls {@link RollbackEngine#resumeUnfinished()} at start and then every {@code interval}. */
    public Builder resumeEvery(Duration interval) {
      this.resumeEvery = Objects.requireNonNull(interval, "resumeEvery");
      return this;
    }

    /** Sets the version registry (required). */
    public Builder versionRegistry(VersionRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "versionRegistry");
      return this;
    }

    /** Sets the cluster driver (required). */
    public Builder clusterDriver(ClusterDriver cluster) {
      this.cluster = Objects.requireNonNull(cluster, "clusterDriver");
      return this;
    }

    /** Sets the smoke tester (required). */
    public Builder smokeTester(SmokeTester smokeTester) {
      this.smokeTester = Objects.requireNonNull(smokeTester, "smokeTester");
      return this;
    }

    /** Adds a notifier; notifiers are tried in the order added, each a fallback for the one before. */
    public Builder notifier(Notifier notifier) {
      notifiers.add(Objects.requireNonNull(notifier, "notifier"));
      return this;
    }

    /** Adds a listener for run events. */
    public Builder listener(RunListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Sets the policy; the default is {@link RollbackPolicy#ofDefaults()}. */
    public Builder policy(RollbackPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the scheduler the engine runs its logic and waits on. The default is a single daemon
     * thread with the system UTC clock, shut down by {@link RollbackEngine#close()}.
     */
    public Builder scheduler(TaskScheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the executor adapter calls run on; they may block. The default is a cached pool of
     * daemon threads, shut down by {@link RollbackEngine#close()}. On Java 21 a virtual-thread
     * executor works as well.
     */
    public Builder adapterExecutor(Executor executor) {
      this.adapterExecutor = Objects.requireNonNull(executor, "adapterExecutor");
      return this;
    }

    /**
     * Adds a postmortem publisher. At <i>End</i> every run's final {@link Postmortem} is handed to
     * each publisher in the order added, with retries as the {@link #postmortemPublishing publishing
     * policy} says; every attempt is recorded in {@link RunResult#publications()}. A failing
     * publisher never changes a run's outcome; when none published the postmortem, its Markdown is
     * logged at ERROR. Whatever the publishers, the draft is attached to the on-call notification.
     */
    public Builder postmortemPublisher(PostmortemPublisher publisher) {
      publishers.add(Objects.requireNonNull(publisher, "postmortemPublisher"));
      return this;
    }

    /**
     * Sets whether the terminal on-call notification carries the postmortem draft (Markdown) as an
     * attachment; the default is true. Rendering the draft is most of a run's own CPU and memory
     * cost, so an application that publishes postmortems elsewhere may turn it off.
     */
    public Builder attachPostmortemDraft(boolean attach) {
      this.attachDraft = attach;
      return this;
    }

    /** Sets how postmortems are published; the default is {@link PublishingPolicy#ofDefaults()}. */
    public Builder postmortemPublishing(PublishingPolicy publishing) {
      this.publishing = Objects.requireNonNull(publishing, "postmortemPublishing");
      return this;
    }

    /**
     * Sets how run ids are made. The default is {@code rb-<UTC start time>-<sequence>}, with a hash of
     * the {@linkplain #holderId holder id} before the sequence when a run store is configured, so
     * replicas sharing the store never mint the same id.
     *
     * <p>Ids are unique: when {@code runIds} answers an id the engine gave an earlier run, the new
     * run gets it with a suffix {@code -2}, {@code -3}, ... (shortened to fit a {@link RunId}), and
     * the terminal notification says so. When it throws or answers null, the run gets the engine's
     * own id and the notification says that too. Across replicas sharing a run store, {@code runIds}
     * must keep ids apart itself: a run whose first save finds its id taken goes on without
     * durability, and its notification says so.
     */
    public Builder runIds(Function<DeploymentRef, RunId> runIds) {
      this.runIds = Objects.requireNonNull(runIds, "runIds");
      return this;
    }

    /**
     * Returns the engine.
     *
     * @throws InvalidConfigurationException naming every missing adapter
     */
    public RollbackEngine build() {
      ConfigProblems problems = ConfigProblems.of("RollbackEngine");
      if (registry == null) {
        problems.add("versionRegistry is required");
      }
      if (cluster == null) {
        problems.add("clusterDriver is required");
      }
      if (smokeTester == null) {
        problems.add("smokeTester is required");
      }
      if (notifiers.isEmpty()) {
        problems.add("at least one notifier is required: every run ends by notifying the on-call engineer");
      }
      Duration reserve = policy.terminalReserve(notifiers.size()).plus(policy.notificationBudget(notifiers.size()))
          .plus(finalSave());
      if (!notifiers.isEmpty() && policy.overallDeadline().compareTo(reserve) <= 0) {
        problems.add("policy.overallDeadline (" + policy.overallDeadline() + ") must be longer than the "
            + reserve + " the alert, the final steps and notifications may take with " + notifiers.size()
            + " notifiers" + (runStore == null ? "" : " and the run's last save"));
      }
      problems.within("leaseDuration", leaseDuration);
      Duration every = resumeEvery;
      if (every != null) {
        problems.within("resumeEvery", every);
        if (runStore == null) {
          problems.add("resumeEvery needs a runStore to resume runs from");
        }
      }
      problems.throwIfAny();
      List<AutoCloseable> owned = new ArrayList<>();
      TaskScheduler s = scheduler;
      if (s == null) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemon("rollback-scheduler"));
        executor.setRemoveOnCancelPolicy(true);
        owned.add(shutdown(executor));
        s = TaskScheduler.of(executor);
      }
      Executor e = adapterExecutor;
      if (e == null) {
        ExecutorService pool = Executors.newCachedThreadPool(daemon("rollback-adapter"));
        owned.add(shutdown(pool));
        e = pool;
      }
      RollbackEngine engine = new RollbackEngine(this, s, e, List.copyOf(owned));
      if (every != null) {
        engine.resumePeriodically(every);
      }
      return engine;
    }

    /**
     * The time a run keeps, after its terminal notification, for its last save, which tells the
     * store it finished (so that no other engine resumes it): one store call, bounded by the
     * policy's default step deadline.
     */
    private Duration finalSave() {
      return runStore == null ? Duration.ZERO : policy.defaultStepDeadline();
    }

    private static AutoCloseable shutdown(ExecutorService executor) {
      return executor::shutdownNow;
    }

    private static ThreadFactory daemon(String prefix) {
      AtomicLong count = new AtomicLong();
      return runnable -> {
        Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      };
    }
  }
}
