package dev.rollback.core.detect;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.core.MetricTrace;
import dev.rollback.core.detect.internal.MannWhitney;
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
import java.util.Objects;

/**
 * The baseline comparison of one metric, with the semantics of Kayenta's NetflixACAJudge: the
 * samples since the deployment (the experiment) are compared with the samples of the {@code
 * baseline} before it (the control) by a Mann-Whitney U test.
 *
 * <p>The metric is <b>high</b> when the lower end of the {@code confidence} interval of the
 * Hodges-Lehmann shift exceeds {@code tolerance} times the absolute shift estimate, and
 * <b>low</b> when the upper end is below minus that. A high (low) metric fails only when its
 * effect size, the ratio of the experiment mean to the control mean, reaches {@code
 * allowedIncrease} (falls to {@code allowedDecrease}); reaching {@code criticalIncrease} ({@code
 * criticalDecrease}) makes the anomaly critical. Only changes in the configured {@link Direction}
 * count. NaN samples are removed, or replaced by zero ({@link NanStrategy}). A window without data
 * gives {@link Verdict.NoData}, or an anomaly when the metric {@code dataRequired}. Identical or
 * constant data pass. Ties get mid-ranks and a tie-corrected variance. A degenerate control
 * (constant, a single distinct value, all zero) is compared like any other: every experiment
 * sample above it ranks above every control sample, so a large rise fails once the experiment
 * has {@code minimumSamples} samples; over an all-zero control the effect size is infinite.
 *
 * <p>Immutable and thread-safe; create with {@link #builder(String)}.
 */
public final class MannWhitneyDetector implements Detector {

  /** What to do with NaN samples (Kayenta's {@code nanStrategy}). */
  public enum NanStrategy {
    /** Drop them. */
    REMOVE,
    /** Count them as 0 (e.g. a rate that is NaN because nothing happened). */
    REPLACE_WITH_ZERO
  }

  private final String metric;
  private final Direction direction;
  private final double confidence;
  private final double tolerance;
  private final double allowedIncrease;
  private final double allowedDecrease;
  private final double criticalIncrease;
  private final double criticalDecrease;
  private final NanStrategy nanStrategy;
  private final boolean dataRequired;
  private final Duration baseline;
  private final Duration step;
  private final int minimumSamples;

  private MannWhitneyDetector(Builder b) {
    this.metric = b.metric;
    this.direction = b.direction;
    this.confidence = b.confidence;
    this.tolerance = b.tolerance;
    this.allowedIncrease = b.allowedIncrease;
    this.allowedDecrease = b.allowedDecrease;
    this.criticalIncrease = b.criticalIncrease;
    this.criticalDecrease = b.criticalDecrease;
    this.nanStrategy = b.nanStrategy;
    this.dataRequired = b.dataRequired;
    this.baseline = b.baseline;
    this.step = b.step;
    this.minimumSamples = b.minimumSamples;
  }

  /** Returns a builder for a judge of {@code metric} with Kayenta's defaults. */
  public static Builder builder(String metric) {
    return new Builder(metric);
  }

  /** Returns a builder holding the settings of {@code existing}. */
  public static Builder builder(MannWhitneyDetector existing) {
    Builder b = new Builder(existing.metric);
    b.direction = existing.direction;
    b.confidence = existing.confidence;
    b.tolerance = existing.tolerance;
    b.allowedIncrease = existing.allowedIncrease;
    b.allowedDecrease = existing.allowedDecrease;
    b.criticalIncrease = existing.criticalIncrease;
    b.criticalDecrease = existing.criticalDecrease;
    b.nanStrategy = existing.nanStrategy;
    b.dataRequired = existing.dataRequired;
    b.baseline = existing.baseline;
    b.step = existing.step;
    b.minimumSamples = existing.minimumSamples;
    return b;
  }

  @Override
  public String name() {
    return "mann-whitney";
  }

  /** Returns the metric judged. */
  public String metric() {
    return metric;
  }

