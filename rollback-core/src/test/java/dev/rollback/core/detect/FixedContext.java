package dev.rollback.core.detect;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/** A detection context over fixed series: one sample a minute, baseline before the deployment. */
final class FixedContext implements DetectionContext {
  static final Instant DEPLOYED = Instant.parse("2026-11-27T07:00:00Z");
  static final Duration STEP = Duration.ofMinutes(1);

  private final Map<String, List<Sample>> series = new HashMap<>();
  private Instant now = DEPLOYED;

  /** Adds {@code baseline} ending one step before the deployment and {@code after} from the deployment on. */
  FixedContext metric(String metric, double[] baseline, double[] after) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < baseline.length; i++) {
      samples.add(new Sample(DEPLOYED.minus(STEP.multipliedBy(baseline.length - i)), baseline[i]));
    }
    for (int i = 0; i < after.length; i++) {
      samples.add(new Sample(DEPLOYED.plus(STEP.multipliedBy(i)), after[i]));
    }
    series.put(metric, samples);
    Instant last = after.length == 0 ? DEPLOYED : DEPLOYED.plus(STEP.multipliedBy(after.length - 1));
    now = last.isAfter(now) ? last : now;
    return this;
  }

  FixedContext at(Instant now) {
    this.now = now;
    return this;
  }

  /**
   * Returns the first watch length, from 3 samples to {@code samples}, at which {@code detector} judges
   * {@code contextOf} that many samples after the deployment anomalous, or 0 when it never does.
   */
  static int firstAlarm(Detector detector, int samples, IntFunction<DetectionContext> contextOf)
      throws InterruptedException {
    for (int n = 3; n <= samples; n++) {
      if (detector.judge(contextOf.apply(n)) instanceof Verdict.Anomalous) {
        return n;
      }
    }
    return 0;
  }

  static double[] repeat(double[] pattern, int times) {
    double[] out = new double[pattern.length * times];
    for (int i = 0; i < out.length; i++) {
      out[i] = pattern[i % pattern.length];
    }
    return out;
  }

  @Override
  public DeploymentRef deployment() {
    return DeploymentRef.of("prod", "shop", "checkout");
  }

  @Override
  public @Nullable String versionId() {
    return "v2";
  }

  @Override
  public Instant deployedAt() {
    return DEPLOYED;
  }

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public MetricSeries fetch(String metric, TimeWindow window) {
    List<Sample> all = series.getOrDefault(metric, List.of());
    return new MetricSeries(metric, all.stream()
        .filter(s -> !s.at().isBefore(window.from()) && !s.at().isAfter(window.to())).toList());
  }
}
