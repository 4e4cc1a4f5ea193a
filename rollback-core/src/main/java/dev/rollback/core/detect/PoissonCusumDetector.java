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
import org.jspecify.annotations.Nullable;

/**
 * Sequential detection of a rise of a rate of events (an error ratio, errors per second): a
 * likelihood-ratio CUSUM for a Poisson count whose mean rises by the factor {@code ratio},
 * calibrated from the {@code baseline} window before the deployment.
 *
 * <p>The metric only gives rates, not counts, so the baseline fixes the scale quasi-Poisson style:
 * with baseline mean {@code m} and variance {@code v}, a sample {@code x} stands for {@code y = x m
 * / v} events, whose in-control mean {@code lambda0 = m^2 / v} equals their variance. (For an error
 * ratio of binomial errors among {@code n} requests, {@code y} is the error count; over-dispersed
 * data get a smaller scale and so a more cautious chart.) A baseline without variation (constant,
 * a single distinct value, or a relative deviation under 1e-6), but with events somewhere, takes
 * its scale from the smallest positive sample (one event): over a constant baseline {@code c} a
 * sample {@code r c} is {@code r} events against 1, so a large rise alarms within a few samples.
 * An all-zero baseline has half an event over its window as its rate: each positive sample then
 * counts as at least one event, and a rise to any positive rate alarms within {@code h / (ln(ratio)
 * - 0.5 (ratio - 1) / n)} samples for {@code n} baseline samples (14 at the defaults). Each sample adds
 * the log-likelihood ratio {@code y ln(ratio) - lambda0 (ratio - 1)}, capped at half the alarm
 * limit so that no single sample can raise an alarm; the chart signals when the sum since it was
 * last at 0 passes {@code h = ln(averageRunLength)}. By Wald's likelihood-ratio inequality an
 * unchanged Poisson metric then raises a false alarm at most about once in {@code
 * averageRunLength} samples (in practice rarer; error in the baseline estimate makes it more
 * frequent). This is the fastest detector of a rise by {@code ratio} at that rate (Lorden 1971);
 * unlike a CUSUM of standardized values it takes the skew of small counts into account.
 *
 * <p>{@link Builder#baselineMargin} raises the in-control rate to cover the uncertainty of the
 * baseline's mean ({@link Builder#scoreMargin}: by the exact Poisson interval of the baseline's
 * events), and {@link Builder#levelShift} makes an alarm also need the rise against the level after
 * an upward level shift inside the baseline; {@link Builder#levelShiftDatedBy} dates that shift
 * by another metric (a latency) instead, and {@link Builder#levelTrendDatedBy} judges against the
 * baseline's last samples when that metric trends up ({@link Builder#standDownOnTrend}: the test
 * then stands down). {@link Builder#risingOver} (with {@link
 * Accumulation#SINCE_DEPLOYMENT}) makes the alternative a rise that grows linearly from the
 * deployment on, reaching {@code ratio} after a given time: the {@code j}-th step after the
 * deployment adds {@code y ln(r_j) - lambda0 (r_j - 1)} for {@code r_j = 1 + (ratio - 1) (j + 1) /
 * n}, {@code n} the steps of that time. The product of those likelihood ratios is still a
 * martingale without a change, so Ville's bound holds; a slow drift is found sooner than by a
 * step's test, whose first samples after the deployment count against it.
 *
 * <p>A signal is an anomaly only if the mean of the raw samples of the current excursion is at
 * least {@code 1 + minimumRelativeChange} times the baseline mean. Only rises are detected. A
 * baseline with fewer than {@code minimumBaselineSamples} samples gives {@link Verdict.NoData};
 * fewer than {@code minimumSamples} samples since the deployment give {@link Verdict.Insufficient};
 * a metric that is 0 throughout is {@link Verdict.Healthy}. Negative and infinite samples are
 * dropped.
 *
 * <p>Immutable and thread-safe; create with {@link #builder(String)}.
 */
public final class PoissonCusumDetector implements Detector {
  private final String metric;
  private final double ratio;
  private final double averageRunLength;
  private final double minimumRelativeChange;
  private final Accumulation accumulation;
  private final double falseAlarmProbability;
  private final boolean autocorrelated;
  private final double sampleShare;
  private final double baselineMargin;
  private final double shiftThreshold;
  private final int shiftMinimumTail;
  private final boolean scoreMargin;
  private final @Nullable String datingMetric;
  private final double datingThreshold;
  private final int datingMinimumTail;
  private final double trendThreshold;
  private final int trendRecentSamples;
  private final double standDownThreshold;
  private final Duration risingOver;
  private final Duration history;
  private final Duration baseline;
  private final Duration step;
  private final int minimumBaselineSamples;
  private final int minimumSamples;
  private final double h;