  @Override
  public Verdict judge(DetectionContext context) throws InterruptedException {
    MetricWindows windows = DetectorWindows.fetch(context, metric, baseline, step);
    double[] control = values(windows.baseline(), windows.baselineNaN());
    double[] experiment = values(windows.current(), windows.currentNaN());
    Instant now = context.now();
    Duration elapsed = Duration.between(context.deployedAt(), now);
    if (control.length == 0 || experiment.length == 0) {
      if (experiment.length == 0 && elapsed.compareTo(step.multipliedBy(minimumSamples)) < 0) {
        return new Verdict.Insufficient("no samples of " + metric + " since the deployment yet");
      }
      String reason = metric + " has no data "
          + (control.length == 0 ? "in the " + Texts.window(baseline) + " before the deployment"
              : "since the deployment");
      if (!dataRequired) {
        return new Verdict.NoData(metric, reason);
      }
      String explanation = reason + ", and it must have data";
      Evidence evidence = new Evidence(metric, rule(), Double.NaN, Double.NaN, explanation);
      return new Verdict.Anomalous(new Finding(name(), explanation, List.of(evidence), context.deployedAt(), now));
    }
    if (experiment.length < minimumSamples) {
      return new Verdict.Insufficient(experiment.length + " of the " + minimumSamples + " samples of " + metric
          + " needed since the deployment");
    }
    double controlMean = SampleStats.mean(control);
    double experimentMean = SampleStats.mean(experiment);
    if (identical(experiment, control) || constant(experiment, control)) {
      return new Verdict.Healthy(metric + " is the same as before the deployment");
    }
    String change = metric + " " + Texts.change(experimentMean, controlMean) + " (mean " + Texts.number(controlMean)
        + " over " + control.length + " samples before the deployment, " + Texts.number(experimentMean) + " over "
        + experiment.length + " since)";
    // The interval excludes 0 only if a one-sided p-value is below (1 - confidence) / 2; far from
    // that, the costly interval cannot make the metric high or low.
    MannWhitney ranks = MannWhitney.test(experiment, control, confidence, false);
    if (Math.min(ranks.pGreater(), ranks.pLess()) > 1 - confidence) {
      return new Verdict.Healthy(change + ": no significant " + words() + " at " + percent(confidence) + " confidence");
    }
    MannWhitney test = MannWhitney.test(experiment, control, confidence);
    double margin = tolerance * Math.abs(test.estimate());
    boolean high = direction.watchesIncrease() && test.lower() > margin;
    boolean low = direction.watchesDecrease() && test.upper() < -margin;
    double effect = controlMean == 0 ? (experimentMean == 0 ? 1 : Double.POSITIVE_INFINITY * Math.signum(experimentMean))
        : experimentMean / controlMean;
    if (!high && !low) {
      return new Verdict.Healthy(change + ": no significant " + words() + " at " + percent(confidence) + " confidence");
    }
    boolean failing = high ? effect >= allowedIncrease : effect <= allowedDecrease;
    boolean critical = high ? effect >= criticalIncrease : effect <= criticalDecrease;
    String stats = String.format(java.util.Locale.ROOT, "Mann-Whitney %s; shift %s, %s interval [%s, %s]",
        Texts.pValue(high ? test.pGreater() : test.pLess()), Texts.signed(test.estimate()), percent(confidence),
        Texts.signed(test.lower()), Texts.signed(test.upper()));
    if (!failing) {
      return new Verdict.Healthy(change + ": significant but within the allowed effect size " + Texts.number(
          high ? allowedIncrease : allowedDecrease) + "x (" + stats + ")");
    }
    String explanation = metric + (high ? " rose " : " fell ") + Texts.amount(experimentMean, controlMean)
        + " after the deployment: mean " + Texts.number(experimentMean) + " over the " + experiment.length
        + " samples since, against " + Texts.number(controlMean) + " over the " + control.length + " before"
        + (critical ? ", beyond the critical effect size" : "") + " (" + stats + ")";
    Evidence evidence = new Evidence(metric, rule(), experimentMean, controlMean, explanation, MetricTrace.of(
        context.deployedAt().minus(baseline), context.deployedAt(), now, windows.baseline(), windows.current(), null));
    Instant start = windows.current().isEmpty() ? context.deployedAt() : windows.current().get(0).at();
    return new Verdict.Anomalous(new Finding(name(), explanation, List.of(evidence), start, now), critical);
  }

  private double[] values(List<Sample> samples, int nanCount) {
    double[] v = MetricWindows.values(samples);
    // Order does not matter to a rank test, so replaced NaNs are appended as zeros.
    return nanStrategy == NanStrategy.REPLACE_WITH_ZERO ? Arrays.copyOf(v, v.length + nanCount) : v;
  }

  private static boolean identical(double[] a, double[] b) {
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    return Arrays.equals(x, y);
  }

  private static boolean constant(double[] a, double[] b) {
    double first = a[0];
    return Arrays.stream(a).allMatch(v -> v == first) && Arrays.stream(b).allMatch(v -> v == first);
  }

  private String words() {
    return switch (direction) {
      case INCREASE -> "increase";
      case DECREASE -> "decrease";
      case EITHER -> "change";
    };
  }

  private String rule() {
    return metric + " " + words() + " vs the " + Texts.window(baseline) + " before the deployment, Mann-Whitney at "
        + percent(confidence) + " confidence, tolerance " + Texts.number(tolerance);
  }

  private static String percent(double fraction) {
    return Texts.number(fraction * 100) + "%";
  }

