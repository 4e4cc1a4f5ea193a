package dev.rollback.core.detect;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.core.MetricTrace;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import dev.rollback.spi.helpers.ConfigProblems;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SLO-threshold detector: a metric breaching a bound for {@code consecutive} samples in a row
 * since the deployment (Flagger's {@code thresholdRange} with {@code threshold} failed checks;
 * Argo Rollouts' {@code failureCondition} with {@code failureLimit}).
 *
 * <p>Only samples after the deployment count, so no baseline, degenerate or not, changes its
 * verdict; {@link Double#NaN} samples are dropped. Fewer than
 * {@code consecutive} samples give {@link Verdict.Insufficient}. The anomaly starts at the first
 * sample of the trailing run of breaches.
 *
 * @param metric the metric's logical name, e.g. {@code error_ratio}
 * @param bound whether values above or below {@code limit} breach
 * @param limit the bound, e.g. {@code 0.01}
 * @param consecutive how many breaching samples in a row fire it, at least 1
 * @param step the metric's sampling interval, positive
 */
public record SloThresholdDetector(
    String metric, Bound bound, double limit, int consecutive, Duration step) implements Detector {

  /** Which side of the limit is bad. */
  public enum Bound {
    /** Values strictly above the limit breach it (error ratios, latencies). */
    ABOVE,
    /** Values strictly below the limit breach it (success rates, throughput). */
    BELOW
  }

  /** Validates the settings, naming every bad one at once. */
  public SloThresholdDetector {
    ConfigProblems problems = ConfigProblems.of("SloThresholdDetector");
    if (metric == null || metric.isBlank()) {
      problems.add("metric must not be blank");
    }
    if (bound == null) {
      problems.add("bound must not be null");
    }
    if (Double.isNaN(limit) || Double.isInfinite(limit)) {
      problems.add("limit must be a finite number but was " + limit);
    }
    if (consecutive < 1) {
      problems.add("consecutive must be >= 1 but was " + consecutive);
    }
    if (step == null || step.isZero() || step.isNegative()) {
      problems.add("step must be positive but was " + step);
    }
    problems.throwIfAny();
  }

  /** Returns a detector firing when {@code metric} exceeds {@code limit} {@code consecutive} times. */
  public static SloThresholdDetector above(String metric, double limit, int consecutive, Duration step) {
    return new SloThresholdDetector(metric, Bound.ABOVE, limit, consecutive, step);
  }

  @Override
  public String name() {
    return "slo-threshold";
  }

  @Override
  public Verdict judge(DetectionContext context) throws InterruptedException {
    Instant now = context.now();
    Instant from = context.deployedAt();
    if (now.isBefore(from)) {
      return new Verdict.Insufficient("the deployment is in the future");
    }
    MetricSeries series = context.fetch(metric, new TimeWindow(from, now, step));
    List<Sample> samples = new ArrayList<>();
    for (Sample sample : series.samples()) {
      if (!Double.isNaN(sample.value()) && !sample.at().isBefore(from)) {
        samples.add(sample);
      }
    }
    if (samples.size() < consecutive) {
      return new Verdict.Insufficient(
          samples.size() + " of the " + consecutive + " samples of " + metric + " needed since the deployment");
    }
    int run = 0;
    for (int i = samples.size() - 1; i >= 0 && breaches(samples.get(i).value()); i--) {
      run++;
    }
    Sample last = samples.get(samples.size() - 1);
    if (run < consecutive) {
      return new Verdict.Healthy(metric + " = " + format(last.value()) + " within " + rule());
    }
    Sample first = samples.get(samples.size() - run);
    String explanation =
        String.format(
            Locale.ROOT,
            "%s was %s the limit %s for the last %d samples (latest %s, since %s)",
            metric,
            bound == Bound.ABOVE ? "above" : "below",
            format(limit),
            run,
            format(last.value()),
            first.at());
    Evidence evidence = new Evidence(metric, rule(), last.value(), limit, explanation,
        MetricTrace.of(null, from, now, List.of(), samples, limit));
    return new Verdict.Anomalous(
        new Finding(name(), explanation, List.of(evidence), first.at(), now));
  }

  private boolean breaches(double value) {
    return bound == Bound.ABOVE ? value > limit : value < limit;
  }

  private String rule() {
    return metric + (bound == Bound.ABOVE ? " > " : " < ") + format(limit) + " for " + consecutive
        + " consecutive samples";
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.6g", value).replaceAll("\\.?0+$", "").replaceAll("\\.?0+e", "e");
  }
}