  private PoissonCusumDetector(Builder b) {
    this.metric = b.metric;
    this.ratio = b.ratio;
    this.averageRunLength = b.averageRunLength;
    this.minimumRelativeChange = b.minimumRelativeChange;
    this.accumulation = b.accumulation;
    this.falseAlarmProbability = b.falseAlarmProbability;
    this.autocorrelated = b.autocorrelated;
    this.sampleShare = b.sampleShare;
    this.baselineMargin = b.baselineMargin;
    this.shiftThreshold = b.shiftThreshold;
    this.shiftMinimumTail = b.shiftMinimumTail;
    this.scoreMargin = b.scoreMargin;
    this.datingMetric = b.datingMetric;
    this.datingThreshold = b.datingThreshold;
    this.datingMinimumTail = b.datingMinimumTail;
    this.trendThreshold = b.trendThreshold;
    this.trendRecentSamples = b.trendRecentSamples;
    this.standDownThreshold = b.standDownThreshold;
    this.risingOver = b.risingOver;
    this.history = b.history;
    this.baseline = b.baseline;
    this.step = b.step;
    this.minimumBaselineSamples = b.minimumBaselineSamples;
    this.minimumSamples = b.minimumSamples;
    this.h = accumulation != Accumulation.RESTARTING ? -Math.log(falseAlarmProbability) : Math.log(averageRunLength);
  }

  /** Returns a builder for a Poisson CUSUM of {@code metric} with the default settings. */
  public static Builder builder(String metric) {
    return new Builder(metric);
  }

  @Override
  public String name() {
    return "poisson-cusum";
  }

  /** Returns the metric watched. */
  public String metric() {
    return metric;
  }

  /**
   * Returns the decision interval h, a log-likelihood ratio: {@code ln(averageRunLength)}, or {@code
   * ln(1 / falseAlarmProbability)} for a chart {@link Accumulation#SINCE_DEPLOYMENT} or {@link
   * Accumulation#ANY_START}.
   */
  public double decisionInterval() {
    return h;
  }

  /**
   * The calibration from a baseline: a sample {@code x} stands for {@code x * scale} events, of
   * which an unchanged metric has {@code lambda0} per sample on average.
   *
   * @param scale events per unit of the metric
   * @param lambda0 in-control events per sample
   */
  record Calibration(double scale, double lambda0) {}

  /** The smallest variance, relative to the squared mean, that counts as variation: a relative deviation of 1e-6. */
  static final double MIN_RELATIVE_VARIANCE = 1e-12;

  /** The fewest baseline samples before a level shift that {@link Builder#levelShift} considers. */
  public static final int SHIFT_MINIMUM_HEAD = 20;

  /**
   * Returns the calibration from baseline values, or null if they are all 0 and so is {@code
   * current}. A baseline without variation (constant, a single distinct value, all zero) takes its
   * scale from the smallest positive sample before or after the deployment: that sample is one
   * event.
   */
  static @Nullable Calibration calibrate(double[] base, double[] current) {
    return calibrate(base, current, false, 0);
  }

  /**
   * Returns the calibration as {@link #calibrate(double[], double[])} does, with the baseline's
   * long-run variance ({@link SampleStats#longRunVariance}) in place of its variance when {@code
   * autocorrelated}: a correlated or wandering rate then counts as fewer, more variable events.
   */
  static @Nullable Calibration calibrate(double[] base, double[] current, boolean autocorrelated) {
    return calibrate(base, current, autocorrelated, 0);
  }

  /**
   * Returns the calibration as {@link #calibrate(double[], double[], double, double)} does, with the
   * baseline's variance, or its long-run variance when {@code autocorrelated}.
   */
  static @Nullable Calibration calibrate(double[] base, double[] current, boolean autocorrelated, double emptyEvents) {
    return calibrate(base, current, variance(base, autocorrelated), emptyEvents);
  }

  /** Returns the baseline's variance, or its long-run variance when {@code autocorrelated}. */
  static double variance(double[] base, boolean autocorrelated) {
    double sd = SampleStats.standardDeviation(base);
    return autocorrelated ? SampleStats.longRunVariance(base) : sd * sd;
  }

  /**
   * Returns the baseline's variance times the {@code dispersion} of the history when it serves,
   * else {@link #variance(double[], boolean)}.
   */
  static double variance(double[] base, DetectorWindows.@Nullable Dispersion dispersion, boolean autocorrelated) {
    return dispersion != null && dispersion.usable()
        ? variance(base, false) * dispersion.multiplier() : variance(base, autocorrelated);
  }

