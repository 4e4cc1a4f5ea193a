package dev.rollback.core.detect;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.core.MetricTrace;
import dev.rollback.core.detect.internal.BinomialTail;
import dev.rollback.core.detect.internal.ChangePoint;
import dev.rollback.core.detect.internal.MetricWindows;
import dev.rollback.core.detect.internal.SampleStats;
import dev.rollback.core.detect.internal.Texts;
import dev.rollback.spi.Sample;
import dev.rollback.spi.helpers.ConfigProblems;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A fixed-sample comparison of a rate of events (an error ratio, errors per second) between the
 * {@code look} after the deployment and the {@code baseline} before it: once the look has passed,
 * the two-sample test of their events that carries the baseline's own uncertainty.
 *
 * <p>The samples are counted quasi-Poisson style as by {@link PoissonCusumDetector}: with baseline
 * mean {@code m} and variance {@code v} (times the {@link Builder#history history}'s dispersion, or
 * the long-run variance when {@link Builder#autocorrelated}), a sample {@code x} stands for {@code x
 * m / v} events. Given the events of both windows together, {@code t}, the share of them after the
 * deployment is binomial with probability {@code p0 = n_after / (n_before + n_after)} (its share
 * of the samples) when the rate did not change, whatever the rate is: the test needs no estimate
 * of it, so a baseline that came out low or high by chance costs it no margin. It alarms when
 * {@code P(X >= events after | t, p0)} ({@link BinomialTail#upper}, exact for few events) is below
 * {@code falseAlarmProbability}, and the mean after the deployment is at least {@code 1 +
 * minimumRelativeChange} times the baseline's. It is judged once over fixed windows, so an
 * unchanged release raises an alarm with probability at most {@code falseAlarmProbability} (for
 * events as counted; a rate that wanders more than its scale says makes it more frequent, which
 * the history's dispersion measures).
 *
 * <p>Sequential tests since the deployment ({@link Accumulation#SINCE_DEPLOYMENT}) must be tuned for
 * one rise and raise the in-control rate by a margin for the baseline's uncertainty; where the rise
 * came out smaller than tuned for against a baseline that came out high, they can end a watch below
 * their limit. This test, at the end of the watch, is their complement: it finds late what they
 * missed, never sooner.
 *
 * <p>Before the look it answers {@link Verdict.Insufficient} (a {@link MultiMetricJudge} leaves it
 * out of the score); from the look on it judges the samples from the deployment to the look, both
 * included, at every judgement: the same samples, so the same verdict, unless a sample arrives late.
 * A watch shorter than the look never reaches it. {@link Builder#levelShift} makes an alarm also
 * need the rise against the level after an upward level shift inside the baseline, as for {@link
 * PoissonCusumDetector}; {@link Builder#levelShiftDatedBy} dates such a shift by another metric,
 * and {@link Builder#levelTrendDatedBy} compares with the baseline's last samples when that metric
 * trends up. {@link Builder#sampleCap} caps each sample's events. A
 * baseline with fewer than {@code minimumBaselineSamples} usable samples
 * gives {@link Verdict.NoData}, fewer than {@code minimumSamples} in the look {@link
 * Verdict.Insufficient}; a metric that is 0 throughout is {@link Verdict.Healthy}. Negative and
 * infinite samples are dropped. Only rises are detected.
 *
 * <p>Immutable and thread-safe; create with {@link #builder(String)}.
 */
public final class PoissonTwoSampleDetector implements Detector {
  private final String metric;
  private final Duration look;
  private final double falseAlarmProbability;
  private final double minimumRelativeChange;
  private final boolean autocorrelated;
  private final double shiftThreshold;
  private final int shiftMinimumTail;
  private final double sampleTailProbability;
  private final @Nullable String datingMetric;
  private final double datingThreshold;
  private final int datingMinimumTail;
  private final double trendThreshold;
  private final int trendRecentSamples;
  private final Duration history;
  private final Duration baseline;
  private final Duration step;
  private final int minimumBaselineSamples;
  private final int minimumSamples;

  private PoissonTwoSampleDetector(Builder b) {
    this.metric = b.metric;
    this.look = b.look;
    this.falseAlarmProbability = b.falseAlarmProbability;
    this.minimumRelativeChange = b.minimumRelativeChange;
    this.autocorrelated = b.autocorrelated;
    this.shiftThreshold = b.shiftThreshold;
    this.shiftMinimumTail = b.shiftMinimumTail;
    this.sampleTailProbability = b.sampleTailProbability;
    this.datingMetric = b.datingMetric;
    this.datingThreshold = b.datingThreshold;
    this.datingMinimumTail = b.datingMinimumTail;
    this.trendThreshold = b.trendThreshold;
    this.trendRecentSamples = b.trendRecentSamples;
    this.history = b.history;
    this.baseline = b.baseline;
    this.step = b.step;
    this.minimumBaselineSamples = b.minimumBaselineSamples;
    this.minimumSamples = b.minimumSamples;
  }

  /** Returns a builder for a two-sample comparison of {@code metric} with the default settings. */
  public static Builder builder(String metric) {
    return new Builder(metric);
  }

  @Override
  public String name() {
    return "poisson-two-sample";
  }

  /** Returns the metric watched. */
  public String metric() {
    return metric;
  }

  /** Returns how long after the deployment the comparison is made. */
  public Duration look() {
    return look;
  }

  @Override
  public Verdict judge(DetectionContext context) throws InterruptedException {
    Instant end = context.deployedAt().plus(look);
    if (context.now().isBefore(end)) {
      return new Verdict.Insufficient(String.format(Locale.ROOT,
          "%s is compared over the %s after the deployment once they have passed, at %s", metric,
          Texts.window(look), end));
    }
    MetricWindows windows = DetectorWindows.fetch(context, metric, baseline, step);
    List<Sample> base = MetricWindows.usable(windows.baseline(), PoissonCusumDetector::usable);
    List<Sample> current = MetricWindows.usable(windows.current(), PoissonCusumDetector::usable).stream()
        .filter(s -> !s.at().isAfter(end)).toList();
    if (base.size() < minimumBaselineSamples) {
      return new Verdict.NoData(metric, metric + " has " + base.size() + " usable samples in the "
          + Texts.window(baseline) + " before the deployment; the two-sample comparison needs " + minimumBaselineSamples);
    }
    if (current.size() < minimumSamples) {
      return new Verdict.Insufficient(current.size() + " of the " + minimumSamples + " samples of " + metric
          + " the two-sample comparison needs in the " + Texts.window(look) + " after the deployment");
    }
    double[] before = MetricWindows.values(base);
    double[] after = MetricWindows.values(current);
    DetectorWindows.Dispersion dispersion =
        PoissonCusumDetector.rateDispersion(context, metric, baseline, history, step, before.length);
    double variance = PoissonCusumDetector.variance(before, dispersion, autocorrelated);
    PoissonCusumDetector.Calibration cal = PoissonCusumDetector.calibrate(before, after, variance, 0);
    if (cal == null) {
      return new Verdict.Healthy(metric + ": 0 throughout the " + base.size() + " samples before and the "
          + current.size() + " after the deployment");
    }
    double beforeMean = SampleStats.mean(before);
    double afterMean = SampleStats.mean(after);
    double cap = sampleTailProbability > 0 ? poissonQuantile(cal.lambda0(), sampleTailProbability)
        : Double.POSITIVE_INFINITY;
    Comparison all = Comparison.of(before, 0, after, cal.scale(), cap);
    boolean largeEnough = afterMean > beforeMean && afterMean >= beforeMean * (1 + minimumRelativeChange);
    if (!(largeEnough && all.p() < falseAlarmProbability)) {
      return new Verdict.Healthy(String.format(Locale.ROOT,
          "%s: mean %s over the %d samples of the %s after the deployment against %s over the %d before (%s events"
              + " against %s), %s of an unchanged rate, the false-alarm probability %s%s",
          metric, Texts.number(afterMean), after.length, Texts.window(look), Texts.number(beforeMean), before.length,
          Texts.number(all.after()), Texts.number(all.before()), Texts.pValue(all.p()),
          Texts.number(falseAlarmProbability), largeEnough ? "" : String.format(Locale.ROOT,
              "; a rollback needs a rise of at least %s%%", Texts.number(minimumRelativeChange * 100))));
    }
    String shiftNote = "";
    ChangePoint.Shift shift = shiftThreshold > 0
        ? ChangePoint.lastUpwardShift(before, shiftMinimumTail, PoissonCusumDetector.SHIFT_MINIMUM_HEAD, shiftThreshold)
        : null;
    if (shift != null) {
      Comparison again = Comparison.of(before, shift.start(), after, cal.scale(), cap);
      boolean stillLarge = afterMean >= shift.tailMean() * (1 + minimumRelativeChange);
      Instant since = base.get(shift.start()).at();
      int tail = before.length - shift.start();
      if (!(stillLarge && again.p() < falseAlarmProbability)) {
        return new Verdict.Healthy(String.format(Locale.ROOT,
            "%s: rose against the %d samples before the deployment (%s), but the baseline's level shifted up at %s"
                + " (mean %s over its last %d samples against %s before, z %s), and against that level the mean %s"
                + " after the deployment is %s (%s events against %s)",
            metric, before.length, Texts.pValue(all.p()), since, Texts.number(shift.tailMean()), tail,
            Texts.number(shift.headMean()), Texts.number(shift.statistic()), Texts.number(afterMean),
            Texts.pValue(again.p()), Texts.number(again.after()), Texts.number(again.before())));
      }
      shiftNote = String.format(Locale.ROOT, "; it also passed against the level since a shift in the baseline at %s"
          + " (mean %s over its last %d samples, %s)", since, Texts.number(shift.tailMean()), tail,
          Texts.pValue(again.p()));
    }
    // the dating metric's baseline, fetched once for its shift and its trend
    List<Sample> dating = datingMetric != null
        ? PoissonCusumDetector.datingBaseline(context, datingMetric, baseline, step) : List.of();
    if (datingMetric != null) {
      PoissonCusumDetector.DatedShift dated = PoissonCusumDetector.datedShift(datingMetric, dating, datingThreshold,
          datingMinimumTail, base);
      if (dated != null) {
        Against again = against(before, dated.from(), after, cal.scale(), cap, afterMean);
        if (!again.passed()) {
          return new Verdict.Healthy(String.format(Locale.ROOT,
              "%s: rose against the %d samples before the deployment (%s), but %s; against %s's level since then"
                  + " (mean %s over its last %d samples before the deployment) the mean %s after the deployment is"
                  + " %s%s",
              metric, before.length, Texts.pValue(all.p()), dated.text(), metric, Texts.number(again.level()),
              again.tail(), Texts.number(afterMean), again.outcome(), riseNeeded(again, "it")));
        }
        shiftNote += String.format(Locale.ROOT, "; it also passed against its level since %s (mean %s over its last"
            + " %d samples before the deployment, %s)", dated.text(), Texts.number(again.level()), again.tail(),
            Texts.pValue(again.comparison().p()));
      }
    }
    String trended = datingMetric != null && trendThreshold > 0 && before.length > trendRecentSamples
        ? PoissonCusumDetector.trendText(datingMetric, dating, trendThreshold, step) : null;
    if (trended != null) {
      Against again = against(before, before.length - trendRecentSamples, after, cal.scale(), cap, afterMean);
      if (!again.passed()) {
        return new Verdict.Healthy(String.format(Locale.ROOT,
            "%s: rose against the %d samples before the deployment (%s), but %s; against its last %d samples"
                + " (mean %s) the mean %s after the deployment is %s%s",
            metric, before.length, Texts.pValue(all.p()), trended, trendRecentSamples, Texts.number(again.level()),
            Texts.number(afterMean), again.outcome(), riseNeeded(again, "them")));
      }
      shiftNote += String.format(Locale.ROOT, "; it also passed against the baseline's last %d samples, since %s"
          + " (mean %s, %s)", trendRecentSamples, trended, Texts.number(again.level()),
          Texts.pValue(again.comparison().p()));
    }
    String explanation = String.format(Locale.ROOT,
        "%s rose %s over the %s after the deployment: mean %s over its %d samples against %s over the %d"
            + " samples before (%s events against %s%s); of all %s events an unchanged rate puts a share of %s after"
            + " the deployment, and %s or more after it has %s, below the false-alarm probability %s%s",
        metric, Texts.amount(afterMean, beforeMean), Texts.window(look), Texts.number(afterMean), after.length,
        Texts.number(beforeMean), before.length, Texts.number(all.after()), Texts.number(all.before()),
        DetectorWindows.spreadText(dispersion, autocorrelated, history, baseline),
        Texts.number(all.after() + all.before()), Texts.number(all.share()), Texts.number(all.after()),
        Texts.pValue(all.p()), Texts.number(falseAlarmProbability), shiftNote + (Double.isInfinite(cap) ? ""
            : String.format(Locale.ROOT, "; each sample counted at most %s events", Texts.number(cap))));
    Evidence evidence = new Evidence(metric, rule(), afterMean, beforeMean, explanation,
        MetricTrace.of(context.deployedAt().minus(baseline), context.deployedAt(), context.now(), base, current, null));
    return new Verdict.Anomalous(new Finding(name(), explanation, List.of(evidence), context.deployedAt(),
        context.now()));
  }

  /**
   * The watch judged again against a level the baseline ends at: its samples from one dated by
   * another metric's shift or trend on.
   *
   * @param comparison the comparison with those samples
   * @param level their mean
   * @param tail how many they are
   * @param stillLarge whether the mean after the deployment is still the minimum rise above the level
   * @param passed whether the rise passed against the level: still large and significant
   */
  private record Against(Comparison comparison, double level, int tail, boolean stillLarge, boolean passed) {
    /** The comparison's outcome in words: "p = 0.0447 (212 events against 39.3)". */
    String outcome() {
      return String.format(Locale.ROOT, "%s (%s events against %s)", Texts.pValue(comparison.p()),
          Texts.number(comparison.after()), Texts.number(comparison.before()));
    }
  }

  /** Judges {@code after} again against the baseline's samples from {@code from} on. */
  private Against against(double[] before, int from, double[] after, double scale, double cap, double afterMean) {
    Comparison again = Comparison.of(before, from, after, scale, cap);
    double level = SampleStats.mean(Arrays.copyOfRange(before, from, before.length));
    boolean stillLarge = afterMean >= level * (1 + minimumRelativeChange);
    return new Against(again, level, before.length - from, stillLarge,
        stillLarge && again.p() < falseAlarmProbability);
  }

  /** Says that the rise against {@code what} (the level) was too small, or nothing when it was large enough. */
  private String riseNeeded(Against against, String what) {
    return against.stillLarge() ? "" : String.format(Locale.ROOT, ", and a rollback needs a rise of at least %s%%"
        + " against %s", Texts.number(minimumRelativeChange * 100), what);
  }

  /**
   * The events of the windows compared and the binomial tail of the share after the deployment.
   *
   * @param before the events of the baseline from the first sample compared
   * @param after the events after the deployment
   * @param share the share of all events an unchanged rate puts after the deployment
   * @param p the probability of at least {@code after} of them after the deployment at that share
   */
  record Comparison(double before, double after, double share, double p) {
    /**
     * Compares {@code after} with {@code base} from index {@code from} on, {@code scale} events a
     * unit, each sample counting at most {@code cap} events.
     */
    static Comparison of(double[] base, int from, double[] after, double scale, double cap) {
      double eventsBefore = 0;
      for (int i = from; i < base.length; i++) {
        eventsBefore += Math.min(cap, base[i] * scale);
      }
      double eventsAfter = 0;
      for (double x : after) {
        eventsAfter += Math.min(cap, x * scale);
      }
      double share = after.length / (double) (base.length - from + after.length);
      return new Comparison(eventsBefore, eventsAfter, share,
          BinomialTail.upper(eventsAfter, eventsBefore + eventsAfter, share));
    }
  }

  /**
   * Returns the smallest whole number {@code c} of events with {@code P(X > c) <= tail} for {@code X}
   * Poisson with mean {@code mean}, and at least 1.
   */
  static double poissonQuantile(double mean, double tail) {
    double pmf = Math.exp(-mean);
    double cdf = pmf;
    int c = 0;
    while (1 - cdf > tail && c < 100_000) {
      c++;
      pmf *= mean / c;
      cdf += pmf;
    }
    return Math.max(1, c);
  }

  private String rule() {
    return String.format(Locale.ROOT, "Two-sample binomial test of %s over the %s after the deployment vs the %s"
            + " before it%s: false alarm with probability at most %s a release, change >= %s%%%s",
        metric, Texts.window(look), Texts.window(baseline), DetectorWindows.spreadRule(history, autocorrelated),
        Texts.number(falseAlarmProbability), Texts.number(minimumRelativeChange * 100), sampleTailProbability > 0
            ? ", each sample capped at the events a Poisson count at the baseline's mean exceeds with probability "
                + Texts.number(sampleTailProbability) : "");
  }

  /** Builds a {@link PoissonTwoSampleDetector}; {@link #build()} reports every bad setting at once. */
  public static final class Builder {
    private final String metric;
    private Duration look = Duration.ofHours(2);
    private double falseAlarmProbability = 0.01;
    private double minimumRelativeChange = 0;
    private boolean autocorrelated;
    private double shiftThreshold = 0;
    private int shiftMinimumTail = 10;
    private double sampleTailProbability = 0;
    private @Nullable String datingMetric;
    private double datingThreshold = 3;
    private int datingMinimumTail = 5;
    private double trendThreshold = 0;
    private int trendRecentSamples = 30;
    private Duration history = Duration.ZERO;
    private Duration baseline = Duration.ofHours(1);
    private Duration step = Duration.ofMinutes(1);
    private int minimumBaselineSamples = 20;
    private int minimumSamples = 10;

    private Builder(String metric) {
      this.metric = Objects.requireNonNull(metric, "metric");
    }

    /**
     * Sets how long after the deployment the windows are compared, > 0; default 2 h (a {@link
     * DeploymentMonitor}'s default judgement window, whose last judgement is at its end). Set it to
     * the watch's length or less: a watch that ends before the look never makes the comparison.
     */
    public Builder look(Duration look) {
      this.look = Objects.requireNonNull(look, "look");
      return this;
    }

    /** Sets the probability that an unchanged release raises an alarm, > 0 and < 1; default 0.01. */
    public Builder falseAlarmProbability(double probability) {
      this.falseAlarmProbability = probability;
      return this;
    }

    /** Sets the relative rise of the mean an alarm needs, >= 0; default 0. */
    public Builder minimumRelativeChange(double fraction) {
      this.minimumRelativeChange = fraction;
      return this;
    }

    /**
     * Sets whether, without a usable {@link #history}, the baseline's spread is its long-run
     * variance (a correlated or wandering rate then counts as fewer events); default false.
     */
    public Builder autocorrelated(boolean autocorrelated) {
      this.autocorrelated = autocorrelated;
      return this;
    }

    /**
     * Makes an alarm also need the rise against the level after an upward level shift inside the
     * baseline, found as {@link PoissonCusumDetector}'s ({@link ChartBuilder#levelShift}): a
     * two-sample z above {@code threshold} against the von Neumann spread, at least {@code
     * minimumTail} samples after it; {@code threshold} > 0 turns it on, >= 0, {@code minimumTail}
     * >= 1; default off.
     */
    public Builder levelShift(double threshold, int minimumTail) {
      this.shiftThreshold = threshold;
      this.shiftMinimumTail = minimumTail;
      return this;
    }

    /**
     * Caps the events each sample of either window counts at the smallest whole number {@code c}
     * (at least 1) that a Poisson count at the baseline's mean events a sample exceeds with
     * probability at most {@code tailProbability}, >= 0 and < 1; default 0 (no cap). The sequential
     * tests cap each sample's share of their limit; without a cap, a burst of a few samples at 5-10x
     * adds its events to the watch's in full. Both windows are capped alike, so an unchanged rate
     * keeps its share; a doubling at an event a sample loses little (at {@code 0.001}, {@code c} is 5
     * and a count at a mean of 2 exceeds it 1.7% of the time).
     */
    public Builder sampleCap(double tailProbability) {
      this.sampleTailProbability = tailProbability;
      return this;
    }

    /**
     * Makes an alarm also need the rise against this metric's level since an upward level shift of
     * another metric (a latency) inside the baseline, found and located as by {@link
     * PoissonCusumDetector.Builder#levelShiftDatedBy}: the watch's events are then compared with
     * those of the baseline's samples from the first at or after the shift, and its mean with
     * theirs; default off. Independent of {@link #levelShift}: either, both or neither.
     *
     * @param otherMetric the metric whose shift dates this one's, not blank
     * @param threshold the z the shift of the other metric's log needs, finite and > 0
     * @param minimumTail the fewest samples of the other metric after its shift, >= 1
     */
    public Builder levelShiftDatedBy(String otherMetric, double threshold, int minimumTail) {
      this.datingMetric = otherMetric;
      this.datingThreshold = threshold;
      this.datingMinimumTail = minimumTail;
      return this;
    }

    /**
     * With {@link #levelShiftDatedBy}: when the log of that metric's baseline trends up (the
     * least-squares slope over its standard error, widened for correlated residuals, {@link
     * ChangePoint#trend}, above {@code threshold}), an alarm also needs the rise against the last
     * {@code recentSamples} of this metric's baseline; default off. A slow drift of the load moves
     * the latency's precise log along a slope that a step search does not date; against the whole
     * baseline the drift makes the watch look higher than the level it started from.
     *
     * @param threshold the z of the slope, > 0 turns it on, finite and >= 0
     * @param recentSamples the baseline's last samples the watch is then compared with, >= 1
     */
    public Builder levelTrendDatedBy(double threshold, int recentSamples) {
      this.trendThreshold = threshold;
      this.trendRecentSamples = recentSamples;
      return this;
    }

    /**
     * Sets how long a window before the baseline calibrates the spread, >= 0; default 0 (the
     * baseline alone), as {@link ChartBuilder#history} does for the charts.
     */
    public Builder history(Duration history) {
      this.history = Objects.requireNonNull(history, "history");
      return this;
    }

    /** Sets the length of the window before the deployment compared with, > 0; default 1 h. */
    public Builder baseline(Duration baseline) {
      this.baseline = Objects.requireNonNull(baseline, "baseline");
      return this;
    }

    /** Sets the metric's sampling step, > 0; default 1 min. */
    public Builder step(Duration step) {
      this.step = Objects.requireNonNull(step, "step");
      return this;
    }

    /** Sets how many usable baseline samples the comparison needs, >= 2; default 20. */
    public Builder minimumBaselineSamples(int samples) {
      this.minimumBaselineSamples = samples;
      return this;
    }

    /** Sets how many usable samples in the look the comparison needs, >= 1; default 10. */
    public Builder minimumSamples(int samples) {
      this.minimumSamples = samples;
      return this;
    }

    /**
     * Returns the detector.
     *
     * @throws dev.rollback.spi.helpers.InvalidConfigurationException listing every bad setting
     */
    public PoissonTwoSampleDetector build() {
      ConfigProblems problems = ConfigProblems.of("PoissonTwoSampleDetector");
      problems.notBlank("metric", metric);
      problems.positive("look", look);
      ChartBuilder.checkFalseAlarmProbability(problems, falseAlarmProbability);
      ChartBuilder.checkWindows(problems, minimumRelativeChange, baseline, step, history, minimumBaselineSamples,
          minimumSamples);
      ChartBuilder.checkLevelShift(problems, shiftThreshold, shiftMinimumTail);
      problems.check(!(sampleTailProbability >= 0 && sampleTailProbability < 1),
          "sampleCap tailProbability must be >= 0 and < 1 but was " + sampleTailProbability);
      ChartBuilder.checkDating(problems, datingMetric, datingThreshold, datingMinimumTail);
      ChartBuilder.checkTrendDating(problems, datingMetric, trendThreshold, trendRecentSamples);
      problems.throwIfAny();
      return new PoissonTwoSampleDetector(this);
    }
  }
}