  /** Builds a {@link MannWhitneyDetector}; {@link #build()} reports every bad setting at once. */
  public static final class Builder {
    private final String metric;
    private Direction direction = Direction.INCREASE;
    private double confidence = 0.98;
    private double tolerance = 0.25;
    private double allowedIncrease = 1.0;
    private double allowedDecrease = 1.0;
    private double criticalIncrease = Double.POSITIVE_INFINITY;
    private double criticalDecrease = 0;
    private NanStrategy nanStrategy = NanStrategy.REMOVE;
    private boolean dataRequired;
    private Duration baseline = Duration.ofHours(1);
    private Duration step = Duration.ofMinutes(1);
    private int minimumSamples = 10;

    private Builder(String metric) {
      this.metric = Objects.requireNonNull(metric, "metric");
    }

    /** Sets which change is a regression; default {@link Direction#INCREASE}. */
    public Builder direction(Direction direction) {
      this.direction = Objects.requireNonNull(direction, "direction");
      return this;
    }

    /** Sets the confidence level of the interval, in (0, 1); default 0.98. */
    public Builder confidence(double confidence) {
      this.confidence = confidence;
      return this;
    }

    /** Sets the fraction of the shift estimate the interval must clear, >= 0; default 0.25. */
    public Builder tolerance(double tolerance) {
      this.tolerance = tolerance;
      return this;
    }

    /** Sets the mean ratio an increase must reach to fail, >= 1; default 1 (any significant increase). */
    public Builder allowedIncrease(double ratio) {
      this.allowedIncrease = ratio;
      return this;
    }

    /** Sets the mean ratio a decrease must fall to to fail, in (0, 1]; default 1. */
    public Builder allowedDecrease(double ratio) {
      this.allowedDecrease = ratio;
      return this;
    }

    /** Sets the mean ratio from which an increase is critical, >= allowedIncrease; default none. */
    public Builder criticalIncrease(double ratio) {
      this.criticalIncrease = ratio;
      return this;
    }

    /** Sets the mean ratio below which a decrease is critical, in [0, allowedDecrease]; default none. */
    public Builder criticalDecrease(double ratio) {
      this.criticalDecrease = ratio;
      return this;
    }

    /** Sets what NaN samples mean; default {@link NanStrategy#REMOVE}. */
    public Builder nanStrategy(NanStrategy nanStrategy) {
      this.nanStrategy = Objects.requireNonNull(nanStrategy, "nanStrategy");
      return this;
    }

    /** Makes missing data an anomaly rather than {@link Verdict.NoData}; default false. */
    public Builder dataRequired(boolean dataRequired) {
      this.dataRequired = dataRequired;
      return this;
    }

    /** Sets the length of the control window before the deployment; default 1 h. */
    public Builder baseline(Duration baseline) {
      this.baseline = Objects.requireNonNull(baseline, "baseline");
      return this;
    }

    /** Sets the metric's sampling step; default 1 min. */
    public Builder step(Duration step) {
      this.step = Objects.requireNonNull(step, "step");
      return this;
    }

    /** Sets how many samples since the deployment are needed to judge, >= 1; default 10. */
    public Builder minimumSamples(int minimumSamples) {
      this.minimumSamples = minimumSamples;
      return this;
    }

    /**
     * Returns the detector.
     *
     * @throws InvalidConfigurationException listing every bad setting
     */
    public MannWhitneyDetector build() {
      ConfigProblems problems = ConfigProblems.of("MannWhitneyDetector");
      problems.notBlank("metric", metric);
      if (!(confidence > 0 && confidence < 1)) {
        problems.add("confidence must be in (0, 1) but was " + confidence);
      }
      problems.finiteAtLeast("tolerance", tolerance, 0);
      if (!(allowedIncrease >= 1)) {
        problems.add("allowedIncrease must be >= 1 but was " + allowedIncrease);
      }
      if (!(allowedDecrease > 0 && allowedDecrease <= 1)) {
        problems.add("allowedDecrease must be in (0, 1] but was " + allowedDecrease);
      }
      if (!(criticalIncrease >= allowedIncrease)) {
        problems.add("criticalIncrease must be >= allowedIncrease (" + allowedIncrease + ") but was " + criticalIncrease);
      }
      if (!(criticalDecrease >= 0 && criticalDecrease <= allowedDecrease)) {
        problems.add("criticalDecrease must be in [0, allowedDecrease (" + allowedDecrease + ")] but was "
            + criticalDecrease);
      }
      problems.positive("baseline", baseline);
      problems.positive("step", step);
      problems.atLeast("minimumSamples", minimumSamples, 1);
      problems.throwIfAny();
      return new MannWhitneyDetector(this);
    }
  }
}