  /**
   * Returns the {@link DetectorWindows#dispersion} of a rate's usable samples over the {@code
   * history} before the baseline of {@code baseSamples} samples, or null without a history.
   *
   * @throws InterruptedException if interrupted while the source answers
   */
  static DetectorWindows.@Nullable Dispersion rateDispersion(DetectionContext context, String metric,
      Duration baseline, Duration history, Duration step, int baseSamples) throws InterruptedException {
    return history.isZero() ? null
        : DetectorWindows.dispersion(context, metric, baseline, history, step, baseSamples,
            PoissonCusumDetector::usable, x -> x);
  }

  /**
   * Returns the calibration as {@link #calibrate(double[], double[])} does, with {@code v} as the
   * baseline's variance, except, when {@code emptyEvents} is above 0, for a baseline without
   * events: the mean positive sample before or after the deployment is one event (not the
   * smallest: the ratio of one error among few requests varies with the requests), and {@code
   * emptyEvents} events over the baseline's window its rate.
   */
  static @Nullable Calibration calibrate(double[] base, double[] current, double v, double emptyEvents) {
    double m = SampleStats.mean(base);
    // A constant baseline's variance is 0 only up to rounding (1e-30 of m squared and less); taken at
    // its word, it made lambda0 so large that the increments below it vanished in rounding, and a
    // 50x rise read as healthy. A relative deviation under 1e-6 is no variation.
    if (m > 0 && v > m * m * MIN_RELATIVE_VARIANCE) {
      return new Calibration(m / v, m * m / v);
    }
    double smallest = Double.POSITIVE_INFINITY;
    for (double[] values : new double[][] {base, current}) {
      for (double x : values) {
        if (x > 0) {
          smallest = Math.min(smallest, x);
        }
      }
    }
    if (Double.isInfinite(smallest)) {
      return null;
    }
    if (emptyEvents > 0 && !(m > 0)) {
      double sum = 0;
      int positive = 0;
      for (double x : current) {
        if (x > 0) {
          sum += x;
          positive++;
        }
      }
      return new Calibration(positive / sum, emptyEvents / base.length);
    }
    double scale = 1 / smallest;
    // No events in the baseline: half an event over the whole window, a cautious guess of the rate.
    return new Calibration(scale, Math.max(m * scale, 0.5 / base.length));
  }

