package dev.rollback.core.detect;

import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.core.internal.CallOutcome;
import dev.rollback.core.internal.MonitorStates;
import dev.rollback.core.internal.ShardKeeper;
import dev.rollback.core.internal.UserCode;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.MonitorOwnership;
import dev.rollback.spi.MonitorState;
import dev.rollback.spi.MonitorStateStore;
import dev.rollback.spi.RollbackTarget;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Sample;
import dev.rollback.spi.StoredMonitorState;
import dev.rollback.spi.TimeWindow;
import dev.rollback.spi.Version;
import dev.rollback.spi.WatchedRelease;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * <i>Detect anomaly in metrics</i>: judges every watched deployment with a {@link Detector} on a
 * fixed interval, turns each verdict into a {@link Decision} with the {@link DecisionPolicy}, and
 * starts a rollback run on the {@link RollbackEngine} when the decision is to roll back. A
 * deployment that started a run stops being watched, so one regression starts one run; watch it
 * again after its next release. The policy's cooldown holds anomalies of a deployment whose run
 * started recently, and a version that became current by a rollback (of a run this monitor
 * started, or one reported with {@link #recordRollback}) within the ping-pong window is not rolled
 * back automatically: the monitor pages instead (a {@link Decision.Page} to the decision listener)
 * and stops watching it.
 *
 * <p>The judgement window is bounded: a release is judged from its {@link
 * MonitoredDeployment#deployedAt()} for its {@linkplain MonitoredDeployment#judgementWindow()
 * judgement window} (the monitor's {@linkplain Builder#judgementWindow(Duration) default}, 2 h,
 * unless the release names one), the last judgement falls on the window's end, and the watch then
 * ends by itself (the release was judged healthy for as long as it is judged at all). A detector
 * sees at most {@linkplain Builder#maxBaseline(Duration) maxBaseline} before the release plus the
 * judgement window after it: a window it asks for is cut to that range and to the judgement's time,
 * and no query asks the metrics source for more than {@linkplain Builder#maxPointsPerQuery(int)
 * maxPointsPerQuery} points (Prometheus serves at most 11,000 per series): a longer window is
 * fetched as consecutive queries whose samples are joined in order. Within one judgement a window
 * of a metric is fetched once: the charts of a composition that ask for the same window (the error
 * charts of {@link DefaultDetection} do, for the baseline and the watch and for a history) share
 * one answer.
 *
 * <p>Judgements run on the executor (they fetch metrics, which may block), scheduled on the
 * engine's scheduler. A detector, metrics source, listener or executor that throws anything (an
 * {@link Error} or a checked exception thrown sneakily included), a detector that answers a null
 * verdict, and a metrics source that answers null or a series of another metric than asked are
 * logged at WARN, and the deployment is judged again at the next interval; such a judgement never
 * starts a run, and {@link #watching} stays true. Thread-safe.
 *
 * <p><b>Durable state.</b> With a {@linkplain Builder#stateStore(MonitorStateStore) state store},
 * what the monitor must not forget (the releases it judges with their windows, when it last
 * started a run of each deployment, the version each deployment last became current by a
 * rollback) is written to the store as it changes, each change a compare-and-set reapplied on a
 * conflict. A monitor built on the same store, after a restart or in another replica, reads it at
 * once and every {@linkplain Builder#resyncEvery(Duration) resync}: it goes on judging each release
 * for the rest of its window, on the same schedule (the release's first judgement plus whole
 * intervals; a judgement missed while no monitor ran is not made up, but a window that closed
 * meanwhile gets its last judgement late), and keeps the cooldown and the ping-pong guard. A store
 * that fails costs durability, not judgement: the monitor logs it, judges from memory and writes
 * again later.
 *
 * <p><b>Sharing between replicas.</b> With a {@linkplain Builder#ownership(MonitorOwnership)
 * ownership}, the replicas of a service share the deployments: each deployment belongs to a shard
 * ({@link MonitorOwnership#shardOf}), each replica holds the leases of its fair part of the shards,
 * renewing them every third of the {@linkplain Builder#leaseDuration(Duration) lease duration}, and
 * judges only the deployments of the shards it surely holds. So each deployment is judged by one
 * replica per interval; a shard handed over is judged by its new holder from the next judgement
 * time after it took the lease; a replica that dies loses its leases after the lease duration (by
 * default half the interval), and its deployments are judged again within two intervals. Every replica
 * may be told of a release ({@link #watch}): told one replica, the others learn it from the store.
 *
 * <p>Without a store or an ownership the monitor keeps everything in memory, as before.
 */
public final class DeploymentMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rollback.monitor");
  /** How often a judgement waits a quarter of a renewal for a late renewal of its shard: 1.5 renewals in all. */
  private static final int MAX_DEFERRALS = 6;

  private final RollbackEngine engine;
  private final MetricsSource metrics;
  private final Detector detector;
  private final Duration interval;
  private final Executor executor;
  private final Consumer<Verdict> verdicts;
  private final Consumer<Decision> decisions;
  private final Consumer<Judgement> judgements;
  private final DecisionPolicy policy;
  private final Duration judgementWindow;
  private final Duration maxBaseline;
  private final int maxPointsPerQuery;
  private final @Nullable MonitorStates states;
  private final @Nullable ShardKeeper shards;
  private final Duration renewEvery;
  private final Duration resyncEvery;
  /** The releases to judge, by this replica or another: what {@link #watching} answers. */
  private final Map<DeploymentRef, Release> targets = new ConcurrentHashMap<>();
  /** The releases this replica judges now. */
  private final Map<DeploymentRef, Watch> watches = new ConcurrentHashMap<>();
  private final Map<DeploymentRef, Instant> lastRunStarted = new ConcurrentHashMap<>();
  private final Map<DeploymentRef, RollbackTarget> rollbackTargets = new ConcurrentHashMap<>();
  private volatile @Nullable Instant lastResync;
  private volatile boolean closed;

  private DeploymentMonitor(Builder b, RollbackEngine engine, MetricsSource metrics, Detector detector, Executor executor) {
    this.engine = engine;
    this.metrics = metrics;
    this.detector = detector;
    this.interval = b.interval;
    this.executor = executor;
    this.verdicts = b.verdicts;
    this.decisions = b.decisions;
    this.judgements = b.judgements;
    this.policy = b.policy;
    this.judgementWindow = b.judgementWindow;
    this.maxBaseline = b.maxBaseline;
    this.maxPointsPerQuery = b.maxPointsPerQuery;
    MonitorStateStore store = b.stateStore;
    this.states = store == null ? null : new MonitorStates(store, executor, engine.scheduler(), this::remember);
    MonitorOwnership ownership = b.ownership;
    Duration lease = b.leaseDuration == null ? interval.dividedBy(2) : b.leaseDuration;
    String replica = b.replica == null ? "monitor-" + UUID.randomUUID() : b.replica;
    this.shards = ownership == null ? null : new ShardKeeper(ownership, replica, lease, engine.scheduler().clock());
    this.renewEvery = lease.dividedBy(3);
    this.resyncEvery = b.resyncEvery == null ? interval : b.resyncEvery;
  }

  /**
   * A release to judge: the deployment's target, the time of its first judgement (the origin of
   * its schedule), the time of its last, and whether missing data was paged.
   */
  private record Release(MonitoredDeployment target, Instant since, Instant end, boolean paged) {
    WatchedRelease stored() {
      return new WatchedRelease(target.versionId(), target.deployedAt(), since, end, paged);
    }

    boolean same(WatchedRelease w) {
      return Objects.equals(target.versionId(), w.versionId()) && target.deployedAt().equals(w.deployedAt())
          && end.equals(w.judgedUntil());
    }

    static Release of(DeploymentRef deployment, WatchedRelease w) {
      Duration window = Duration.between(w.deployedAt(), w.judgedUntil());
      MonitoredDeployment target = new MonitoredDeployment(deployment, w.versionId(), w.deployedAt(),
          window.isZero() || window.isNegative() ? null : window);
      return new Release(target, w.watchedSince(), w.judgedUntil(), w.paged());
    }
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts the renewals and resyncs of a sharing or durable monitor; called once by the builder. */
  private DeploymentMonitor start() {
    if (shards != null || states != null) {
      engine.scheduler().execute(this::tick);
    }
    return this;
  }

  /**
   * Starts watching {@code target} until its judgement window closes, replacing an earlier watch of
   * the same deployment; watching the release already watched (same version, release time and
   * window) again changes nothing. With a state store the release is recorded there; with an
   * ownership it is judged by the replica that holds its shard.
   */
  public void watch(MonitoredDeployment target) {
    Objects.requireNonNull(target, "target");
    DeploymentRef d = target.deployment();
    Instant now = engine.scheduler().clock().instant();
    Duration window = target.judgementWindow();
    Release release = new Release(target, now, target.deployedAt().plus(window == null ? judgementWindow : window),
        false);
    Release earlier = targets.get(d);
    if (earlier != null && earlier.same(release.stored()) && watchedHere(d, earlier)) {
      return;
    }
    targets.put(d, release);
    MonitorStates s = states;
    if (s == null) {
      judgeHere(release, Duration.ZERO);
      return;
    }
    WatchedRelease stored = release.stored();
    s.update(d, state -> state.watched() != null && release.same(state.watched()) ? state : state.withWatched(stored))
        .whenComplete((v, e) -> judgeHere(release, Duration.ZERO));
  }

  /** Returns whether {@code release} is judged, here or (with an ownership) by another replica. */
  private boolean watchedHere(DeploymentRef d, Release release) {
    if (shards != null) {
      return true;
    }
    Watch w = watches.get(d);
    return w != null && w.release == release && !w.stopped;
  }

  /** Stops watching {@code deployment}. */
  public void unwatch(DeploymentRef deployment) {
    Release release = targets.remove(deployment);
    Watch watch = watches.remove(deployment);
    if (watch != null) {
      watch.stopped = true;
    }
    MonitorStates s = states;
    if (s != null && release != null) {
      s.update(deployment, state -> state.watched() != null && release.same(state.watched())
          ? state.withWatched(null) : state);
    }
  }

  /**
   * Returns whether {@code deployment} is watched: by this monitor, or with an ownership by the
   * replica that holds its shard, as far as this monitor knows.
   */
  public boolean watching(DeploymentRef deployment) {
    return targets.containsKey(deployment);
  }

  /**
   * Records that {@code deployment} was rolled back to {@code versionId} at {@code at} by a run this
   * monitor did not start, so that the ping-pong rule protects that version too.
   */
  public void recordRollback(DeploymentRef deployment, String versionId, Instant at) {
    RollbackTarget target = new RollbackTarget(Objects.requireNonNull(versionId, "versionId"),
        Objects.requireNonNull(at, "at"));
    rollbackTargets.merge(Objects.requireNonNull(deployment, "deployment"), target, DeploymentMonitor::later);
    MonitorStates s = states;
    if (s != null) {
      s.update(deployment, state -> state.withRollbackTarget(later(state.rollbackTarget(), target)));
    }
  }

  /**
   * Stops every watch; with an ownership, gives up this replica's shards and membership (blocking on
   * the ownership's calls), so that the other replicas take them at their next renewal. Runs
   * already started go on.
   */
  @Override
  public void close() {
    closed = true;
    watches.values().forEach(w -> w.stopped = true);
    watches.clear();
    ShardKeeper keeper = shards;
    if (keeper != null) {
      Throwable failed = UserCode.run(keeper::releaseAll);
      if (failed != null) {
        LOG.warn("monitor replica {}: giving up its shards on close failed; they run out by themselves",
            keeper.replica(), failed);
      }
    }
  }

  /** Caches what the store says of a deployment: its last run and rollback target, the later ones win. */
  private void remember(MonitorState state) {
    Instant lastRun = state.lastRunStartedAt();
    if (lastRun != null) {
      lastRunStarted.merge(state.deployment(), lastRun, (a, b) -> a.isAfter(b) ? a : b);
    }
    RollbackTarget target = state.rollbackTarget();
    if (target != null) {
      rollbackTargets.merge(state.deployment(), target, DeploymentMonitor::later);
    }
  }

  private static RollbackTarget later(@Nullable RollbackTarget a, RollbackTarget b) {
    return a != null && a.at().isAfter(b.at()) ? a : b;
  }

  /** Returns whether this replica judges {@code deployment}: always without an ownership. */
  private boolean owns(DeploymentRef deployment) {
    ShardKeeper keeper = shards;
    return keeper == null || keeper.holds(deployment);
  }

  /** Starts judging {@code release} here after {@code delay}, if it is still the target and this replica owns it. */
  private void judgeHere(Release release, Duration delay) {
    DeploymentRef d = release.target().deployment();
    if (closed || targets.get(d) != release || !owns(d)) {
      return;
    }
    Watch watch = new Watch(release);
    Watch previous = watches.put(d, watch);
    if (previous != null) {
      previous.stopped = true;
    }
    watch.scheduleNext(delay);
  }

  /**
   * Starts judging every target this replica owns and does not judge yet, from the next judgement
   * time of its schedule.
   */
  private void adopt() {
    Instant now = engine.scheduler().clock().instant();
    for (Release release : targets.values()) {
      DeploymentRef d = release.target().deployment();
      Watch current = watches.get(d);
      if ((current == null || current.stopped || current.release != release) && owns(d)) {
        judgeHere(release, untilNextJudgement(release, now));
      }
    }
  }

  /** Returns how long from {@code now} until the next judgement of {@code release} after {@code now}. */
  private Duration untilNextJudgement(Release release, Instant now) {
    if (!now.isBefore(release.end())) {
      return Duration.ZERO; // the window closed while no replica judged it: its last judgement, late
    }
    long done = now.isBefore(release.since()) ? -1 : Duration.between(release.since(), now).dividedBy(interval);
    Instant next = release.since().plus(interval.multipliedBy(done + 1));
    return Duration.between(now, next.isAfter(release.end()) ? release.end() : next);
  }

  /** One round of renewals (with an ownership) and, when due or when shards were taken, of resync. */
  private void tick() {
    if (closed) {
      return;
    }
    Throwable refused = UserCode.run(() -> executor.execute(() -> {
      Throwable failed = UserCode.run(this::renewAndResync);
      if (failed != null) {
        LOG.warn("the monitor's renewal and resync failed; trying again in {}", renewEvery, failed);
      }
      scheduleTick();
    }));
    if (refused != null) {
      LOG.error("the monitor's executor refused its renewal; trying again in {}", renewEvery, refused);
      scheduleTick();
    }
  }

  private void scheduleTick() {
    if (!closed) {
      engine.scheduler().schedule(shards != null ? renewEvery : resyncEvery, this::tick);
    }
  }

  private void renewAndResync() throws InterruptedException {
    ShardKeeper keeper = shards;
    boolean gained = false;
    if (keeper != null) {
      ShardKeeper.Change change = keeper.renew();
      gained = !change.gained().isEmpty();
      for (Watch w : watches.values()) {
        if (!keeper.holds(w.release.target().deployment())) {
          w.stop();
        }
      }
    }
    Instant now = engine.scheduler().clock().instant();
    Instant last = lastResync;
    MonitorStates s = states;
    if (s != null && (gained || last == null || !now.isBefore(last.plus(resyncEvery)))) {
      resync(s);
      lastResync = now;
    }
    if (!closed) {
      adopt();
    }
  }

  /**
   * Makes the targets those of the store: a release stored and not known here is taken, one known
   * here and no longer stored (another replica ended it) is dropped, unless a change of it is still
   * being written or failed to be; those that failed are written again.
   */
  private void resync(MonitorStates s) throws InterruptedException {
    for (DeploymentRef d : s.unsaved()) {
      Release release = targets.get(d);
      WatchedRelease wanted = release == null ? null : release.stored();
      s.update(d, state -> state.withWatched(wanted));
    }
    Set<DeploymentRef> stored = new HashSet<>();
    for (StoredMonitorState entry : s.watched()) {
      MonitorState state = entry.state();
      WatchedRelease w = state.watched();
      DeploymentRef d = state.deployment();
      if (w == null || s.pending(d)) {
        stored.add(d);
        continue;
      }
      stored.add(d);
      Release known = targets.get(d);
      if (known == null || !known.same(w)) {
        targets.put(d, Release.of(d, w));
      }
    }
    for (DeploymentRef d : List.copyOf(targets.keySet())) {
      if (!stored.contains(d) && !s.pending(d) && !s.unsaved().contains(d)) {
        Release gone = targets.remove(d);
        Watch w = watches.get(d);
        if (gone != null && w != null && w.release == gone) {
          w.stop();
        }
      }
    }
  }

  private final class Watch implements DetectionContext {
    private final Release release;
    private final MonitoredDeployment target;
    /** When the judgement window closes: the time of the last judgement. */
    private final Instant end;
    private volatile boolean stopped;
    private volatile Instant now;
    private volatile int samplesSeen;
    private volatile boolean paged;
    /** How the metrics source broke its contract in the current judgement, if it did. */
    private volatile @Nullable String brokenContract;
    /** Whether the current judgement was told to the judgement listener. */
    private volatile boolean reported;
    /** How often the current judgement waited for a late renewal of its shard's lease. */
    private volatile int deferrals;
    /**
     * The series the current judgement fetched, by metric and window: a composition whose charts ask
     * for the same window (the default's error charts do) gets one query, and every chart the same
     * samples.
     */
    private final Map<Fetched, MetricSeries> fetched = new ConcurrentHashMap<>();

    Watch(Release release) {
      this.release = release;
      this.target = release.target();
      this.now = target.deployedAt();
      this.end = release.end();
      this.paged = release.paged();
    }

    /** Stops judging here, leaving the target to whoever owns it. */
    void stop() {
      stopped = true;
      watches.remove(target.deployment(), this);
    }

    void scheduleNext(Duration delay) {
      if (!stopped && !closed) {
        engine.scheduler().schedule(delay, () -> {
          Throwable refused = UserCode.run(() -> executor.execute(this::judge));
          if (refused != null) {
            LOG.error("[{}] the monitor's executor refused a judgement; judging again in {}", target.deployment(),
                interval, refused);
            scheduleNext(interval);
          }
        });
      }
    }

    /**
     * Judges once, whatever the detector, the metrics source, the listeners or the policy throw,
     * and judges again at the next interval unless the judgement ended the watch.
     */
    private void judge() {
      if (stopped || closed) {
        return;
      }
      if (targets.get(target.deployment()) != release) {
        stop(); // replaced, or ended by another replica
        return;
      }
      if (!owns(target.deployment())) {
        ShardKeeper keeper = shards;
        if (keeper != null && keeper.renewing(target.deployment()) && deferrals < MAX_DEFERRALS) {
          // The lease's renewal is late (a slow API): nobody else may judge until it is lost, so
          // this judgement waits for the renewal rather than leave its interval without one.
          deferrals++;
          scheduleNext(renewEvery.dividedBy(4));
        } else {
          stop(); // its shard is no longer held here
        }
        return;
      }
      deferrals = 0;
      reported = false;
      CallOutcome<Boolean> judged = UserCode.call("the judgement", this::judgeOnce);
      if (judged instanceof CallOutcome.Failed<Boolean> failed) {
        if (!reported) {
          report(new Judgement.Result.Failed(failed.message()));
        }
        LOG.warn("[{}] judging with detector {} failed; judging again in {}: {}", target.deployment(), detectorName(),
            interval, failed.message(), failed.cause());
        next();
      } else if (((CallOutcome.Answered<Boolean>) judged).value()) {
        next();
      }
    }

    /**
     * Schedules the next judgement at the next time of the schedule (the first judgement plus whole
     * intervals), no later than the window's end, or ends the watch when the judgement just made was
     * the last one of the window.
     */
    private void next() {
      Instant clock = engine.scheduler().clock().instant();
      if (!clock.isBefore(end)) {
        stopped = true;
        watches.remove(target.deployment(), this);
        if (targets.remove(target.deployment(), release)) {
          LOG.info("[{}] version {} was judged for its whole judgement window, until {}; no longer watched",
              target.deployment(), target.versionId(), end);
          endStored(state -> state);
        }
        return;
      }
      scheduleNext(untilNextJudgement(release, clock));
    }

    /** Clears the stored release if it is still this one, and applies {@code more}. */
    private void endStored(java.util.function.UnaryOperator<MonitorState> more) {
      MonitorStates s = states;
      if (s != null) {
        s.update(target.deployment(), state -> more.apply(state.watched() != null && release.same(state.watched())
            ? state.withWatched(null) : state));
      }
    }

    /** Judges once; returns whether to judge again. */
    private boolean judgeOnce() {
      Instant clock = engine.scheduler().clock().instant();
      now = clock.isAfter(end) ? end : clock;
      samplesSeen = 0;
      brokenContract = null;
      fetched.clear();
      CallOutcome<Verdict> judged = UserCode.call("Detector '" + detectorName() + "'", () -> detector.judge(this));
      fetched.clear(); // not held between judgements: a watch of a day's history would keep it all
      String broken = brokenContract;
      if (judged instanceof CallOutcome.Failed<Verdict> failed) {
        LOG.warn("[{}] {}; judging again in {}", target.deployment(), failed.message(), interval, failed.cause());
        report(new Judgement.Result.Failed(failed.message()));
        return true;
      }
      if (broken != null) {
        LOG.warn("[{}] the verdict of detector {} is not trusted, because {}; judging again in {}", target.deployment(),
            detectorName(), broken, interval);
        report(new Judgement.Result.Failed("the verdict of detector " + detectorName() + " is not trusted, because "
            + broken));
        return true;
      }
      Verdict verdict = ((CallOutcome.Answered<Verdict>) judged).value();
      Throwable thrown = UserCode.run(() -> verdicts.accept(verdict));
      if (thrown != null) {
        LOG.warn("[{}] verdict listener threw; monitoring goes on", target.deployment(), thrown);
      }
      Decision decision = policy.decide(verdict, situation());
      thrown = UserCode.run(() -> decisions.accept(decision));
      if (thrown != null) {
        LOG.warn("[{}] decision listener threw; monitoring goes on", target.deployment(), thrown);
      }
      report(new Judgement.Result.Judged(verdict, decision));
      if (stopped) {
        return false;
      }
      if (decision instanceof Decision.Rollback rollback) {
        startRun(rollback);
        return false;
      } else if (decision instanceof Decision.Page page && page.finding() != null) {
        stop();
        if (targets.remove(target.deployment(), release)) {
          endStored(state -> state);
        }
        LOG.warn("[{}] anomaly, but no automatic rollback: {}", target.deployment(), page.reason());
        return false;
      }
      if (decision instanceof Decision.Page page) {
        paged = true;
        MonitorStates s = states;
        if (s != null) {
          s.update(target.deployment(), state -> state.watched() != null && release.same(state.watched())
              ? state.withWatched(state.watched().withPaged()) : state);
        }
        LOG.warn("[{}] paging: {}", target.deployment(), page.reason());
      } else if (decision instanceof Decision.Hold hold) {
        LOG.info("[{}] anomaly held: {}", target.deployment(), hold.reason());
      }
      return true;
    }

    /**
     * Tells the judgement listener how the judgement that started at {@link #now} ended; a listener
     * that throws is logged and changes nothing.
     */
    private void report(Judgement.Result result) {
      reported = true;
      Instant started = now;
      Duration took = Duration.between(started, engine.scheduler().clock().instant());
      Judgement judgement = new Judgement(target.deployment(), detectorName(), started,
          took.isNegative() ? Duration.ZERO : took, result);
      Throwable thrown = UserCode.run(() -> judgements.accept(judgement));
      if (thrown != null) {
        LOG.warn("[{}] judgement listener threw; monitoring goes on", target.deployment(), thrown);
      }
    }

    private DecisionPolicy.Situation situation() {
      RollbackTarget rollbackTarget = rollbackTargets.get(target.deployment());
      Instant becameCurrent = rollbackTarget != null && rollbackTarget.versionId().equals(target.versionId())
          ? rollbackTarget.at() : null;
      return new DecisionPolicy.Situation(target.versionId(), target.deployedAt(), now, samplesSeen,
          lastRunStarted.get(target.deployment()), becameCurrent, paged);
    }

    /**
     * Ends the watch and starts the run; with a store, once the run's start is recorded there (or
     * failed to be), so that a monitor restarted meanwhile holds the deployment in its cooldown.
     */
    private void startRun(Decision.Rollback rollback) {
      DeploymentRef d = target.deployment();
      stop();
      targets.remove(d, release);
      Instant started = now;
      lastRunStarted.merge(d, started, (a, b) -> a.isAfter(b) ? a : b);
      LOG.warn("[{}] anomaly: {}; starting a rollback", d, rollback.finding().summary());
      MonitorStates s = states;
      if (s == null) {
        run(rollback);
      } else {
        s.update(d, state -> {
          MonitorState ended = state.watched() != null && release.same(state.watched()) ? state.withWatched(null)
              : state;
          Instant last = ended.lastRunStartedAt();
          return last != null && last.isAfter(started) ? ended : ended.withLastRunStartedAt(started);
        }).whenComplete((v, e) -> run(rollback));
      }
    }

    private void run(Decision.Rollback rollback) {
      DeploymentRef d = target.deployment();
      CompletableFuture<RunResult> run = engine.start(d, Trigger.detected(rollback.finding()));
      run.whenComplete((r, e) -> {
        if (e != null) {
          LOG.error("[{}] the rollback run failed in the engine", d, e);
          return;
        }
        Version to = r.to();
        if (r.outcome() == RunOutcome.ROLLED_BACK && to != null) {
          RollbackTarget rolledBackTo = new RollbackTarget(to.id(), r.endedAt());
          rollbackTargets.merge(d, rolledBackTo, DeploymentMonitor::later);
          MonitorStates s = states;
          if (s != null) {
            s.update(d, state -> state.withRollbackTarget(later(state.rollbackTarget(), rolledBackTo)));
          }
        }
      });
    }

    private String detectorName() {
      return UserCode.orElse("Detector.name", detector::name, detector.getClass().getName());
    }

    @Override
    public DeploymentRef deployment() {
      return target.deployment();
    }

    @Override
    public @Nullable String versionId() {
      return target.versionId();
    }

    @Override
    public Instant deployedAt() {
      return target.deployedAt();
    }

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public MetricSeries fetch(String metric, TimeWindow window) throws InterruptedException {
      Instant earliest = target.deployedAt().minus(maxBaseline);
      Instant from = window.from().isBefore(earliest) ? earliest : window.from();
      Instant to = window.to().isAfter(now) ? now : window.to();
      if (to.isBefore(from)) {
        return new MetricSeries(metric, List.of());
      }
      Fetched key = new Fetched(metric, from, to, window.step());
      MetricSeries known = fetched.get(key);
      if (known != null) {
        return known;
      }
      MetricQuery query = new MetricQuery(metric, target.deployment(), target.versionId());
      List<Sample> samples = new ArrayList<>();
      // Each query covers at most maxPointsPerQuery steps' points, both ends inclusive.
      Duration span = window.step().multipliedBy(maxPointsPerQuery - 1L);
      for (Instant start = from; !start.isAfter(to); start = start.plus(span).plus(window.step())) {
        Instant stop = Duration.between(start, to).compareTo(span) > 0 ? start.plus(span) : to;
        for (Sample sample : checked(metric, metrics.fetch(query, new TimeWindow(start, stop, window.step())))) {
          boolean inRange = !sample.at().isBefore(start) && !sample.at().isAfter(stop);
          if (inRange && (samples.isEmpty() || sample.at().isAfter(samples.get(samples.size() - 1).at()))) {
            samples.add(sample);
          }
        }
      }
      MetricSeries series = new MetricSeries(metric, samples);
      countSince(series);
      fetched.put(key, series);
      return series;
    }

    /** Returns the samples of {@code series}, or throws when the source broke its contract. */
    private List<Sample> checked(String metric, @Nullable MetricSeries series) {
      if (series == null) {
        brokenContract = "the metrics source answered null for " + metric;
        throw new IllegalStateException("MetricsSource answered null for " + metric);
      }
      if (!metric.equals(series.metric())) {
        // Kept even if the detector catches the exception: its verdict would rest on the wrong data.
        brokenContract = "the metrics source answered a series of " + series.metric() + " when asked for " + metric;
        throw new IllegalStateException("MetricsSource answered a series of " + series.metric() + " when asked for "
            + metric);
      }
      return series.samples();
    }

    private void countSince(MetricSeries series) {
      int since = 0;
      for (Sample sample : series.samples()) {
        if (!sample.at().isBefore(target.deployedAt()) && !sample.at().isAfter(now) && !Double.isNaN(sample.value())) {
          since++;
        }
      }
      samplesSeen = Math.max(samplesSeen, since);
    }
  }

  /** A metric's window, as a judgement asked the source for it (cut to the range the monitor allows). */
  private record Fetched(String metric, Instant from, Instant to, Duration step) {}

  /** Builds a {@link DeploymentMonitor}. */
  public static final class Builder {
    private @Nullable RollbackEngine engine;
    private @Nullable MetricsSource metrics;
    private @Nullable Detector detector;
    private Duration interval = Duration.ofSeconds(30);
    private @Nullable Executor executor;
    private Consumer<Verdict> verdicts = v -> {};
    private Consumer<Decision> decisions = d -> {};
    private Consumer<Judgement> judgements = j -> {};
    private DecisionPolicy policy = DecisionPolicy.ofDefaults();
    private Duration judgementWindow = Duration.ofHours(2);
    private Duration maxBaseline = Duration.ofHours(26);
    private int maxPointsPerQuery = 11_000;
    private @Nullable MonitorStateStore stateStore;
    private @Nullable MonitorOwnership ownership;
    private @Nullable String replica;
    private @Nullable Duration leaseDuration;
    private @Nullable Duration resyncEvery;

    private Builder() {}

    /**
     * Sets where the monitor keeps its state, so that a restarted monitor or another replica goes on
     * judging the same releases and keeps the cooldown and ping-pong guarantees; default none (in
     * memory only).
     */
    public Builder stateStore(MonitorStateStore stateStore) {
      this.stateStore = Objects.requireNonNull(stateStore, "stateStore");
      return this;
    }

    /**
     * Shares the deployments with the other replicas that use the same ownership: this monitor
     * judges only the deployments of the shards whose leases it holds; default none (it judges
     * every deployment it watches). Use it with a {@linkplain #stateStore state store}, or tell
     * every replica of every release.
     */
    public Builder ownership(MonitorOwnership ownership) {
      this.ownership = Objects.requireNonNull(ownership, "ownership");
      return this;
    }

    /**
     * Sets this replica's name among those sharing an ownership (e.g. the pod's name), unique among
     * the live replicas: two live monitors of one name would both judge the same shards. Default
     * {@code monitor-} and a random UUID.
     */
    public Builder replica(String replica) {
      this.replica = Objects.requireNonNull(replica, "replica");
      return this;
    }

    /**
     * Sets how long a shard's lease lasts unrenewed; it is renewed every third of it. Default and
     * at most half the interval: the shards of a replica that dies are taken over within the lease
     * duration and two renewals (5/6 of an interval), and each of its deployments is judged at the
     * next time of its schedule after that, so within two intervals of the death.
     */
    public Builder leaseDuration(Duration leaseDuration) {
      this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
      return this;
    }

    /**
     * Sets how often the releases are read again from the state store, to learn of releases told to
     * another replica and of watches another replica ended; default the interval. The store is
     * also read at once on build and whenever this replica takes shards.
     */
    public Builder resyncEvery(Duration resyncEvery) {
      this.resyncEvery = Objects.requireNonNull(resyncEvery, "resyncEvery");
      return this;
    }

    /**
     * Sets how long after its release a deployment is judged when its {@link MonitoredDeployment}
     * names no window; default 2 h. The watch ends once it has passed.
     */
    public Builder judgementWindow(Duration judgementWindow) {
      this.judgementWindow = Objects.requireNonNull(judgementWindow, "judgementWindow");
      return this;
    }

    /**
     * Sets how far before the release a detector may look for its baseline; default 26 h (the
     * default detection's 2 h baseline and the day of history before it). A window a detector asks
     * for that starts earlier is cut to it.
     */
    public Builder maxBaseline(Duration maxBaseline) {
      this.maxBaseline = Objects.requireNonNull(maxBaseline, "maxBaseline");
      return this;
    }

    /**
     * Sets the most points one query may ask the metrics source for, a window's both ends included
     * (its length divided by its step, plus one); default 11,000, Prometheus' limit per series. A
     * longer window is fetched as several queries.
     */
    public Builder maxPointsPerQuery(int maxPointsPerQuery) {
      this.maxPointsPerQuery = maxPointsPerQuery;
      return this;
    }

    /** Sets the decision policy; default {@link DecisionPolicy#ofDefaults()}. */
    public Builder policy(DecisionPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets a listener for every decision; it must not block. Paging a person is its job: the monitor
     * only logs a {@link Decision.Page}.
     */
    public Builder onDecision(Consumer<Decision> decisions) {
      this.decisions = Objects.requireNonNull(decisions, "decisions");
      return this;
    }

    /** Sets the engine that runs rollbacks (required). */
    public Builder engine(RollbackEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /** Sets where metrics come from (required). */
    public Builder metrics(MetricsSource metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Sets the detector (required). */
    public Builder detector(Detector detector) {
      this.detector = Objects.requireNonNull(detector, "detector");
      return this;
    }

    /** Sets how often each deployment is judged; default 30 s. */
    public Builder interval(Duration interval) {
      this.interval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** Sets the executor judgements run on; default the engine's adapter executor. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Sets a listener for every verdict (e.g. for metrics or tests); it must not block. */
    public Builder onVerdict(Consumer<Verdict> verdicts) {
      this.verdicts = Objects.requireNonNull(verdicts, "verdicts");
      return this;
    }

    /**
     * Sets a listener for every judgement, whether or not it came to a verdict, with how long it
     * took (e.g. for metrics); it must not block. It is called on the judging thread after the
     * verdict and decision listeners and before a run starts. Anything it throws is logged at WARN
     * and changes nothing.
     */
    public Builder onJudgement(Consumer<Judgement> judgements) {
      this.judgements = Objects.requireNonNull(judgements, "judgements");
      return this;
    }

    /**
     * Returns the monitor.
     *
     * @throws InvalidConfigurationException naming every missing or bad setting
     */
    public DeploymentMonitor build() {
      ConfigProblems problems = ConfigProblems.of("DeploymentMonitor");
      if (engine == null) {
        problems.add("engine is required");
      }
      if (metrics == null) {
        problems.add("metrics is required");
      }
      if (detector == null) {
        problems.add("detector is required");
      }
      problems.within("interval", interval);
      problems.within("judgementWindow", judgementWindow);
      problems.within("maxBaseline", maxBaseline);
      problems.atLeast("maxPointsPerQuery", maxPointsPerQuery, 1);
      if (replica != null) {
        problems.notBlank("replica", replica);
        problems.check(replica.length() > 128, "replica must be at most 128 characters but has " + replica.length());
      }
      if (leaseDuration != null) {
        problems.atLeast("leaseDuration", leaseDuration, Duration.ofMillis(3));
        problems.check(leaseDuration.compareTo(interval.dividedBy(2)) > 0 && !interval.isNegative(),
            "leaseDuration must be at most half the interval (" + interval + ") but was " + leaseDuration
                + ": a dead replica's deployments could wait longer than two intervals");
      }
      if (resyncEvery != null) {
        problems.within("resyncEvery", resyncEvery);
      }
      if (ownership != null || stateStore != null) {
        problems.atLeast("interval", interval, Duration.ofMillis(3));
      }
      if (!problems.isEmpty() || engine == null || metrics == null || detector == null) {
        throw problems.exception();
      }
      Executor e = executor == null ? engine.adapterExecutor() : executor;
      return new DeploymentMonitor(this, engine, metrics, detector, e).start();
    }
  }
}
