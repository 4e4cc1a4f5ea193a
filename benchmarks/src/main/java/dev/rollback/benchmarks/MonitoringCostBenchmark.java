package dev.rollback.benchmarks;

import static dev.rollback.benchmarks.SyntheticSeries.ERROR_RATIO;
import static dev.rollback.benchmarks.SyntheticSeries.LATENCY;
import static dev.rollback.benchmarks.SyntheticSeries.STEP;

import dev.rollback.core.detect.CusumDetector;
import dev.rollback.core.detect.DefaultDetection;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.MannWhitneyDetector;
import dev.rollback.core.detect.MultiMetricJudge;
import dev.rollback.core.detect.SloThresholdDetector;
import dev.rollback.core.detect.Verdict;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Monitoring cost: one judgement of one monitored deployment (error ratio and p99 latency) by each
 * detector, with 60-sample windows: 60 one-minute samples before the deployment as the baseline and
 * 60 after it, and a day of samples before the baseline that the default detection calibrates its
 * error tests from (its whole-watch comparison waits for its end, 2 h, and costs nothing here). 10,000 deployments judged every 10 s on one core leave each judgement 1 ms.
 */
@SuppressWarnings("NullAway.Init") // JMH initialises the state in @Setup
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MonitoringCostBenchmark {
  static final int WINDOW = 60;
  static final Duration BASELINE = STEP.multipliedBy(WINDOW);
  /** The samples before the baseline: a day, the default detection's history. */
  static final int HISTORY = 1440;

  @Param({"slo-threshold", "mann-whitney", "cusum", "restarting", "default"})
  public String detector;

  private Detector judge;
  private SeriesContext context;

  @Setup
  public void setUp() {
    judge = detector(detector);
    Scenario noChange = Scenario.all().stream().filter(s -> s.name().equals("no change (noisy)")).findFirst()
        .orElseThrow();
    // a day before the baseline, which only the default reads (its history)
    context = new SeriesContext(SyntheticSeries.generate(noChange, HISTORY, WINDOW, WINDOW, new SplittableRandom(7),
        new SplittableRandom(8)));
    context.at(SyntheticSeries.DEPLOYED.plus(STEP.multipliedBy(WINDOW)));
  }

  static Detector detector(String name) {
    return switch (name) {
      case "slo-threshold" -> MultiMetricJudge.builder().name("slo-threshold")
          .critical(ERROR_RATIO, SloThresholdDetector.above(ERROR_RATIO, 0.01, 5, STEP))
          .critical(LATENCY, SloThresholdDetector.above(LATENCY, 0.5, 5, STEP))
          .build();
      case "mann-whitney" -> MultiMetricJudge.builder().name("mann-whitney")
          .critical(ERROR_RATIO, MannWhitneyDetector.builder(ERROR_RATIO).baseline(BASELINE).step(STEP).build())
          .critical(LATENCY, MannWhitneyDetector.builder(LATENCY).baseline(BASELINE).step(STEP).build())
          .build();
      case "cusum" -> MultiMetricJudge.builder().name("cusum")
          .critical(ERROR_RATIO, CusumDetector.builder(ERROR_RATIO).baseline(BASELINE).step(STEP).build())
          .critical(LATENCY, CusumDetector.builder(LATENCY).baseline(BASELINE).step(STEP).build())
          .build();
      case "restarting" -> DefaultDetection.builder().errorRatio(ERROR_RATIO).latency(LATENCY)
          .baseline(BASELINE).step(STEP).restartingCharts().build();
      case "default" -> DefaultDetection.builder().errorRatio(ERROR_RATIO).latency(LATENCY)
          .baseline(BASELINE).step(STEP).build();
      default -> throw new IllegalArgumentException("unknown detector " + name);
    };
  }

  /** One judgement of one deployment. */
  @Benchmark
  public Verdict judge() throws InterruptedException {
    return judge.judge(context);
  }
}