  @Override
  public Verdict judge(DetectionContext context) throws InterruptedException {
    MetricWindows windows = DetectorWindows.fetch(context, metric, baseline, step);
    List<Sample> base = MetricWindows.usable(windows.baseline(), PoissonCusumDetector::usable);
    List<Sample> current = MetricWindows.usable(windows.current(), PoissonCusumDetector::usable);
    Verdict tooFew = DetectorWindows.tooFewForCusum(metric, baseline, base.size(), minimumBaselineSamples, current.size(),
        minimumSamples);
    if (tooFew != null) {
      return tooFew;
    }
    double[] baseRaw = MetricWindows.values(base);
    double[] now = MetricWindows.values(current);
    double baseMean = SampleStats.mean(baseRaw);
    DetectorWindows.Dispersion dispersion = rateDispersion(context, metric, baseline, history, step, baseRaw.length);
    double variance = variance(baseRaw, dispersion, autocorrelated);
    Calibration cal = calibrate(baseRaw, now, variance, scoreMargin ? upperPoissonBound(0, baselineMargin) : 0);
    if (cal == null) {
      return new Verdict.Healthy(metric + ": 0 throughout the " + base.size() + " samples before and the "
          + current.size() + " since the deployment");
    }
    double[] ratios = ratios(current, context.deployedAt());
    double reference = referenceFactor(baseMean, baseRaw.length * cal.lambda0());
    boolean sinceDeployment = accumulation == Accumulation.SINCE_DEPLOYMENT;
    boolean perRelease = accumulation != Accumulation.RESTARTING;
    Cusum.Path path = evidence(now, cal.scale(), ratios, cal.lambda0() * reference);
    int run = path.run();
    // since the deployment the gate holds the mean of every sample since it; the run dates the step
    double excursionMean = sinceDeployment ? SampleStats.mean(now) : path.excursionMean(now, baseMean);
    boolean largeEnough = excursionMean > baseMean && excursionMean >= baseMean * (1 + minimumRelativeChange);
    if (!(path.statistic() > h && largeEnough)) {
      return new Verdict.Healthy(String.format(Locale.ROOT,
          "%s: log-likelihood ratio of %s %s of the alarm limit %s over %d samples since the deployment",
          metric, riseText(), Texts.number(path.statistic()), Texts.number(h), current.size()));
    }
    String shiftNote = "";
    ChangePoint.Shift shift = shiftThreshold > 0
        ? ChangePoint.lastUpwardShift(baseRaw, shiftMinimumTail, SHIFT_MINIMUM_HEAD, shiftThreshold) : null;
    if (shift != null) {
      // the level the baseline ends at: judged against it as well, the release must still show the rise
      Instant since = base.get(shift.start()).at();
      AgainstLevel against = againstLevel(baseRaw, shift.start(), now, cal.scale(), ratios, baseMean, excursionMean);
      if (!against.passed()) {
        return new Verdict.Healthy(String.format(Locale.ROOT,
            "%s: rose against the %d samples before the deployment, but the baseline's level shifted up at %s"
                + " (mean %s over its last %d samples against %s before, z %s) and against that level %s",
            metric, base.size(), since, Texts.number(shift.tailMean()), against.tail(), Texts.number(shift.headMean()),
            Texts.number(shift.statistic()), against.text()));
      }
      shiftNote = String.format(Locale.ROOT, "; it also passed against the level since a shift in the baseline at %s"
          + " (mean %s over its last %d samples, log-likelihood ratio %s)", since, Texts.number(shift.tailMean()),
          against.tail(), Texts.number(against.statistic()));
    }
    // the dating metric's baseline, fetched once for its shift and its trend
    List<Sample> dating = datingMetric != null ? datingBaseline(context, datingMetric, baseline, step) : List.of();
    String standsDown = datingMetric != null && standDownThreshold > 0
        ? trendText(datingMetric, dating, standDownThreshold, step) : null;
    if (standsDown != null) {
      return new Verdict.Healthy(String.format(Locale.ROOT,
          "%s: the log-likelihood ratio of %s reached %s, past the alarm limit %s, but %s: a slow rise is what"
              + " that trend predicts, and this test stands down", metric, riseText(),
          Texts.number(path.statistic()), Texts.number(h), standsDown));
    }
    if (datingMetric != null) {
      DatedShift dated = datedShift(datingMetric, dating, datingThreshold, datingMinimumTail, base);
      if (dated != null) {
        AgainstLevel against = againstLevel(baseRaw, dated.from(), now, cal.scale(), ratios, baseMean, excursionMean);
        if (!against.passed()) {
          return new Verdict.Healthy(String.format(Locale.ROOT,
              "%s: rose against the %d samples before the deployment, but %s; against %s's level since then (mean %s"
                  + " over its last %d samples before the deployment) %s",
              metric, base.size(), dated.text(), metric, Texts.number(against.level()), against.tail(), against.text()));
        }
        shiftNote += String.format(Locale.ROOT, "; it also passed against its level since %s (mean %s over its last %d"
            + " samples before the deployment, log-likelihood ratio %s)", dated.text(), Texts.number(against.level()),
            against.tail(), Texts.number(against.statistic()));
      }
    }
    String trended = datingMetric != null && trendThreshold > 0 && baseRaw.length > trendRecentSamples
        ? trendText(datingMetric, dating, trendThreshold, step) : null;
    if (trended != null) {
      AgainstLevel against = againstLevel(baseRaw, baseRaw.length - trendRecentSamples, now, cal.scale(), ratios,
          baseMean, excursionMean);
      if (!against.passed()) {
        return new Verdict.Healthy(String.format(Locale.ROOT,
            "%s: rose against the %d samples before the deployment, but %s; against its last %d samples (mean %s) %s",
            metric, base.size(), trended, against.tail(), Texts.number(against.level()), against.text()));
      }
      shiftNote += String.format(Locale.ROOT, "; it also passed against the baseline's last %d samples, since %s"
          + " (mean %s, log-likelihood ratio %s)", against.tail(), trended, Texts.number(against.level()),
          Texts.number(against.statistic()));
    }
    Instant start = current.get(current.size() - run).at();
    String explanation = String.format(Locale.ROOT,
        "%s rose %s after the deployment: mean %s over the %s against %s over the %d"
            + " samples before (%s events a sample%s); the evidence for %s%s reached a log-likelihood ratio of"
            + " %s, past the alarm limit %s (an unchanged metric passes it %s)",
        metric, Texts.amount(excursionMean, baseMean), Texts.number(excursionMean), sinceDeployment
            ? current.size() + " samples since it (the rise dated from " + start + ")"
            : "last " + run + " samples (since " + start + ")", Texts.number(baseMean), base.size(), Texts.number(cal.lambda0() * reference),
        DetectorWindows.spreadText(dispersion, autocorrelated, history, baseline)
            + marginText(reference, cal.lambda0() * base.size()), riseText(),
        accumulation == Accumulation.ANY_START
            ? " since then, " + DetectorWindows.startCostText(current.size() - run) + "," : "",
        Texts.number(path.statistic()), Texts.number(h), perRelease
            ? "with probability at most " + Texts.number(falseAlarmProbability) + " over the whole watch"
            : "less than once in " + Texts.number(averageRunLength) + " samples") + shiftNote;
    Evidence evidence = new Evidence(metric, rule(), excursionMean, baseMean, explanation,
        MetricTrace.of(context.deployedAt().minus(baseline), context.deployedAt(), context.now(), base, current, null));
    return new Verdict.Anomalous(new Finding(name(), explanation, List.of(evidence), start, context.now()));
  }

