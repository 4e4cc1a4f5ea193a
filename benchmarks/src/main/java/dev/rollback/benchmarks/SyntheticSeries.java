package dev.rollback.benchmarks;

import dev.rollback.spi.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the two metrics of one trial of a {@link Scenario}, one sample a minute: an error
 * ratio of binomial errors among about 200 requests (0.5% before the deployment) and a p99 latency
 * that is log-normal around 300 ms (sigma 0.15). A daily cycle scales both by 1 ± 15% with a random
 * phase; missing samples are left out of the series.
 *
 * @param errorRatio samples of {@link #ERROR_RATIO}
 * @param latency samples of {@link #LATENCY}
 */
public record SyntheticSeries(List<Sample> errorRatio, List<Sample> latency) {
  /** The error ratio metric's name. */
  public static final String ERROR_RATIO = "error_ratio";
  /** The p99 latency metric's name, in seconds. */
  public static final String LATENCY = "latency_p99_seconds";
  /** When every trial deploys. */
  public static final Instant DEPLOYED = Instant.parse("2026-03-02T10:00:00Z");
  /** The sampling step. */
  public static final Duration STEP = Duration.ofMinutes(1);

  static final double BASE_ERROR = 0.005;
  static final int REQUESTS = 200;
  static final double BASE_LATENCY = 0.3;
  static final double LATENCY_SIGMA = 0.15;
  static final double CYCLE_AMPLITUDE = 0.15;

  /** Generates {@code baseline} samples before the deployment and {@code horizon} from it on. */
  public static SyntheticSeries generate(Scenario scenario, int baseline, int horizon, SplittableRandom random) {
    return generate(scenario, 0, baseline, horizon, random, new SplittableRandom(0));
  }

  /**
   * Generates {@code history} samples before the {@code baseline} samples before the deployment,
   * and {@code horizon} from it on: the last {@code baseline + horizon} are those {@link
   * #generate(Scenario, int, int, SplittableRandom)} generates from {@code random}, the history
   * (the same noise, the same cycle, no regression) comes from {@code historyRandom}.
   */
  public static SyntheticSeries generate(Scenario scenario, int history, int baseline, int horizon,
      SplittableRandom random, SplittableRandom historyRandom) {
    List<Sample> errors = new ArrayList<>();
    List<Sample> latency = new ArrayList<>();
    double phase = random.nextDouble() * 2 * Math.PI;
    for (int t = -baseline - history; t < horizon; t++) {
      // the history draws from its own stream, so that the trial's draws are as without one
      SplittableRandom draw = t < -baseline ? historyRandom : random;
      double cycle = scenario.dailyCycle() ? 1 + CYCLE_AMPLITUDE * Math.sin(phase + 2 * Math.PI * t / 1440.0) : 1;
      double errorFactor = 1;
      if (t >= 0) {
        errorFactor = scenario.errorDrift()
            ? 1 + (scenario.errorFactor() - 1) * (t + 1) / (double) horizon
            : scenario.errorFactor();
      }
      double latencyFactor = t >= 0 ? scenario.latencyFactor() : 1;
      int requests = (int) Math.round(REQUESTS + Math.sqrt(REQUESTS) * gaussian(draw));
      int failed = binomial(requests, Math.min(1, BASE_ERROR * errorFactor * cycle), draw);
      double p99 = BASE_LATENCY * latencyFactor * cycle * Math.exp(LATENCY_SIGMA * gaussian(draw));
      if (draw.nextDouble() < scenario.missing()) {
        continue;
      }
      Instant at = DEPLOYED.plus(STEP.multipliedBy(t));
      errors.add(new Sample(at, failed / (double) requests));
      latency.add(new Sample(at, p99));
    }
    return new SyntheticSeries(List.copyOf(errors), List.copyOf(latency));
  }

  private static int binomial(int n, double p, SplittableRandom random) {
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() < p) {
        k++;
      }
    }
    return k;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian in Java 17.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
