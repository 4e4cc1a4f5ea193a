package dev.rollback.core.detect;

import dev.rollback.spi.helpers.ConfigProblems;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The settings every sequential chart of this package shares, and their setters: {@link
 * CusumDetector.Builder} and {@link PoissonCusumDetector.Builder} extend it, so that the two charts
 * take the same setting the same way, with the same default and the same rule. Each setter returns
 * the concrete builder; {@code build()} reports every bad setting, these included, at once.
 *
 * @param <B> the concrete builder
 */
public abstract sealed class ChartBuilder<B extends ChartBuilder<B>>
    permits CusumDetector.Builder, PoissonCusumDetector.Builder {
  final String metric;
  double averageRunLength = 10_000;
  double minimumRelativeChange = 0;
  Accumulation accumulation = Accumulation.RESTARTING;
  double falseAlarmProbability = 0.01;
  boolean autocorrelated;
  double shiftThreshold = 0;
  int shiftMinimumTail = 10;
  Duration baseline = Duration.ofHours(1);
  Duration history = Duration.ZERO;
  Duration step = Duration.ofMinutes(1);
  int minimumBaselineSamples = 20;
  int minimumSamples = 3;

  ChartBuilder(String metric) {
    this.metric = Objects.requireNonNull(metric, "metric");
  }

  /** Returns this builder as its concrete type. */
  abstract B self();

  /**
   * Sets the in-control average run length in samples (at most one false alarm per that many) of a
   * chart {@link Accumulation#RESTARTING}, > 1; default 10,000.
   */
  public B averageRunLength(double samples) {
    this.averageRunLength = samples;
    return self();
  }

  /**
   * Sets how the chart accumulates evidence; default {@link Accumulation#RESTARTING}, whose alarm
   * limit follows from {@link #averageRunLength}; {@link Accumulation#SINCE_DEPLOYMENT} and {@link
   * Accumulation#ANY_START} take it from {@link #falseAlarmProbability} (each detector's {@code decisionInterval()} says how).
   */
  public B accumulation(Accumulation accumulation) {
    this.accumulation = Objects.requireNonNull(accumulation, "accumulation");
    return self();
  }

  /**
   * Sets the probability that an unchanged metric raises an alarm over the whole watch of a
   * release, for a chart {@link Accumulation#SINCE_DEPLOYMENT} or {@link Accumulation#ANY_START}, > 0
   * and < 1; default 0.01.
   */
  public B falseAlarmProbability(double probability) {
    this.falseAlarmProbability = probability;
    return self();
  }

  /**
   * Sets whether the baseline's spread is its long-run variance ({@link
   * dev.rollback.core.detect.internal.SampleStats#longRunVariance}: the largest of the variance, an
   * AR(1) and a batch-means estimate), so that the limits hold for a metric whose consecutive
   * samples are correlated, wander or trend, at the price of slower detection on such metrics; for
   * the Poisson chart the quasi-Poisson scale then counts a correlated or wandering rate as fewer
   * events. Default false (the sample variance, right for independent samples).
   */
  public B autocorrelated(boolean autocorrelated) {
    this.autocorrelated = autocorrelated;
    return self();
  }

  /**
   * Makes an alarm of a rise also need the rise against the level the baseline ends at when the
   * (transformed) baseline holds an upward level shift ({@link
   * dev.rollback.core.detect.internal.ChangePoint#lastUpwardShift}: a two-sample z above {@code
   * threshold}, at least {@code minimumTail} samples after it and {@value
   * PoissonCusumDetector#SHIFT_MINIMUM_HEAD} before): a shift shortly before the deployment, which
   * the baseline's mean averages away, then does not look like a regression. The CUSUM, when {@link
   * #autocorrelated}, measures the z against the long-run spread of what is left around the two
   * levels, so that the wander of a correlated series is not taken for a shift; the Poisson chart
   * always against the von Neumann spread (on the benchmark's error ratios the long-run spread hid
   * real shifts of 15-40 samples at every threshold that kept false shifts out of clean
   * baselines). {@code threshold} > 0 turns it on, {@code threshold} >= 0 and {@code minimumTail}
   * >= 1; default off.
   */
  public B levelShift(double threshold, int minimumTail) {
    this.shiftThreshold = threshold;
    this.shiftMinimumTail = minimumTail;
    return self();
  }

  /**
   * Sets how long a window before the baseline calibrates the chart's spread, >= 0; default 0 (none:
   * the baseline alone). With a history, the baseline's (transformed) variance is multiplied by how
   * far, over the history, the mean of the next 30 or 60 samples moved from the mean of the
   * baseline's length of samples before them, against what independent samples would let it
   * ({@link dev.rollback.core.detect.internal.SampleStats#splitDispersion}, taken as at least 1), in
   * place of the baseline's {@link #autocorrelated long-run variance}. A wandering rate can look
   * independent over a 2 h baseline of an error a minute (its wander is a small share of each
   * sample's noise, but it adds up over the watch); a day of history shows how far it wanders over
   * the watch's horizon, and shows a clean metric as clean more precisely than 2 h can, so the
   * limits are no more cautious than they need to be.
   *
   * <p>A history with fewer usable samples than 4 x (the baseline's samples + 30), 600 for a 2 h
   * baseline at one a minute, falls back to the baseline (its long-run variance when {@link
   * #autocorrelated}), and the finding says so; a finding with a history gives the usable samples
   * it had. Each judgement fetches the history too. Through a {@link DeploymentMonitor}, set its
   * {@link DeploymentMonitor.Builder#maxBaseline maxBaseline} to at least the baseline plus the
   * history: its default of a day cuts a 24 h history behind a 2 h baseline to 22 h.
   */
  public B history(Duration history) {
    this.history = history;
    return self();
  }

  /** Sets the relative change of the mean in the regression's direction an alarm needs, >= 0; default 0. */
  public B minimumRelativeChange(double fraction) {
    this.minimumRelativeChange = fraction;
    return self();
  }

  /** Sets the length of the calibration window before the deployment, > 0; default 1 h. */
  public B baseline(Duration baseline) {
    this.baseline = Objects.requireNonNull(baseline, "baseline");
    return self();
  }

  /** Sets the metric's sampling step, > 0; default 1 min. */
  public B step(Duration step) {
    this.step = Objects.requireNonNull(step, "step");
    return self();
  }

  /** Sets how many baseline samples calibration needs, >= 2; default 20. */
  public B minimumBaselineSamples(int samples) {
    this.minimumBaselineSamples = samples;
    return self();
  }

  /** Sets how many samples since the deployment are needed to judge, >= 1; default 3. */
  public B minimumSamples(int samples) {
    this.minimumSamples = samples;
    return self();
  }

  /** Records a problem naming the field and the rule for each bad shared setting but the run length. */
  void checkShared(ConfigProblems problems) {
    checkWindows(problems, minimumRelativeChange, baseline, step, history, minimumBaselineSamples, minimumSamples);
    checkFalseAlarmProbability(problems, falseAlarmProbability);
  }

  /**
   * Records a problem naming the field and the rule for each bad setting of the windows a detector
   * compares, with the rules of the setters here; {@link PoissonTwoSampleDetector.Builder} shares them.
   */
  static void checkWindows(ConfigProblems problems, double minimumRelativeChange, Duration baseline, Duration step,
      Duration history, int minimumBaselineSamples, int minimumSamples) {
    problems.finiteAtLeast("minimumRelativeChange", minimumRelativeChange, 0);
    problems.positive("baseline", baseline);
    problems.positive("step", step);
    problems.notNegativeWithin("history", history);
    problems.atLeast("minimumBaselineSamples", minimumBaselineSamples, 2);
    problems.atLeast("minimumSamples", minimumSamples, 1);
  }

  /** Records a problem unless {@code probability} is > 0 and < 1. */
  static void checkFalseAlarmProbability(ConfigProblems problems, double probability) {
    problems.check(!(probability > 0 && probability < 1),
        "falseAlarmProbability must be > 0 and < 1 but was " + probability);
  }

  /** Records a problem for each bad setting of {@link #levelShift}. */
  void checkLevelShift(ConfigProblems problems) {
    checkLevelShift(problems, shiftThreshold, shiftMinimumTail);
  }

  /**
   * Records a problem for each bad setting of a level shift dated by another metric ({@link
   * PoissonCusumDetector.Builder#levelShiftDatedBy}, {@link
   * PoissonTwoSampleDetector.Builder#levelShiftDatedBy}), if one is set.
   */
  static void checkDating(ConfigProblems problems, @Nullable String otherMetric, double threshold, int minimumTail) {
    if (otherMetric != null) {
      problems.notBlank("levelShiftDatedBy otherMetric", otherMetric);
      problems.finiteAbove("levelShiftDatedBy threshold", threshold, 0);
      problems.atLeast("levelShiftDatedBy minimumTail", minimumTail, 1);
    }
  }

  /** Records a problem for each bad setting of a {@code levelTrendDatedBy}, which needs a {@code levelShiftDatedBy}. */
  static void checkTrendDating(ConfigProblems problems, @Nullable String otherMetric, double threshold,
      int recentSamples) {
    problems.finiteAtLeast("levelTrendDatedBy threshold", threshold, 0);
    problems.atLeast("levelTrendDatedBy recentSamples", recentSamples, 1);
    problems.check(threshold > 0 && otherMetric == null, "levelTrendDatedBy needs levelShiftDatedBy");
  }

  /** Records a problem for each bad setting of a {@link #levelShift}. */
  static void checkLevelShift(ConfigProblems problems, double threshold, int minimumTail) {
    problems.finiteAtLeast("levelShift threshold", threshold, 0);
    problems.atLeast("levelShift minimumTail", minimumTail, 1);
  }
}