  /**
   * The rise judged against the level of the baseline's samples from index {@code from} on.
   *
   * @param passed whether the rise passed against that level too
   * @param level the mean of those samples
   * @param tail how many they are
   * @param statistic the log-likelihood ratio against that level
   * @param text what the test against that level found, for a finding
   */
  private record AgainstLevel(boolean passed, double level, int tail, double statistic, String text) {}

  /**
   * Judges the samples since the deployment against the level of the baseline's samples from {@code
   * from} on, raised by {@link Builder#baselineMargin} standard errors of their mean (also with
   * {@link Builder#scoreMargin}: the bound cost detection there without sparing a false alarm).
   */
  private AgainstLevel againstLevel(double[] baseRaw, int from, double[] now, double scale, double[] ratios,
      double baseMean, double excursionMean) {
    int tail = baseRaw.length - from;
    double tailMean = SampleStats.mean(Arrays.copyOfRange(baseRaw, from, baseRaw.length));
    double level = tailMean + baselineMargin * Math.sqrt(baseMean / scale / tail);
    Cusum.Path again = evidence(now, scale, ratios, level * scale);
    double againMean = accumulation == Accumulation.SINCE_DEPLOYMENT ? excursionMean : again.excursionMean(now, tailMean);
    boolean passed = again.statistic() > h && againMean >= tailMean * (1 + minimumRelativeChange);
    String text = String.format(Locale.ROOT, "the log-likelihood ratio of %s is %s of the alarm limit %s"
        + " (mean %s since the deployment)", riseText(), Texts.number(again.statistic()), Texts.number(h),
        Texts.number(againMean));
    return new AgainstLevel(passed, tailMean, tail, again.statistic(), text);
  }

  /**
   * An upward level shift of another metric (a latency) inside the baseline, located in this
   * metric's baseline ({@link Builder#levelShiftDatedBy}).
   *
   * @param from the index of this metric's first baseline sample at or after the shift
   * @param text the shift in words: which metric, when, by how much, its z
   */
  record DatedShift(int from, String text) {}

  /** Returns the positive, finite samples of {@code other}'s baseline: those whose log dates a level. */
  static List<Sample> datingBaseline(DetectionContext context, String other, Duration baseline, Duration step)
      throws InterruptedException {
    return MetricWindows.usable(DetectorWindows.fetch(context, other, baseline, step).baseline(),
        x -> x > 0 && !Double.isInfinite(x));
  }

  /** Returns the natural logs of positive samples' values. */
  static double[] logs(List<Sample> samples) {
    double[] logs = new double[samples.size()];
    for (int i = 0; i < logs.length; i++) {
      logs[i] = Math.log(samples.get(i).value());
    }
    return logs;
  }

  /**
   * Returns the last upward level shift of the log of {@code theirs}, the {@link #datingBaseline}
   * of {@code other}, at least {@code minimumTail} samples after it, {@link #SHIFT_MINIMUM_HEAD}
   * before it and a z of {@code threshold} ({@link ChangePoint#lastUpwardShift(double[], int, int,
   * double, boolean) autocorrelated}), located in this metric's baseline samples {@code base}; null
   * if there is none or {@code base} has no sample at or after it. Shared with {@link
   * PoissonTwoSampleDetector}.
   */
  static @Nullable DatedShift datedShift(String other, List<Sample> theirs, double threshold, int minimumTail,
      List<Sample> base) {
    double[] logs = logs(theirs);
    ChangePoint.Shift shift = ChangePoint.lastUpwardShift(logs, minimumTail, SHIFT_MINIMUM_HEAD, threshold, true);
    if (shift == null) {
      return null;
    }
    Instant since = theirs.get(shift.start()).at();
    int from = 0;
    while (from < base.size() && base.get(from).at().isBefore(since)) {
      from++;
    }
    if (from == base.size()) {
      return null;
    }
    return new DatedShift(from, String.format(Locale.ROOT, "%s shifted up %s at %s (its last %d samples before the"
            + " deployment against the %d before, z %s of its log)", other,
        Texts.amount(Math.exp(shift.tailMean()), Math.exp(shift.headMean())), since, logs.length - shift.start(),
        shift.start(), Texts.number(shift.statistic())));
  }

