package dev.rollback.core.detect;

import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The library's default detection: a {@link MultiMetricJudge} in which every metric is critical and
 * judged by sequential charts calibrated from the window before the deployment, suited to its kind.
 *
 * <ul>
 *   <li>Error ratios: two {@link PoissonCusumDetector} likelihood-ratio charts, one for a rise by
 *       {@link #SMALL_STEP} (1.5x), one for a rise by {@link #LARGE_STEP} (4x), each raising a false
 *       alarm at most about once in twice {@link #AVERAGE_RUN_LENGTH} samples of an unchanged
 *       metric; either alarms only if the ratio rose by at least a quarter ({@link
 *       #ERROR_RATIO_CHANGE}). Error counts are small and skewed (half an error a sample is
 *       common), which a chart of standardized values handles badly; the Poisson likelihood ratio
 *       weighs them exactly. The 1.5x chart, not a 2x one, and the +25% gate, not +50%, because the
 *       2 h baseline's mean is itself uncertain (about ±9% at 0.5% errors of 200 requests a
 *       minute): a real doubling can look like a rise of 1.5x against it. The 4x chart catches large
 *       steps within a few samples.
 *   <li>Latencies: a {@link CusumDetector} of the log (latencies are log-normal) detecting a step
 *       of one baseline standard deviation fastest, one false alarm about once in {@link
 *       #AVERAGE_RUN_LENGTH} samples, clipped at 4 standard deviations so that a single outlier
 *       cannot roll back, alarming only if the latency rose by at least 25% ({@link
 *       #LATENCY_CHANGE}). A daily cycle moves a latency by 10-15% within the few hours a judgement
 *       spans; with a 15% gate the benchmark's daily-cycle scenario rolled back 8% of unchanged
 *       releases, with 25% under 1%. The price: a +20% latency step is caught only about half of
 *       the time.
 * </ul>
 *
 * <p>The detection benchmark in the {@code benchmarks} module measures this composition against an
 * SLO threshold, the Mann-Whitney judge and a plain CUSUM.
 */
public final class DefaultDetection {
  /** The relative rise of an error ratio that is worth a rollback. */
  public static final double ERROR_RATIO_CHANGE = 0.25;
  /** The relative rise of a latency that is worth a rollback. */
  public static final double LATENCY_CHANGE = 0.25;
  /** The rise, as a factor of the baseline, an error ratio's first chart detects fastest. */
  public static final double SMALL_STEP = 1.5;
  /** The rise, as a factor of the baseline, an error ratio's second chart detects fastest. */
  public static final double LARGE_STEP = 4;
  /** The in-control average run length of each metric, in samples (each of an error ratio's two charts: twice this). */
  public static final double AVERAGE_RUN_LENGTH = 20_000;

  private DefaultDetection() {}

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds the default composition for the metrics named. */
  public static final class Builder {
    private final List<String> errorRatios = new ArrayList<>();
    private final List<String> latencies = new ArrayList<>();
    private Duration step = Duration.ofMinutes(1);
    private Duration baseline = Duration.ofHours(2);

    private Builder() {}

    /** Adds an error ratio (errors / requests, 0..1) metric. */
    public Builder errorRatio(String metric) {
      errorRatios.add(Objects.requireNonNull(metric, "metric"));
      return this;
    }

    /** Adds a latency metric (e.g. a p99 in seconds). */
    public Builder latency(String metric) {
      latencies.add(Objects.requireNonNull(metric, "metric"));
      return this;
    }

    /** Sets the metrics' sampling step; default 1 min. */
    public Builder step(Duration step) {
      this.step = Objects.requireNonNull(step, "step");
      return this;
    }

    /** Sets the calibration window before the deployment; default 2 h. */
    public Builder baseline(Duration baseline) {
      this.baseline = Objects.requireNonNull(baseline, "baseline");
      return this;
    }

    /**
     * Returns the detector.
     *
     * @throws InvalidConfigurationException listing every bad setting
     */
    public Detector build() {
      ConfigProblems problems = ConfigProblems.of("DefaultDetection");
      problems.check(errorRatios.isEmpty() && latencies.isEmpty(),
          "at least one error ratio or latency metric is required");
      problems.throwIfAny();
      MultiMetricJudge.Builder judge = MultiMetricJudge.builder().name("default");
      try {
        for (String metric : errorRatios) {
          judge.critical(metric, errorChart(metric, SMALL_STEP));
          judge.critical(metric + " (large steps)", errorChart(metric, LARGE_STEP));
        }
        for (String metric : latencies) {
          judge.critical(metric, chart(metric, CusumDetector.Transform.LOG, LATENCY_CHANGE, 1, AVERAGE_RUN_LENGTH));
        }
      } catch (InvalidConfigurationException e) {
        throw new InvalidConfigurationException("DefaultDetection", e.problems());
      }
      return judge.build();
    }

    private PoissonCusumDetector errorChart(String metric, double ratio) {
      return PoissonCusumDetector.builder(metric)
          .ratio(ratio)
          .minimumRelativeChange(ERROR_RATIO_CHANGE)
          .averageRunLength(2 * AVERAGE_RUN_LENGTH)
          .baseline(baseline)
          .step(step)
          .build();
    }

    private CusumDetector chart(String metric, CusumDetector.Transform transform, double change, double shift,
        double runLength) {
      return CusumDetector.builder(metric)
          .transform(transform)
          .minimumRelativeChange(change)
          .shift(shift)
          .averageRunLength(runLength)
          .baseline(baseline)
          .step(step)
          .build();
    }
  }
}
