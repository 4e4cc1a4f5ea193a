package dev.rollback.core.detect;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.core.MetricTrace;
import dev.rollback.core.detect.internal.Cusum;
import dev.rollback.core.detect.internal.Texts;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Canary-versus-baseline detection of a rise of an error ratio (Kayenta's model): the new
 * version's pods (the canary) and pods of the previous version (the control) serve side by side,
 * and the canary's errors are judged against the control's <em>at the same time</em>, not against
 * the time before the deployment. Whatever moves both (a daily or weekly cycle, a level shift of
 * traffic, a dependency that slows down or fails, a wandering error rate, a drift) cancels by
 * construction, so it needs no baseline window, no history and no calibration of its spread.
 *
 * <p>The metrics: the canary's and the control's error ratio (errors / requests, 0..1) and their
 * request rates in requests per second (what a Prometheus {@code rate()} gives), each a metric of
 * its own that the {@link dev.rollback.spi.MetricsSource} answers (a query per scope, as Kayenta's
 * canary and baseline scopes). A sample counts where all four have a usable value at the same
 * time; its errors are the ratio times the requests times the {@code step} in seconds.
 *
 * <p>The test: at each such sample, given the errors of both together, the canary's share of them
 * is binomial with probability {@code p0 = n_c / (n_c + n_b)} (its share of the requests) when both
 * versions fail alike, and {@code p1 = r p0 / (r p0 + 1 - p0)} when the canary's error ratio is
 * {@code r} times the control's. Each sample adds the log-likelihood ratio {@code e_c ln(p1 / p0) +
 * e_b ln((1 - p1) / (1 - p0))}, capped at {@code maximumSampleShare} of the alarm limit {@code h =
 * ln(1 / falseAlarmProbability)}, accumulated {@link Accumulation#SINCE_DEPLOYMENT} or {@link
 * Accumulation#ANY_START}. Without a difference the exponential of the sum is a nonnegative
 * martingale whatever the common error rate does from one sample to the next, so by Ville's
 * inequality an unchanged release raises an alarm with probability at most {@code
 * falseAlarmProbability} over the whole watch (for binomial errors; errors that come in bursts
 * within one version's pods make it more frequent, which the cap limits). An alarm also needs the
 * canary's pooled error ratio (over the samples since the deployment, or since the dated start) at
 * least {@code 1 + minimumRelativeChange} times the control's over the same samples.
 *
 * <p>Fewer than {@code minimumSamples} paired samples give {@link Verdict.Insufficient}; no sample
 * at all of one of the four metrics since the deployment gives {@link Verdict.NoData}; no error in
 * either version is {@link Verdict.Healthy}. Negative, infinite and NaN samples, error ratios above
 * 1 and zero request rates are not usable.
 *
 * <p>Immutable and thread-safe; create with {@link #builder(String)}.
 */
public final class CanaryDetector implements Detector {
  private final String metric;
  private final String control;
  private final String canaryRequests;
  private final String controlRequests;
  private final double ratio;
  private final Accumulation accumulation;
  private final double falseAlarmProbability;
  private final double sampleShare;
  private final double minimumRelativeChange;
  private final Duration step;
  private final int minimumSamples;
  private final double h;

  private CanaryDetector(Builder b) {
    this.metric = b.metric;
    this.control = Objects.requireNonNull(b.control);
    this.canaryRequests = Objects.requireNonNull(b.canaryRequests);
    this.controlRequests = Objects.requireNonNull(b.controlRequests);
    this.ratio = b.ratio;
    this.accumulation = b.accumulation;
    this.falseAlarmProbability = b.falseAlarmProbability;
    this.sampleShare = b.sampleShare;
    this.minimumRelativeChange = b.minimumRelativeChange;
    this.step = b.step;
    this.minimumSamples = b.minimumSamples;
    this.h = -Math.log(falseAlarmProbability);
  }

  /** Returns a builder for a canary comparison of the error ratio {@code metric} (the canary's). */
  public static Builder builder(String metric) {
    return new Builder(metric);
  }

  @Override
  public String name() {
    return "canary";
  }

  /** Returns the canary's error ratio metric. */
  public String metric() {
    return metric;
  }

  /** Returns the alarm limit, a log-likelihood ratio: {@code ln(1 / falseAlarmProbability)}. */
  public double decisionInterval() {
    return h;
  }

  /** One time at which all four metrics had a usable sample: the errors and requests of each version. */
  record Pair(Instant at, double canaryRatio, double canaryErrors, double canaryRequests, double controlErrors,
      double controlRequests) {}

  @Override
  public Verdict judge(DetectionContext context) throws InterruptedException {
    Instant from = context.deployedAt();
    Instant to = context.now().isBefore(from) ? from : context.now();
    TimeWindow window = new TimeWindow(from, to, step);
    Map<String, List<Sample>> series = new HashMap<>();
    for (String m : List.of(metric, control, canaryRequests, controlRequests)) {
      MetricSeries fetched = context.fetch(m, window);
      List<Sample> since = new ArrayList<>();
      for (Sample s : fetched.samples()) {
        if (!s.at().isBefore(from) && !s.at().isAfter(to)) {
          since.add(s);
        }
      }
      if (since.isEmpty()) {
        return new Verdict.NoData(m, m + " has no samples since the deployment; the canary comparison needs the"
            + " canary's and the control's error ratio and request rate");
      }
      series.put(m, since);
    }
    List<Pair> pairs = pairs(series);
    if (pairs.size() < minimumSamples) {
      return new Verdict.Insufficient(String.format(Locale.ROOT, "%s: %d samples with the canary's and the control's"
          + " error ratio and requests at the same time since the deployment; the canary comparison needs %d",
          metric, pairs.size(), minimumSamples));
    }
    double[] z = new double[pairs.size()];
    double errors = 0;
    for (int i = 0; i < z.length; i++) {
      z[i] = Math.min(logLikelihoodRatio(pairs.get(i), ratio), h * sampleShare);
      errors += pairs.get(i).canaryErrors() + pairs.get(i).controlErrors();
    }
    if (errors == 0) {
      return new Verdict.Healthy(metric + ": no errors in either version over the " + pairs.size()
          + " samples since the deployment");
    }
    Cusum.Path path = accumulation == Accumulation.ANY_START ? Cusum.anyStart(z, h) : Cusum.cumulative(z, h);
    int run = accumulation == Accumulation.ANY_START ? path.run() : pairs.size();
    List<Pair> judged = pairs.subList(pairs.size() - run, pairs.size());
    double canaryErrors = 0;
    double canaryServed = 0;
    double controlErrors = 0;
    double controlServed = 0;
    for (Pair p : judged) {
      canaryErrors += p.canaryErrors();
      canaryServed += p.canaryRequests();
      controlErrors += p.controlErrors();
      controlServed += p.controlRequests();
    }
    double canaryMean = canaryServed > 0 ? canaryErrors / canaryServed : 0;
    double controlMean = controlServed > 0 ? controlErrors / controlServed : 0;
    boolean largeEnough = canaryMean > controlMean && canaryMean >= controlMean * (1 + minimumRelativeChange);
    if (!(path.statistic() > h && largeEnough)) {
      return new Verdict.Healthy(String.format(Locale.ROOT,
          "%s: against the control %s, log-likelihood ratio of a %sx rise %s of the alarm limit %s over %d samples"
              + " since the deployment (canary %s, control %s)", metric, control, Texts.number(ratio),
          Texts.number(path.statistic()), Texts.number(h), pairs.size(), Texts.number(canaryMean),
          Texts.number(controlMean)));
    }
    Instant start = judged.get(0).at();
    String over = accumulation == Accumulation.ANY_START
        ? "the last " + run + " samples (since " + start + ")" : "the " + run + " samples since the deployment";
    String explanation = String.format(Locale.ROOT,
        "%s rose %s against the control's pods at the same time: %s over %s against %s for %s (%s errors among %s"
            + " requests against %s among %s); with each sample's errors split between the two by their requests,"
            + " the evidence for a %sx rise%s reached a log-likelihood ratio of %s, past the alarm limit %s (an"
            + " unchanged release passes it with probability at most %s over the whole watch)",
        metric, Texts.amount(canaryMean, controlMean), Texts.number(canaryMean), over, Texts.number(controlMean),
        control, Texts.number(canaryErrors), Texts.number(canaryServed), Texts.number(controlErrors),
        Texts.number(controlServed), Texts.number(ratio), accumulation == Accumulation.ANY_START
            ? " since then, " + DetectorWindows.startCostText(pairs.size() - run) + "," : "",
        Texts.number(path.statistic()), Texts.number(h), Texts.number(falseAlarmProbability));
    List<Sample> canary = new ArrayList<>();
    for (Pair p : pairs) {
      canary.add(new Sample(p.at(), p.canaryRatio()));
    }
    Evidence evidence = new Evidence(metric, rule(), canaryMean, controlMean, explanation,
        MetricTrace.of(null, context.deployedAt(), context.now(), List.of(), canary, null));
    return new Verdict.Anomalous(new Finding(name(), explanation, List.of(evidence), start, context.now()));
  }

  /**
   * Returns the log-likelihood ratio of the canary's share of a sample's errors under a rise by
   * {@code ratio} against none: {@code e_c ln(p1 / p0) + e_b ln((1 - p1) / (1 - p0))}.
   */
  static double logLikelihoodRatio(Pair p, double ratio) {
    double p0 = p.canaryRequests() / (p.canaryRequests() + p.controlRequests());
    double p1 = ratio * p0 / (ratio * p0 + 1 - p0);
    return p.canaryErrors() * Math.log(p1 / p0) + p.controlErrors() * Math.log((1 - p1) / (1 - p0));
  }

  /** Returns the times at which all four metrics have a usable sample, in time order. */
  private List<Pair> pairs(Map<String, List<Sample>> series) {
    Map<Instant, Double> controlRatio = usable(Objects.requireNonNull(series.get(control)), true);
    Map<Instant, Double> canaryRate = usable(Objects.requireNonNull(series.get(canaryRequests)), false);
    Map<Instant, Double> controlRate = usable(Objects.requireNonNull(series.get(controlRequests)), false);
    double seconds = step.toNanos() / 1e9;
    List<Pair> pairs = new ArrayList<>();
    @Nullable Instant last = null;
    for (Sample s : Objects.requireNonNull(series.get(metric))) {
      Double b = controlRatio.get(s.at());
      Double nc = canaryRate.get(s.at());
      Double nb = controlRate.get(s.at());
      boolean later = last == null || s.at().isAfter(last);
      if (later && usableRatio(s.value()) && b != null && nc != null && nb != null) {
        double canaryServed = nc * seconds;
        double controlServed = nb * seconds;
        pairs.add(new Pair(s.at(), s.value(), s.value() * canaryServed, canaryServed, b * controlServed, controlServed));
        last = s.at();
      }
    }
    return pairs;
  }

  private static Map<Instant, Double> usable(List<Sample> samples, boolean ratio) {
    Map<Instant, Double> byTime = new HashMap<>();
    for (Sample s : samples) {
      if (ratio ? usableRatio(s.value()) : s.value() > 0 && !Double.isInfinite(s.value())) {
        byTime.putIfAbsent(s.at(), s.value());
      }
    }
    return byTime;
  }

  private static boolean usableRatio(double value) {
    return value >= 0 && value <= 1;
  }

  private String rule() {
    return String.format(Locale.ROOT, "Binomial likelihood ratio %s of %s against the control %s (requests %s,"
            + " %s): rise %sx, alarm limit %s (false alarm with probability %s a release), change >= %s%%",
        accumulation == Accumulation.ANY_START ? "since any sample after the deployment" : "since the deployment",
        metric, control, canaryRequests, controlRequests, Texts.number(ratio), Texts.number(h),
        Texts.number(falseAlarmProbability), Texts.number(minimumRelativeChange * 100));
  }

  /** Builds a {@link CanaryDetector}; {@link #build()} reports every bad setting at once. */
  public static final class Builder {
    private final String metric;
    private @Nullable String control;
    private @Nullable String canaryRequests;
    private @Nullable String controlRequests;
    private double ratio = 2;
    private Accumulation accumulation = Accumulation.SINCE_DEPLOYMENT;
    private double falseAlarmProbability = 0.01;
    private double sampleShare = 0.5;
    private double minimumRelativeChange = 0.25;
    private Duration step = Duration.ofMinutes(1);
    private int minimumSamples = 3;

    private Builder(String metric) {
      this.metric = metric;
    }

    /** Sets the control's error ratio metric (the previous version's pods at the same time); required. */
    public Builder control(String controlErrorRatio) {
      this.control = controlErrorRatio;
      return this;
    }

    /** Sets the canary's and the control's request rate metrics, in requests per second; required. */
    public Builder requests(String canary, String control) {
      this.canaryRequests = canary;
      this.controlRequests = control;
      return this;
    }

    /** Sets the rise of the canary's error ratio over the control's to detect fastest, > 1; default 2. */
    public Builder ratio(double ratio) {
      this.ratio = ratio;
      return this;
    }

    /**
     * Sets how the evidence accumulates: {@link Accumulation#SINCE_DEPLOYMENT} (the default) or {@link
     * Accumulation#ANY_START}; a restarting chart has no per-release bound and is refused.
     */
    public Builder accumulation(Accumulation accumulation) {
      this.accumulation = Objects.requireNonNull(accumulation, "accumulation");
      return this;
    }

    /** Sets the probability that an unchanged release raises an alarm over its whole watch, > 0 and < 1; default 0.01. */
    public Builder falseAlarmProbability(double probability) {
      this.falseAlarmProbability = probability;
      return this;
    }

    /** Sets the largest share of the alarm limit one sample adds, > 0 and <= 1; default 0.5. */
    public Builder maximumSampleShare(double share) {
      this.sampleShare = share;
      return this;
    }

    /** Sets how much higher than the control's the canary's error ratio must be to alarm, >= 0; default 0.25. */
    public Builder minimumRelativeChange(double fraction) {
      this.minimumRelativeChange = fraction;
      return this;
    }

    /** Sets the resolution of the fetched series, positive; default 1 minute. */
    public Builder step(Duration step) {
      this.step = step;
      return this;
    }

    /** Sets the fewest paired samples since the deployment that a judgement needs, >= 1; default 3. */
    public Builder minimumSamples(int samples) {
      this.minimumSamples = samples;
      return this;
    }

    /**
     * Returns the detector.
     *
     * @throws InvalidConfigurationException listing every bad setting
     */
    public CanaryDetector build() {
      ConfigProblems problems = ConfigProblems.of("CanaryDetector");
      problems.notBlank("metric", metric);
      problems.notBlank("control", control);
      problems.notBlank("requests canary", canaryRequests);
      problems.notBlank("requests control", controlRequests);
      problems.check(new HashSet<>(List.of(metric, String.valueOf(control), String.valueOf(canaryRequests),
              String.valueOf(controlRequests))).size() < 4 && control != null && canaryRequests != null
              && controlRequests != null,
          "metric, control and the two requests metrics must be four different metrics but were " + metric + ", "
              + control + ", " + canaryRequests + ", " + controlRequests);
      problems.finiteAbove("ratio", ratio, 1);
      problems.check(accumulation == Accumulation.RESTARTING,
          "accumulation must be SINCE_DEPLOYMENT or ANY_START but was RESTARTING");
      problems.check(!(falseAlarmProbability > 0 && falseAlarmProbability < 1),
          "falseAlarmProbability must be > 0 and < 1 but was " + falseAlarmProbability);
      problems.check(!(sampleShare > 0 && sampleShare <= 1),
          "maximumSampleShare must be > 0 and <= 1 but was " + sampleShare);
      problems.finiteAtLeast("minimumRelativeChange", minimumRelativeChange, 0);
      problems.positive("step", step);
      problems.atLeast("minimumSamples", minimumSamples, 1);
      problems.throwIfAny();
      return new CanaryDetector(this);
    }
  }
}