  /**
   * Returns, in words, the upward trend of the log of {@code theirs} (the {@link #datingBaseline}
   * of {@code other}, at {@code step}) when its {@link ChangePoint#trend} has a z above {@code
   * threshold}: how much {@code other} rose an hour and that z; null when it does not trend up that
   * clearly. Shared with {@link PoissonTwoSampleDetector}.
   */
  static @Nullable String trendText(String other, List<Sample> theirs, double threshold, Duration step) {
    ChangePoint.Trend trend = ChangePoint.trend(logs(theirs));
    if (trend == null || !(trend.statistic() > threshold)) {
      return null;
    }
    return String.format(Locale.ROOT, "%s trended up %s%% an hour over the baseline (z %s of the slope of its log)",
        other, Texts.number(100 * Math.expm1(trend.slope() * (3600.0 / step.toSeconds()))),
        Texts.number(trend.statistic()));
  }

  /**
   * Returns the upper end of the exact (Garwood) one-sided interval of a Poisson mean of which
   * {@code events} were seen, at {@code z} standard normal deviations: the quantile of a Gamma
   * distribution of shape {@code events + 1}, by the Wilson-Hilferty approximation {@code (k + 1) (1
   * - 1 / (9 (k + 1)) + z / (3 sqrt(k + 1)))^3}. For {@code z = 1}: 1.83 for no events, 3.29 for
   * one, about {@code k + sqrt(k) + 1} for many.
   */
  static double upperPoissonBound(double events, double z) {
    double shape = events + 1;
    double c = 1 - 1 / (9 * shape) + z / (3 * Math.sqrt(shape));
    return shape * c * c * c;
  }

  /** Says how the in-control rate was raised by the margin, for the finding: empty without one. */
  private String marginText(double reference, double events) {
    if (!(reference > 1)) {
      return "";
    }
    if (scoreMargin) {
      return String.format(Locale.ROOT, ", its rate raised to the upper end of the exact Poisson interval of the"
          + " baseline's %s events at %s standard deviation%s", Texts.number(events), Texts.number(baselineMargin),
          baselineMargin == 1 ? "" : "s");
    }
    return ", its mean raised by " + Texts.number(baselineMargin) + " standard error" + (baselineMargin == 1 ? "" : "s");
  }

  /**
   * Returns the rise the chart tests at each sample since the deployment: {@code ratio}, or with
   * {@link Builder#risingOver} {@code 1 + (ratio - 1) (j + 1) / n} at the {@code j}-th step after the
   * deployment (by the sample's time, so that a missing sample does not shift the ramp), {@code n}
   * the steps of {@code risingOver}.
   */
  double[] ratios(List<Sample> current, Instant deployedAt) {
    double[] ratios = new double[current.size()];
    if (risingOver.isZero()) {
      Arrays.fill(ratios, ratio);
      return ratios;
    }
    double steps = risingOver.toNanos() / (double) step.toNanos();
    for (int i = 0; i < ratios.length; i++) {
      double j = Math.max(0, Duration.between(deployedAt, current.get(i).at()).toNanos() / (double) step.toNanos());
      ratios[i] = 1 + (ratio - 1) * (j + 1) / steps;
    }
    return ratios;
  }

  /** The rise tested, in words: "a 1.7x rise", or "a rise growing to 2x over 90 min". */
  private String riseText() {
    return risingOver.isZero() ? "a " + Texts.number(ratio) + "x rise"
        : "a rise growing to " + Texts.number(ratio) + "x over " + Texts.window(risingOver);
  }

  /**
   * The path of the chart over {@code now}: each sample's capped log-likelihood ratio of a rise by
   * {@code ratios[i]} against {@code rate} events a sample.
   */
  private Cusum.Path evidence(double[] now, double scale, double[] ratios, double rate) {
    double[] z = new double[now.length];
    for (int i = 0; i < z.length; i++) {
      // The increment itself, capped; subtracting the rate's part inside the chart lost it when it was large.
      z[i] = Math.min(now[i] * scale * Math.log(ratios[i]) - rate * (ratios[i] - 1), h * sampleShare);
    }
    return switch (accumulation) {
      case SINCE_DEPLOYMENT -> Cusum.cumulative(z, h);
      case ANY_START -> Cusum.anyStart(z, h);
      case RESTARTING -> Cusum.upper(z, 0, h);
    };
  }

  /**
   * Returns the factor by which the in-control rate is raised to cover the uncertainty of the
   * baseline's mean: {@code 1 + baselineMargin / sqrt(k)}, with {@code k} the baseline's events as
   * the chart counts them ({@code n m^2 / v} for {@code n} samples of mean {@code m} and variance
   * {@code v}, from the long-run variance when {@code autocorrelated}: one standard error of the
   * mean); with {@link Builder#scoreMargin} {@code u / k}, {@code u} the {@link #upperPoissonBound}
   * of the {@code k} events at {@code baselineMargin}; 1 without a margin or without events. A
   * constant baseline counts as the {@linkplain #calibrate calibration} counts it (its smallest
   * sample one event), not as infinitely many events.
   */
  double referenceFactor(double[] base, double mean) {
    Calibration cal = calibrate(base, new double[0], variance(base, autocorrelated), 0);
    return cal == null ? 1 : referenceFactor(mean, base.length * cal.lambda0());
  }

