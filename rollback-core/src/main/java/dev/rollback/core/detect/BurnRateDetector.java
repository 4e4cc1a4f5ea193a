package dev.rollback.core.detect;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.core.MetricTrace;
import dev.rollback.core.detect.internal.Texts;
import dev.rollback.core.internal.format.Numbers;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Multi-window, multi-burn-rate alerting on an error ratio, as the Google SRE workbook states it
 * ("Alerting on SLOs"): with an availability objective {@code o} (say 99.9%), the error budget is
 * {@code 1 - o}, and an error ratio of {@code b (1 - o)} burns the budget {@code b} times as fast
 * as the objective allows. A {@link Rule} fires when the mean error ratio over both its long and
 * its short window ending at the judgement burns faster than its rate; the short window makes the
 * alarm end soon after the errors do. Without rules of its own the detector uses the workbook's
 * two paging rules: {@link #FAST} (2% of a 30-day budget in an hour: 14.4x over 1 h and 5 min)
 * and {@link #SLOW} (5% in 6 h: 6x over 6 h and 30 min).
 *
 * <p>What differs from an alert on a whole service: the windows are of the release. They end at
 * the judgement and start no earlier than the deployment, so the previous version's errors
 * neither raise nor dilute the new one's. A rule judges once the deployment is as old as its
 * short window; until its long window has passed, the long window is everything since the
 * deployment, so a release that burns fast from its first minute is caught within the short
 * window instead of after the long one (the finding says so).
 *
 * <p>The mean of a window is the mean of its usable samples (finite, 0 to 1), each weighing
 * alike: the ratio of errors to requests over the window when the traffic is steady. Samples that
 * are missing, NaN, negative or above 1 are not usable, and a verdict says how many it left out (a
 * percentage fed as a ratio shows there). No rule old enough, or a rule's short window without a
 * usable sample, gives {@link Verdict.Insufficient}; no usable sample since the deployment gives
 * {@link Verdict.NoData}.
 *
 * <p>It promises no false-alarm rate: a burn rate is a statement about the budget, not a test of
 * a change. A release that doubles an error ratio already at a third of the budget burns it 0.67x
 * and fires nothing; the same release of a service at three times the budget burns it 6x and fires
 * the slow rule, whether or not the release made it worse ({@code benchmarks/DETECTION.md}, step
 * 8, measures both). Use it beside a detector of change ({@link DefaultDetection}), not instead.
 *
 * <p>Immutable and thread-safe; create with {@link #builder(String)}.
 */
public final class BurnRateDetector implements Detector {
  /** The workbook's fast paging rule: 14.4x over 1 h and 5 min (2% of a 30-day budget in an hour). */
  public static final Rule FAST = new Rule(Duration.ofHours(1), Duration.ofMinutes(5), 14.4);
  /** The workbook's slow paging rule: 6x over 6 h and 30 min (5% of a 30-day budget in 6 h). */
  public static final Rule SLOW = new Rule(Duration.ofHours(6), Duration.ofMinutes(30), 6);

  /**
   * A burn-rate rule: fires when the error ratio over both windows is above {@code burnRate}
   * times the error budget.
   *
   * @param longWindow the window that makes the alarm significant, longer than {@code shortWindow}
   * @param shortWindow the window that ends the alarm soon after the errors, positive
   * @param burnRate how many times as fast as the objective allows, finite and > 0
   */
  public record Rule(Duration longWindow, Duration shortWindow, double burnRate) {
    /** Validates the rule, naming every bad field at once. */
    public Rule {
      ConfigProblems problems = ConfigProblems.of("BurnRateDetector.Rule");
      problems.positive("shortWindow", shortWindow);
      problems.positive("longWindow", longWindow);
      problems.check(shortWindow != null && longWindow != null && longWindow.compareTo(shortWindow) <= 0,
          "longWindow must be longer than shortWindow but was " + longWindow + " against " + shortWindow);
      problems.finiteAbove("burnRate", burnRate, 0);
      problems.throwIfAny();
    }

    /** Returns the rule for a sentence, e.g. "14.4x over 60 min and 5 min". */
    public String text() {
      return Texts.number(burnRate) + "x over " + Texts.window(longWindow) + " and " + Texts.window(shortWindow);
    }
  }

  private final String metric;
  private final double objective;
  private final double budget;
  private final List<Rule> rules;
  private final Duration step;
  private final Duration longest;

  private BurnRateDetector(Builder b) {
    this.metric = b.metric;
    this.objective = b.objective;
    this.budget = 1 - b.objective;
    this.rules = b.rules.isEmpty() ? List.of(FAST, SLOW) : List.copyOf(b.rules);
    this.step = b.step;
    Duration max = Duration.ZERO;
    for (Rule rule : rules) {
      max = rule.longWindow().compareTo(max) > 0 ? rule.longWindow() : max;
    }
    this.longest = max;
  }

  /** Returns a builder for burn-rate alerting on the error ratio {@code metric} (0 to 1). */
  public static Builder builder(String metric) {
    return new Builder(metric);
  }

  @Override
  public String name() {
    return "burn-rate";
  }

  /** Returns the rules, in the order they are judged. */
  public List<Rule> rules() {
    return rules;
  }

  /** Returns the error budget: 1 minus the objective. */
  public double budget() {
    return budget;
  }

  /** One rule's two windows at a judgement. */
  private record Burn(Rule rule, List<Sample> longSamples, double longMean, List<Sample> shortSamples,
      double shortMean, boolean longCut) {
    boolean fires(double budget) {
      return longMean > rule.burnRate() * budget && shortMean > rule.burnRate() * budget;
    }
  }

  @Override
  public Verdict judge(DetectionContext context) throws InterruptedException {
    Instant deployed = context.deployedAt();
    Instant now = context.now();
    if (now.isBefore(deployed)) {
      return new Verdict.Insufficient("the deployment is in the future");
    }
    Instant from = now.minus(longest).isAfter(deployed) ? now.minus(longest) : deployed;
    MetricSeries series = context.fetch(metric, new TimeWindow(from, now, step));
    List<Sample> samples = new ArrayList<>();
    int unusable = 0;
    for (Sample s : series.samples()) {
      if (!s.at().isBefore(from) && !s.at().isAfter(now)) {
        if (s.value() >= 0 && s.value() <= 1) {
          samples.add(s);
        } else {
          unusable++;
        }
      }
    }
    String leftOut = unusable == 0 ? ""
        : "; " + unusable + " sample" + (unusable == 1 ? "" : "s") + " left out (an error ratio is finite and 0 to 1)";
    if (samples.isEmpty()) {
      return new Verdict.NoData(metric, metric + " has no usable samples since the deployment" + leftOut);
    }
    Duration age = Duration.between(deployed, now).plus(step);
    List<Burn> burns = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    for (Rule rule : rules) {
      if (age.compareTo(rule.shortWindow()) < 0) {
        waiting.add(rule.text());
        continue;
      }
      List<Sample> shortSamples = within(samples, now, rule.shortWindow());
      if (shortSamples.isEmpty()) {
        waiting.add(rule.text() + " (no usable sample in its last " + Texts.window(rule.shortWindow()) + ")");
        continue;
      }
      List<Sample> longSamples = within(samples, now, rule.longWindow());
      burns.add(new Burn(rule, longSamples, mean(longSamples), shortSamples, mean(shortSamples),
          age.compareTo(rule.longWindow()) < 0));
    }
    if (burns.isEmpty()) {
      return new Verdict.Insufficient(String.format(Locale.ROOT,
          "%s: the deployment is %s old; no burn-rate rule can judge yet (%s)", metric,
          Texts.window(Duration.between(deployed, now)), String.join("; ", waiting)));
    }
    List<Evidence> evidence = new ArrayList<>();
    List<String> sentences = new ArrayList<>();
    @Nullable Instant start = null;
    for (Burn burn : burns) {
      if (burn.fires(budget)) {
        String explanation = explanation(burn);
        sentences.add(explanation);
        double limit = burn.rule().burnRate() * budget;
        evidence.add(new Evidence(metric, rule(burn.rule()), burn.longMean(), limit, explanation,
            MetricTrace.of(null, deployed, now, List.of(), samples, limit)));
        Instant first = burn.longSamples().get(0).at();
        start = start == null || first.isBefore(start) ? first : start;
      }
    }
    if (start == null) {
      List<String> parts = new ArrayList<>();
      for (Burn burn : burns) {
        parts.add(String.format(Locale.ROOT, "%s burns %s of %s budget over %s, %s over %s (limit %s)",
            metric, rate(burn.longMean()), percent(objective), over(burn.longSamples(), burn.rule().longWindow(),
                burn.longCut()), rate(burn.shortMean()), Texts.window(burn.rule().shortWindow()),
            rate(burn.rule().burnRate() * budget)));
      }
      return new Verdict.Healthy(String.join("; ", parts) + leftOut);
    }
    return new Verdict.Anomalous(new Finding(name(), String.join("; ", sentences) + leftOut, evidence, start, now));
  }

  private String explanation(Burn burn) {
    Rule rule = burn.rule();
    return String.format(Locale.ROOT,
        "%s burned the error budget of its %s objective (%s) %s as fast as the objective allows over %s (%s) and %s"
            + " over the last %s (%s), past the rule's %sx on both (%s)%s",
        metric, percent(objective), Texts.number(budget), rate(burn.longMean()),
        over(burn.longSamples(), rule.longWindow(), burn.longCut()), Texts.number(burn.longMean()),
        rate(burn.shortMean()), Texts.window(rule.shortWindow()), Texts.number(burn.shortMean()),
        Texts.number(rule.burnRate()), rule.text(), burn.longCut()
            ? "; the deployment is younger than the long window, which holds what came since it" : "");
  }

  /** Returns the samples at most {@code length} before {@code now}, the one at the window's start excluded. */
  private static List<Sample> within(List<Sample> samples, Instant now, Duration length) {
    Instant after = now.minus(length);
    List<Sample> in = new ArrayList<>();
    for (Sample s : samples) {
      if (s.at().isAfter(after)) {
        in.add(s);
      }
    }
    return in;
  }

  private static double mean(List<Sample> samples) {
    double sum = 0;
    for (Sample s : samples) {
      sum += s.value();
    }
    return sum / samples.size();
  }

  private String rate(double errorRatio) {
    return Texts.number(errorRatio / budget) + "x";
  }

  private static String over(List<Sample> samples, Duration window, boolean cut) {
    return cut ? "the " + samples.size() + " samples since the deployment" : "the last " + Texts.window(window);
  }

  private static String percent(double objective) {
    return Numbers.significant(objective * 100, 6) + "%";
  }

  private String rule(Rule rule) {
    return String.format(Locale.ROOT, "%s burn rate of a %s objective > %s (windows since the deployment)", metric,
        percent(objective), rule.text());
  }

  /** Builds a {@link BurnRateDetector}; {@link #build()} reports every bad setting at once. */
  public static final class Builder {
    private final String metric;
    private double objective = Double.NaN;
    private final List<Rule> rules = new ArrayList<>();
    private Duration step = Duration.ofMinutes(1);

    private Builder(String metric) {
      this.metric = metric;
    }

    /** Sets the availability objective, the share of requests that must succeed, > 0 and < 1 (e.g. 0.999); required. */
    public Builder objective(double objective) {
      this.objective = objective;
      return this;
    }

    /**
     * Adds a rule; the first replaces the workbook's {@link #FAST} and {@link #SLOW} pair, which
     * {@code rule(FAST).rule(SLOW)} keeps beside others (the workbook's ticket rules, say: 3x over
     * 1 day and 2 h, 1x over 3 days and 6 h).
     */
    public Builder rule(Rule rule) {
      this.rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Adds the rule of {@code burnRate} over {@code longWindow} and {@code shortWindow} (see {@link #rule(Rule)}). */
    public Builder rule(Duration longWindow, Duration shortWindow, double burnRate) {
      return rule(new Rule(longWindow, shortWindow, burnRate));
    }

    /** Sets the resolution of the fetched series, positive; default 1 minute. */
    public Builder step(Duration step) {
      this.step = step;
      return this;
    }

    /**
     * Returns the detector.
     *
     * @throws InvalidConfigurationException listing every bad setting
     */
    public BurnRateDetector build() {
      ConfigProblems problems = ConfigProblems.of("BurnRateDetector");
      problems.notBlank("metric", metric);
      problems.check(!(objective > 0 && objective < 1),
          "objective must be > 0 and < 1 (a share of good requests, e.g. 0.999) but was " + objective);
      problems.positive("step", step);
      for (Rule rule : rules.isEmpty() ? List.of(FAST, SLOW) : rules) {
        problems.check(step != null && rule.shortWindow().compareTo(step) < 0,
            "each rule's shortWindow must be at least the step " + step + " but was " + rule.shortWindow());
      }
      problems.throwIfAny();
      return new BurnRateDetector(this);
    }
  }
}
