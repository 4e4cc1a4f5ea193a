package dev.rollback.core;

import dev.rollback.core.detect.Decision;
import dev.rollback.core.detect.DecisionPolicy;
import dev.rollback.core.detect.DetectionContext;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.Verdict;
import dev.rollback.core.internal.CallOutcome;
import dev.rollback.core.internal.UserCode;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import dev.rollback.spi.Version;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * fetched as consecutive queries whose samples are joined in order.
 *
 * <p>Judgements run on the executor (they fetch metrics, which may block), scheduled on the
 * engine's scheduler. A detector, metrics source, listener or executor that throws anything (an
 * {@link Error} or a checked exception thrown sneakily included), a detector that answers a null
 * verdict, and a metrics source that answers null or a series of another metric than asked are
 * logged at WARN, and the deployment is judged again at the next interval; such a judgement never
 * starts a run, and {@link #watching} stays true. Thread-safe.
 */
public final class DeploymentMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rollback.monitor");

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
  private final Map<DeploymentRef, Watch> watches = new ConcurrentHashMap<>();
  private final Map<DeploymentRef, Instant> lastRunStarted = new ConcurrentHashMap<>();
  private final Map<DeploymentRef, RollbackTarget> rollbackTargets = new ConcurrentHashMap<>();
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
  }

  private record RollbackTarget(String versionId, Instant at) {}

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts watching {@code target} until its judgement window closes, replacing an earlier watch of
   * the same deployment.
   */
  public void watch(MonitoredDeployment target) {
    Objects.requireNonNull(target, "target");
    Watch watch = new Watch(target);
    Watch previous = watches.put(target.deployment(), watch);
    if (previous != null) {
      previous.stopped = true;
    }
    watch.scheduleNext(Duration.ZERO);
  }

  /** Stops watching {@code deployment}. */
  public void unwatch(DeploymentRef deployment) {
    Watch watch = watches.remove(deployment);
    if (watch != null) {
      watch.stopped = true;
    }
  }

  /** Returns whether {@code deployment} is watched. */
  public boolean watching(DeploymentRef deployment) {
    return watches.containsKey(deployment);
  }

  /**
   * Records that {@code deployment} was rolled back to {@code versionId} at {@code at} by a run this
   * monitor did not start, so that the ping-pong rule protects that version too.
   */
  public void recordRollback(DeploymentRef deployment, String versionId, Instant at) {
    rollbackTargets.put(Objects.requireNonNull(deployment, "deployment"),
        new RollbackTarget(Objects.requireNonNull(versionId, "versionId"), Objects.requireNonNull(at, "at")));
  }

  /** Stops every watch. Runs already started go on. */
  @Override
  public void close() {
    closed = true;
    watches.values().forEach(w -> w.stopped = true);
    watches.clear();
  }

  private final class Watch implements DetectionContext {
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

    Watch(MonitoredDeployment target) {
      this.target = target;
      this.now = target.deployedAt();
      Duration window = target.judgementWindow();
      this.end = target.deployedAt().plus(window == null ? judgementWindow : window);
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
     * Schedules the next judgement, no later than the window's end, or ends the watch when the
     * judgement just made was the last one of the window.
     */
    private void next() {
      Instant clock = engine.scheduler().clock().instant();
      if (!clock.isBefore(end)) {
        stopped = true;
        if (watches.remove(target.deployment(), this)) {
          LOG.info("[{}] version {} was judged for its whole judgement window, until {}; no longer watched",
              target.deployment(), target.versionId(), end);
        }
        return;
      }
      Duration left = Duration.between(clock, end);
      scheduleNext(left.compareTo(interval) < 0 ? left : interval);
    }

    /** Judges once; returns whether to judge again. */
    private boolean judgeOnce() {
      Instant clock = engine.scheduler().clock().instant();
      now = clock.isAfter(end) ? end : clock;
      samplesSeen = 0;
      brokenContract = null;
      CallOutcome<Verdict> judged = UserCode.call("Detector '" + detectorName() + "'", () -> detector.judge(this));
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
        watches.remove(target.deployment(), this);
        stopped = true;
        LOG.warn("[{}] anomaly, but no automatic rollback: {}", target.deployment(), page.reason());
        return false;
      }
      if (decision instanceof Decision.Page page) {
        paged = true;
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

    private void startRun(Decision.Rollback rollback) {
      watches.remove(target.deployment(), this);
      stopped = true;
      lastRunStarted.put(target.deployment(), now);
      LOG.warn("[{}] anomaly: {}; starting a rollback", target.deployment(), rollback.finding().summary());
      CompletableFuture<RunResult> run = engine.start(target.deployment(), Trigger.detected(rollback.finding()));
      run.whenComplete((r, e) -> {
        if (e != null) {
          LOG.error("[{}] the rollback run failed in the engine", target.deployment(), e);
          return;
        }
        Version to = r.to();
        if (r.outcome() == RunOutcome.ROLLED_BACK && to != null) {
          rollbackTargets.put(target.deployment(), new RollbackTarget(to.id(), r.endedAt()));
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
    private Duration maxBaseline = Duration.ofDays(1);
    private int maxPointsPerQuery = 11_000;

    private Builder() {}

    /**
     * Sets how long after its release a deployment is judged when its {@link MonitoredDeployment}
     * names no window; default 2 h. The watch ends once it has passed.
     */
    public Builder judgementWindow(Duration judgementWindow) {
      this.judgementWindow = Objects.requireNonNull(judgementWindow, "judgementWindow");
      return this;
    }

    /**
     * Sets how far before the release a detector may look for its baseline; default 1 day. A window
     * a detector asks for that starts earlier is cut to it.
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
      if (!problems.isEmpty() || engine == null || metrics == null || detector == null) {
        throw problems.exception();
      }
      Executor e = executor == null ? engine.adapterExecutor() : executor;
      return new DeploymentMonitor(this, engine, metrics, detector, e);
    }
  }
}