  /** Returns the factor as {@link #referenceFactor(double[], double)} does, for a baseline of {@code events} events. */
  double referenceFactor(double mean, double events) {
    if (baselineMargin == 0 || !(mean > 0) || !(events > 0)) {
      return 1;
    }
    if (scoreMargin) {
      return upperPoissonBound(events, baselineMargin) / events;
    }
    return 1 + baselineMargin / Math.sqrt(events);
  }

  /** A sample is usable when it is a finite count or rate: not negative, not infinite. */
  static boolean usable(double value) {
    return value >= 0 && !Double.isInfinite(value);
  }

  private String rule() {
    String test = switch (accumulation) {
      case SINCE_DEPLOYMENT -> "Poisson likelihood ratio since the deployment";
      case ANY_START -> "Poisson likelihood ratio since any sample after the deployment";
      case RESTARTING -> "Poisson CUSUM";
    };
    return String.format(Locale.ROOT, "%s of %s vs the %s before the deployment%s: rise %sx%s, alarm limit"
            + " %s (false alarm %s), change >= %s%%",
        test, metric,
        Texts.window(baseline), DetectorWindows.spreadRule(history, autocorrelated), Texts.number(ratio),
        risingOver.isZero() ? "" : " growing over " + Texts.window(risingOver), Texts.number(h),
        accumulation != Accumulation.RESTARTING ? "with probability at most " + Texts.number(falseAlarmProbability) + " a release"
            : "at most every " + Texts.number(averageRunLength) + " samples",
        Texts.number(minimumRelativeChange * 100));
  }

  /**
   * Builds a {@link PoissonCusumDetector}: its own settings here, those it shares with the CUSUM in
   * {@link ChartBuilder}; {@link #build()} reports every bad setting at once.
   */
  public static final class Builder extends ChartBuilder<Builder> {
    private double ratio = 2;
    private double sampleShare = 0.5;
    private double baselineMargin = 0;
    private boolean scoreMargin;
    private @Nullable String datingMetric;
    private double datingThreshold = 3;
    private int datingMinimumTail = 5;
    private double trendThreshold = 0;
    private int trendRecentSamples = 30;
    private double standDownThreshold = 0;
    private Duration risingOver = Duration.ZERO;

    private Builder(String metric) {
      super(metric);
    }

    @Override
    Builder self() {
      return this;
    }

    /** Sets the rise to detect fastest, as a factor of the baseline rate, > 1; default 2. */
    public Builder ratio(double ratio) {
      this.ratio = ratio;
      return this;
    }

    /**
     * Sets the largest share of the alarm limit one sample's log-likelihood ratio adds, > 0 and <=
     * 1; default 0.5 (no single sample raises an alarm). Smaller shares make the chart robust to
     * bursts of a few samples, and slower on large steps.
     */
    public Builder maximumSampleShare(double share) {
      this.sampleShare = share;
      return this;
    }

    /**
     * Sets how many standard errors of the baseline's mean the in-control rate is raised by, >= 0;
     * default 0. A 2 h baseline of half an error a minute knows its mean to about ±9% (more for a
     * correlated rate): judged against the mean itself, a baseline that came out low makes an
     * unchanged release look like a rise.
     */
    public Builder baselineMargin(double standardErrors) {
      this.baselineMargin = standardErrors;
      return this;
    }

    /**
     * Sets whether the {@link #baselineMargin} raises the in-control rate to the upper end of the
     * exact Poisson interval of the baseline's events instead of by standard errors: with {@code k}
     * events in the baseline (its mean times its quasi-Poisson scale times its samples) and margin
     * {@code z}, the rate of {@link #upperPoissonBound upperPoissonBound(k, z)} events over the
     * window; default false. For many events it is about the mean plus {@code z} standard errors
     * (plus one event); for a few (a low-traffic service: 1 error in 2 h) it is far more cautious (1
     * event: 3.29 instead of 2 at {@code z = 1}); a baseline without events takes the bound of none
     * (1.83 events at {@code z = 1}) over its window, and the mean positive sample since the
     * deployment as one event (not the smallest: one error among few requests is a ratio that
     * varies with the requests). The level after a {@link #levelShift} is raised by standard errors
     * of its mean all the same.
     */
    public Builder scoreMargin(boolean score) {
      this.scoreMargin = score;
      return this;
    }

