package dev.rollback.core.detect;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.core.MetricTrace;
import dev.rollback.core.detect.internal.ChangePoint;
import dev.rollback.core.detect.internal.Cusum;
import dev.rollback.core.detect.internal.MetricWindows;
import dev.rollback.core.detect.internal.SampleStats;
import dev.rollback.core.detect.internal.Texts;
import dev.rollback.spi.Sample;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Sequential change detection of one metric: a tabular CUSUM over the samples since the
 * deployment, calibrated from the {@code baseline} window before it.
 *
 * <p>The baseline gives the in-control mean and standard deviation of the (optionally {@link
 * Transform transformed}) metric. Each later sample is standardized by them and clipped to
 * {@code ±clip} standard deviations, so that a single outlier cannot raise an alarm; the CUSUM
 * accumulates the excess over the reference value {@code k = shift / 2} and signals when it passes
 * the decision interval {@code h}, chosen so that an unchanged metric raises a false alarm about
 * once every {@code averageRunLength} samples (Siegmund's approximation). This is the fastest
 * detector of a step of {@code shift} standard deviations at that false-alarm rate (Lorden 1971).
 *
 * <p>The standard deviation is at least 1% of the baseline mean's absolute value (and at least
 * 1e-12): a degenerate baseline (constant, a single distinct value, all zero) therefore makes any
 * rise of more than a few percent a step of many standard deviations, which alarms within a few
 * samples, and an unchanged constant metric stays at 0.
 *
 * <p>{@link Builder#levelShift} makes an alarm of a rise also need the rise against the level after
 * an upward level shift inside the baseline, which the baseline's mean would average away.
 *
 * <p>A signal is an anomaly only if the mean of the raw samples of the current excursion differs
 * from the baseline mean by at least {@code minimumRelativeChange} in the bad direction: this
 * keeps statistically clear but practically small changes (a daily cycle, a 2% latency wiggle)
 * from rolling back a release. A baseline with fewer than {@code minimumBaselineSamples} samples
 * gives {@link Verdict.NoData}; fewer than {@code minimumSamples} samples since the deployment
 * give {@link Verdict.Insufficient}.
 *
 * <p>Immutable and thread-safe; create with {@link #builder(String)}.
 */
public final class CusumDetector implements Detector {

  /** A variance-stabilizing transform applied before standardizing. */
  public enum Transform {
    /** Use the values as they are. */
    NONE,
    /** Square root: for counts and ratios of counts (error ratios), whose variance grows with the mean. */
    SQRT,
    /** Natural logarithm: for latencies and other log-normal values; non-positive values are dropped. */
    LOG;

    double apply(double x) {
      return switch (this) {
        case NONE -> x;
        case SQRT -> x < 0 ? Double.NaN : Math.sqrt(x);
        case LOG -> x > 0 ? Math.log(x) : Double.NaN;
      };
    }
  }

  private final String metric;
  private final Direction direction;
  private final Transform transform;
  private final double shift;
  private final double averageRunLength;
  private final double clip;
  private final double minimumRelativeChange;
  private final Accumulation accumulation;
  private final double falseAlarmProbability;
  private final boolean autocorrelated;
  private final double shiftThreshold;
  private final int shiftMinimumTail;
  private final Duration baseline;
  private final Duration history;
  private final Duration step;
  private final int minimumBaselineSamples;
  private final int minimumSamples;
  private final double k;
  private final double h;

  private CusumDetector(Builder b) {
    this.metric = b.metric;
    this.direction = b.direction;
    this.transform = b.transform;
    this.shift = b.shift;
    this.averageRunLength = b.averageRunLength;
    this.clip = b.clip;
    this.minimumRelativeChange = b.minimumRelativeChange;
    this.accumulation = b.accumulation;
    this.falseAlarmProbability = b.falseAlarmProbability;
    this.autocorrelated = b.autocorrelated;
    this.shiftThreshold = b.shiftThreshold;
    this.shiftMinimumTail = b.shiftMinimumTail;
    this.baseline = b.baseline;
    this.history = b.history;
    this.step = b.step;
    this.minimumBaselineSamples = b.minimumBaselineSamples;
    this.minimumSamples = b.minimumSamples;
    this.k = shift / 2;
    // Two one-sided charts at twice the run length (half the probability) each give the two-sided rate.
    this.h = accumulation != Accumulation.RESTARTING
        ? -Math.log(direction == Direction.EITHER ? falseAlarmProbability / 2 : falseAlarmProbability)
        : Cusum.decisionInterval(k, direction == Direction.EITHER ? 2 * averageRunLength : averageRunLength);
  }

  /** Returns a builder for a CUSUM of {@code metric} with the default settings. */
  public static Builder builder(String metric) {
    return new Builder(metric);
  }

  /** Returns a builder holding the settings of {@code existing}. */
  public static Builder builder(CusumDetector existing) {
    Builder b = new Builder(existing.metric);
    b.direction = existing.direction;
    b.transform = existing.transform;
    b.shift = existing.shift;
    b.averageRunLength = existing.averageRunLength;
    b.clip = existing.clip;
    b.minimumRelativeChange = existing.minimumRelativeChange;
    b.accumulation = existing.accumulation;
    b.falseAlarmProbability = existing.falseAlarmProbability;
    b.autocorrelated = existing.autocorrelated;
    b.shiftThreshold = existing.shiftThreshold;
    b.shiftMinimumTail = existing.shiftMinimumTail;
    b.baseline = existing.baseline;
    b.history = existing.history;
    b.step = existing.step;
    b.minimumBaselineSamples = existing.minimumBaselineSamples;
    b.minimumSamples = existing.minimumSamples;
    return b;
  }

  @Override
  public String name() {
    return "cusum";
  }

  /** Returns the metric watched. */
  public String metric() {
    return metric;
  }

  /**
   * Returns the decision interval h: in baseline standard deviations for a {@link
   * Accumulation#RESTARTING} chart, a log-likelihood ratio ({@code ln(1 / falseAlarmProbability)})
   * for one {@link Accumulation#SINCE_DEPLOYMENT} or {@link Accumulation#ANY_START}.
   */
  public double decisionInterval() {
    return h;
  }

  @Override
  public Verdict judge(DetectionContext context) throws InterruptedException {
    MetricWindows windows = DetectorWindows.fetch(context, metric, baseline, step);
    List<Sample> base = MetricWindows.usable(windows.baseline(), this::usable);
    List<Sample> current = MetricWindows.usable(windows.current(), this::usable);
    Verdict tooFew = DetectorWindows.tooFewForCusum(metric, baseline, base.size(), minimumBaselineSamples, current.size(),
        minimumSamples);
    if (tooFew != null) {
      return tooFew;
    }
    double[] baseRaw = MetricWindows.values(base);
    double[] baseT = transformed(baseRaw);
    double mean = SampleStats.mean(baseT);
    DetectorWindows.Dispersion dispersion = history.isZero() ? null
        : DetectorWindows.dispersion(context, metric, baseline, history, step, baseT.length, this::usable, transform::apply);
    double spread = dispersion != null && dispersion.usable()
        ? SampleStats.standardDeviation(baseT) * Math.sqrt(dispersion.multiplier())
        : autocorrelated ? Math.sqrt(SampleStats.longRunVariance(baseT)) : SampleStats.standardDeviation(baseT);
    double sd = Math.max(spread, 1e-12 + 0.01 * Math.abs(mean));
    double[] z = new double[current.size()];
    for (int i = 0; i < z.length; i++) {
      z[i] = Math.max(-clip, Math.min(clip, (transform.apply(current.get(i).value()) - mean) / sd));
    }
    double baseMean = SampleStats.mean(baseRaw);
    double[] now = MetricWindows.values(current);
    Signal up = direction.watchesIncrease() ? signal(z, now, baseMean, true) : null;
    Signal down = direction.watchesDecrease() ? signal(negated(z), now, baseMean, false) : null;
    Signal fired = up != null && up.fires ? up : down != null && down.fires ? down : null;
    boolean perRelease = accumulation != Accumulation.RESTARTING;
    String shiftNote = "";
    ChangePoint.Shift levelShift = fired == up && fired != null && shiftThreshold > 0
        ? ChangePoint.lastUpwardShift(baseT, shiftMinimumTail, PoissonCusumDetector.SHIFT_MINIMUM_HEAD, shiftThreshold,
            autocorrelated)
        : null;
    if (levelShift != null) {
      // the level the baseline ends at: judged against it as well, the release must still show the rise
      double[] zTail = new double[current.size()];
      for (int i = 0; i < zTail.length; i++) {
        zTail[i] = Math.max(-clip, Math.min(clip, (transform.apply(current.get(i).value()) - levelShift.tailMean()) / sd));
      }
      double[] tailRaw = Arrays.copyOfRange(baseRaw, levelShift.start(), baseRaw.length);
      double tailRawMean = SampleStats.mean(tailRaw);
      Signal again = signal(zTail, now, tailRawMean, true);
      Instant since = base.get(levelShift.start()).at();
      if (!again.fires) {
        return new Verdict.Healthy(String.format(Locale.ROOT,
            "%s: rose against the %d samples before the deployment, but the baseline's level shifted up at %s"
                + " (mean %s over its last %d samples, z %s) and against that level the evidence is %s of the"
                + " alarm limit %s (mean %s since the deployment)",
            metric, base.size(), since, Texts.number(tailRawMean), tailRaw.length, Texts.number(levelShift.statistic()),
            Texts.number(again.path.statistic()), Texts.number(h), Texts.number(again.excursionMean)));
      }
      shiftNote = String.format(Locale.ROOT, "; it also passed against the level since a shift in the baseline at %s"
          + " (mean %s over its last %d samples, statistic %s)", since, Texts.number(tailRawMean), tailRaw.length,
          Texts.number(again.path.statistic()));
    }
    if (fired == null) {
      Signal shown = up != null ? up : Objects.requireNonNull(down);
      return new Verdict.Healthy(String.format(Locale.ROOT,
          "%s: %s %s of the alarm limit %s over %d samples since the deployment", metric,
          perRelease ? "log-likelihood ratio of a " + Texts.number(shift) + " sd step" : "cumulative excess",
          Texts.number(shown.path.statistic()), Texts.number(h), current.size()));
    }
    Instant start = current.get(current.size() - fired.path.run()).at();
    String spreadFrom = dispersion != null ? DetectorWindows.spreadText(dispersion, autocorrelated, history, baseline)
        : autocorrelated ? ", from the baseline's long-run variance" : "";
    String against = spreadFrom.isEmpty() ? "" : " (sd " + Texts.number(sd) + " of the transformed metric" + spreadFrom + ")";
    int before = current.size() - fired.path.run();
    String over = accumulation == Accumulation.SINCE_DEPLOYMENT
        ? "the " + current.size() + " samples since it (the change dated from " + start + ")"
        : "the last " + fired.path.run() + " samples (since " + start + ")";
    String statistic = Texts.number(fired.path.statistic());
    String reached = switch (accumulation) {
      case SINCE_DEPLOYMENT -> "the log-likelihood ratio of a " + Texts.number(shift) + " sd step since the deployment"
          + " reached " + statistic;
      case ANY_START -> "the log-likelihood ratio of a " + Texts.number(shift) + " sd step since then, "
          + DetectorWindows.startCostText(before) + ", reached " + statistic;
      case RESTARTING -> "the cumulative excess reached " + statistic + " baseline standard deviations";
    };
    String explanation = String.format(Locale.ROOT,
        "%s %s %s after the deployment: mean %s over %s against %s over the %d samples before%s; %s, past the alarm"
            + " limit %s (an unchanged metric passes it %s)",
        metric, fired.increase ? "rose" : "fell", Texts.amount(fired.excursionMean, baseMean),
        Texts.number(fired.excursionMean), over, Texts.number(baseMean), base.size(), against, reached, Texts.number(h),
        perRelease ? "with probability at most " + Texts.number(falseAlarmProbability) + " over the whole watch"
            : "about once in " + Texts.number(averageRunLength) + " samples");
    explanation += shiftNote;
    Evidence evidence = new Evidence(metric, rule(), fired.excursionMean, baseMean, explanation,
        MetricTrace.of(context.deployedAt().minus(baseline), context.deployedAt(), context.now(), base, current, null));
    return new Verdict.Anomalous(new Finding(name(), explanation, List.of(evidence), start, context.now()));
  }

  private record Signal(Cusum.Path path, double excursionMean, boolean increase, boolean fires) {}

  private Signal signal(double[] z, double[] current, double baseMean, boolean increase) {
    Cusum.Path path;
    if (accumulation != Accumulation.RESTARTING) {
      // the log-likelihood ratio of a step of `shift` sd against none, of each clipped sample
      double[] llr = new double[z.length];
      for (int i = 0; i < z.length; i++) {
        llr[i] = shift * (z[i] - k);
      }
      path = accumulation == Accumulation.SINCE_DEPLOYMENT ? Cusum.cumulative(llr, h) : Cusum.anyStart(llr, h);
    } else {
      path = Cusum.upper(z, k, h);
    }
    // since the deployment the gate holds the mean of every sample since it; the run dates the step
    double excursionMean = accumulation == Accumulation.SINCE_DEPLOYMENT
        ? SampleStats.mean(current) : path.excursionMean(current, baseMean);
    double needed = Math.abs(baseMean) * minimumRelativeChange;
    boolean largeEnough = increase ? excursionMean - baseMean >= needed : baseMean - excursionMean >= needed;
    boolean fires = path.statistic() > h && largeEnough && excursionMean != baseMean;
    return new Signal(path, excursionMean, increase, fires);
  }

  /** A sample is usable when it is finite and its transform is defined (the log of a negative is not). */
  private boolean usable(double value) {
    return !Double.isNaN(transform.apply(value)) && !Double.isInfinite(value);
  }

  private double[] transformed(double[] raw) {
    double[] t = new double[raw.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = transform.apply(raw[i]);
    }
    return t;
  }

  private static double[] negated(double[] z) {
    double[] n = new double[z.length];
    for (int i = 0; i < n.length; i++) {
      n[i] = -z[i];
    }
    return n;
  }

  private String rule() {
    String rate = accumulation != Accumulation.RESTARTING
        ? "false alarm with probability " + Texts.number(falseAlarmProbability) + " a release"
        : "false alarm every " + Texts.number(averageRunLength) + " samples";
    return String.format(Locale.ROOT, "%s of %s%s vs the %s before the deployment%s: shift %s sd, alarm limit %s"
            + " (%s), change >= %s%%",
        switch (accumulation) {
          case SINCE_DEPLOYMENT -> "Likelihood ratio since the deployment";
          case ANY_START -> "Likelihood ratio since any sample after the deployment";
          case RESTARTING -> "CUSUM";
        },
        transform == Transform.NONE ? "" : transform.name().toLowerCase(Locale.ROOT) + " ", metric,
        Texts.window(baseline), DetectorWindows.spreadRule(history, autocorrelated), Texts.number(shift), Texts.number(h),
        rate, Texts.number(minimumRelativeChange * 100));
  }

  /**
   * Builds a {@link CusumDetector}: its own settings here, those it shares with the Poisson chart in
   * {@link ChartBuilder}; {@link #build()} reports every bad setting at once.
   */
  public static final class Builder extends ChartBuilder<Builder> {
    private Direction direction = Direction.INCREASE;
    private Transform transform = Transform.NONE;
    private double shift = 1.0;
    private double clip = 4;

    private Builder(String metric) {
      super(metric);
    }

    @Override
    Builder self() {
      return this;
    }

    /** Sets which change is a regression; default {@link Direction#INCREASE}. */
    public Builder direction(Direction direction) {
      this.direction = Objects.requireNonNull(direction, "direction");
      return this;
    }

    /** Sets the transform applied before standardizing; default {@link Transform#NONE}. */
    public Builder transform(Transform transform) {
      this.transform = Objects.requireNonNull(transform, "transform");
      return this;
    }

    /** Sets the step to detect fastest, in baseline standard deviations, > 0; default 1. */
    public Builder shift(double shift) {
      this.shift = shift;
      return this;
    }

    /** Sets where standardized samples are clipped, > shift / 2; default 4. */
    public Builder clip(double clip) {
      this.clip = clip;
      return this;
    }

    /**
     * Returns the detector.
     *
     * @throws InvalidConfigurationException listing every bad setting
     */
    public CusumDetector build() {
      ConfigProblems problems = ConfigProblems.of("CusumDetector");
      problems.notBlank("metric", metric);
      problems.finiteAbove("shift", shift, 0);
      problems.finiteAbove("averageRunLength", averageRunLength, 1);
      problems.check(!(clip > shift / 2), "clip must be > shift / 2 (" + shift / 2 + ") but was " + clip);
      checkShared(problems);
      checkLevelShift(problems);
      problems.throwIfAny();
      return new CusumDetector(this);
    }
  }
}