    /**
     * Makes an alarm also need the rise against this metric's level since an upward level shift of
     * another metric (a latency) inside the baseline; default off. The other metric's baseline is
     * fetched over the same window and step; its log is searched for its last upward shift as
     * {@link #levelShift} searches this metric (at least {@code minimumTail} samples after the shift
     * and {@link PoissonCusumDetector#SHIFT_MINIMUM_HEAD} before it, a z of at least {@code
     * threshold} against the larger of the log's von Neumann deviation and its residuals' long-run
     * deviation, as {@code ChangePoint} measures a correlated series). A dependency that
     * slowed down shortly before the release moves the latency far more clearly than the error
     * ratio (whose few events per sample hide a shift of a few samples): dated by the latency, the
     * error ratio's own level since then is what the release is judged against. Its samples from
     * the first at or after the shift are that level, raised by {@link #baselineMargin} standard
     * errors of their mean. The finding names the other metric, when it shifted and by how much. A
     * missing or unusable other metric dates nothing.
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
     * least-squares slope over its standard error, widened for correlated residuals, above {@code
     * threshold}), an alarm also needs the rise against the level of the last {@code recentSamples}
     * of this metric's baseline, raised by {@link #baselineMargin} standard errors of their mean;
     * default off. A slow drift of the load moves the latency's precise log along a slope that a
     * step search does not date; against the whole baseline the drift makes the watch look higher
     * than the level it started from. As {@link PoissonTwoSampleDetector.Builder#levelTrendDatedBy}.
     *
     * @param threshold the z of the slope, > 0 turns it on, finite and >= 0
     * @param recentSamples the baseline's last samples the watch is then judged against, >= 1
     */
    public Builder levelTrendDatedBy(double threshold, int recentSamples) {
      this.trendThreshold = threshold;
      this.trendRecentSamples = recentSamples;
      return this;
    }

    /**
     * With {@link #levelShiftDatedBy}: when the log of that metric's baseline trends up with a z
     * above {@code threshold} (as {@link #levelTrendDatedBy} measures it), this test raises no alarm
     * at all, and its verdict says why; default 0 (off). Meant for a {@link #risingOver} test: a
     * load that drifts up over the baseline (the latency's precise log shows it) goes on drifting
     * after the deployment, and a slowly rising error ratio is then what the drift predicts, not
     * evidence against the release; a step's tests beside it still judge a step.
     *
     * @param threshold the z of the slope, > 0 turns it on, finite and >= 0
     */
    public Builder standDownOnTrend(double threshold) {
      this.standDownThreshold = threshold;
      return this;
    }

    /**
     * Makes the alternative a rise that grows linearly from the deployment on and reaches {@link
     * #ratio} after {@code over} (and grows on at that slope), instead of a step to {@code ratio} at
     * the deployment, > 0 turns it on; default 0 (a step). Needs {@link Accumulation#SINCE_DEPLOYMENT}.
     * A slow drift (errors to 3x over 2 h) gives a step's test nothing in its first half hour but
     * evidence against it; the ramp's first samples expect little more than the baseline.
     */
    public Builder risingOver(Duration over) {
      this.risingOver = Objects.requireNonNull(over, "over");
      return this;
    }

    /**
     * Returns the detector.
     *
     * @throws InvalidConfigurationException listing every bad setting
     */
    public PoissonCusumDetector build() {
      ConfigProblems problems = ConfigProblems.of("PoissonCusumDetector");
      problems.notBlank("metric", metric);
      problems.finiteAbove("ratio", ratio, 1);
      problems.finiteAbove("averageRunLength", averageRunLength, 1);
      checkShared(problems);
      problems.finiteAtLeast("baselineMargin", baselineMargin, 0);
      checkLevelShift(problems);
      ChartBuilder.checkDating(problems, datingMetric, datingThreshold, datingMinimumTail);
      ChartBuilder.checkTrendDating(problems, datingMetric, trendThreshold, trendRecentSamples);
      problems.finiteAtLeast("standDownOnTrend threshold", standDownThreshold, 0);
      problems.check(standDownThreshold > 0 && datingMetric == null, "standDownOnTrend needs levelShiftDatedBy");
      problems.check(!(sampleShare > 0 && sampleShare <= 1),
          "maximumSampleShare must be > 0 and <= 1 but was " + sampleShare);
      if (problems.notNegativeWithin("risingOver", risingOver)) {
        problems.check(!risingOver.isZero() && accumulation != Accumulation.SINCE_DEPLOYMENT,
            "risingOver needs accumulation SINCE_DEPLOYMENT but was " + accumulation);
      }
      problems.throwIfAny();
      return new PoissonCusumDetector(this);
    }
  }
}
