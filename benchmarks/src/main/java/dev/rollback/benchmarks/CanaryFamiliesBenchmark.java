package dev.rollback.benchmarks;

import dev.rollback.benchmarks.DetectionBenchmark.Cell;
import dev.rollback.benchmarks.ProductionSeries.CanarySeries;
import dev.rollback.core.detect.Accumulation;
import dev.rollback.core.detect.CanaryDetector;
import dev.rollback.core.detect.DecisionPolicy;
import dev.rollback.core.detect.DefaultDetection;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.MultiMetricJudge;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Runs a canary comparison ({@link CanaryDetector}) over seeded canary trials of every {@link
 * MetricFamily} ({@link ProductionSeries#canary}): the family's 4 h as {@link
 * DetectionFamiliesBenchmark} draws them, the traffic split evenly between the new version's pods
 * and the previous version's, what the family models (cycles, shifts, drift, wander, tails, bursts)
 * moving both, the regression only the canary's errors. Judged at every sample from the release on
 * through {@link DecisionPolicy#ofDefaults()}, the first rollback ends the trial. Prints a table
 * per family: false alarms without a change (per 10,000 judged samples / per 1,000 releases, every
 * trial counted, the level shifts after the release too) and the detection of the error
 * regressions (latency regressions are not judged: the detector compares error ratios).
 *
 * <p>Run it with {@code java -cp benchmarks/target/classes:rollback-core/target/classes:rollback-spi/target/classes
 * dev.rollback.benchmarks.CanaryFamiliesBenchmark --trials 200 --seed 1}.
 */
public final class CanaryFamiliesBenchmark {
  /** The control's error ratio metric. */
  static final String CONTROL_ERROR_RATIO = "error_ratio_control";
  /** The canary's request rate metric, requests a second. */
  static final String REQUESTS = "requests_per_second";
  /** The control's request rate metric, requests a second. */
  static final String CONTROL_REQUESTS = "requests_per_second_control";
  /** The false alarms per 10,000 judged samples its two tests promise: 2 x 0.004 over a release's 120 samples. */
  static final double PROMISED_PER_10K = 2 * DefaultDetection.FALSE_ALARM_PROBABILITY / DetectionBenchmark.HORIZON
      * 10_000;

  private CanaryFamiliesBenchmark() {}

  /**
   * Returns the detector measured: the default's two error tests, on the canary against the
   * control: a 1.7x rise since the deployment (one sample at most a quarter of the limit) and a 4x
   * rise since any sample after it (half), each with a false-alarm probability of 0.004 a release.
   */
  static Detector detector() {
    CanaryDetector small = CanaryDetector.builder(SyntheticSeries.ERROR_RATIO).control(CONTROL_ERROR_RATIO)
        .requests(REQUESTS, CONTROL_REQUESTS).ratio(DefaultDetection.SINCE_DEPLOYMENT_SMALL_STEP)
        .falseAlarmProbability(DefaultDetection.FALSE_ALARM_PROBABILITY)
        .maximumSampleShare(DefaultDetection.SMALL_STEP_SAMPLE_SHARE)
        .minimumRelativeChange(DefaultDetection.ERROR_RATIO_CHANGE).step(SyntheticSeries.STEP).build();
    CanaryDetector large = CanaryDetector.builder(SyntheticSeries.ERROR_RATIO).control(CONTROL_ERROR_RATIO)
        .requests(REQUESTS, CONTROL_REQUESTS).ratio(DefaultDetection.LARGE_STEP).accumulation(Accumulation.ANY_START)
        .falseAlarmProbability(DefaultDetection.FALSE_ALARM_PROBABILITY)
        .maximumSampleShare(DefaultDetection.LARGE_STEP_SAMPLE_SHARE)
        .minimumRelativeChange(DefaultDetection.ERROR_RATIO_CHANGE).step(SyntheticSeries.STEP).build();
    return MultiMetricJudge.builder().name("canary").critical(SyntheticSeries.ERROR_RATIO, small)
        .critical(SyntheticSeries.ERROR_RATIO + " (large steps)", large).build();
  }

  /** The regressions judged, in column order after the no-change row. */
  static final List<Regression> REGRESSIONS = List.of(Regression.ERRORS_1_5X, Regression.ERRORS_2X,
      Regression.ERRORS_4X);

  /**
   * The figures of a run.
   *
   * @param cells cells[family][0] the no-change trials, then one per {@link #REGRESSIONS}
   * @param shiftedUpAfter the no-change trials of {@link MetricFamily#LEVEL_SHIFT} whose shift is
   *     upward and after the release (counted in its row, and apart, to compare with the after/before
   *     detectors, which cannot tell them from a regression)
   */
  record Result(int trials, long seed, List<MetricFamily> families, Cell[][] cells, Cell shiftedUpAfter) {}

  /** Runs {@code trials} trials of every family, without a change and with each regression. */
  static Result run(int trials, long seed, List<MetricFamily> families) throws InterruptedException {
    Detector detector = detector();
    DecisionPolicy policy = DecisionPolicy.ofDefaults();
    Cell[][] cells = new Cell[families.size()][REGRESSIONS.size() + 1];
    Cell shifted = new Cell(0, 0, new int[0], 0);
    for (int f = 0; f < families.size(); f++) {
      MetricFamily family = families.get(f);
      for (int r = 0; r <= REGRESSIONS.size(); r++) {
        Regression regression = r == 0 ? Regression.NONE : REGRESSIONS.get(r - 1);
        List<Integer> delays = new ArrayList<>();
        List<Integer> shiftedDelays = new ArrayList<>();
        long judged = 0;
        long shiftedJudged = 0;
        int shiftedTrials = 0;
        for (int trial = 0; trial < trials; trial++) {
          // the seeds of DetectionFamiliesBenchmark: the same shapes (shift times, drifts, phases)
          long trialSeed = (seed * 1_000_003L + family.ordinal()) * 100_003L + trial;
          CanarySeries series = ProductionSeries.canary(family, regression, DetectionBenchmark.BASELINE_SAMPLES,
              DetectionBenchmark.HORIZON, new SplittableRandom(trialSeed));
          SeriesContext context = new SeriesContext(Map.of(SyntheticSeries.ERROR_RATIO, series.errorRatio(),
              CONTROL_ERROR_RATIO, series.controlErrorRatio(), REQUESTS, series.requests(),
              CONTROL_REQUESTS, series.controlRequests()));
          int delay = DetectionBenchmark.firstAlarm(detector, policy, context, series.errorRatio());
          long samples = DetectionFamiliesBenchmark.judgedSamples(series.errorRatio(),
              delay > 0 ? delay : DetectionBenchmark.HORIZON);
          judged += samples;
          if (delay > 0) {
            delays.add(delay);
          }
          if (regression == Regression.NONE && ProductionSeries.shiftsUpAfterRelease(family,
              DetectionBenchmark.BASELINE_SAMPLES, DetectionBenchmark.HORIZON, new SplittableRandom(trialSeed))) {
            shiftedTrials++;
            shiftedJudged += samples;
            if (delay > 0) {
              shiftedDelays.add(delay);
            }
          }
        }
        cells[f][r] = cell(trials, delays, judged);
        if (shiftedTrials > 0) {
          shifted = cell(shiftedTrials, shiftedDelays, shiftedJudged);
        }
      }
    }
    return new Result(trials, seed, List.copyOf(families), cells, shifted);
  }

  private static Cell cell(int trials, List<Integer> delays, long judged) {
    int[] sorted = delays.stream().mapToInt(Integer::intValue).sorted().toArray();
    return new Cell(trials, sorted.length, sorted, judged);
  }

  /** Returns the report: one row per family, the false alarms and the detection of each regression. */
  static String report(Result result) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Canary comparison on production-like families:"
        + " %d trials per family and regression, seed %d, %d samples from each release on, 1 sample/min, the"
        + " traffic split evenly between the canary's and the control's pods.%n%n", result.trials(), result.seed(),
        DetectionBenchmark.HORIZON));
    out.append("| family | false alarms (per 10,000 samples / per 1,000 releases) |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (Regression r : REGRESSIONS) {
      out.append(' ').append(r.title()).append(" |");
      rule.append("---|");
    }
    out.append('\n').append(rule).append('\n');
    long alarms = 0;
    long samples = 0;
    long releases = 0;
    for (int f = 0; f < result.families().size(); f++) {
      Cell none = result.cells()[f][0];
      alarms += none.detected();
      samples += none.samples();
      releases += none.trials();
      out.append("| ").append(result.families().get(f).title()).append(" | ")
          .append(DetectionFamiliesBenchmark.falseAlarms(none.detected(), none.samples(), none.trials())).append(" |");
      for (int r = 1; r <= REGRESSIONS.size(); r++) {
        out.append(' ').append(DetectionBenchmark.detection(result.cells()[f][r])).append(" |");
      }
      out.append('\n');
    }
    Cell shifted = result.shiftedUpAfter();
    out.append("| all families | ").append(DetectionFamiliesBenchmark.falseAlarms(alarms, samples, releases)).append(" |")
        .append(" |".repeat(REGRESSIONS.size())).append('\n');
    out.append("| of the level shift: upward after the release (counted above) | ")
        .append(DetectionFamiliesBenchmark.falseAlarms(shifted.detected(), shifted.samples(), shifted.trials())).append(" (")
        .append(shifted.detected()).append(" of ").append(shifted.trials()).append(") |")
        .append(" |".repeat(REGRESSIONS.size())).append('\n');
    out.append(String.format(Locale.ROOT, "| promised per 10,000 samples | %.2f |", PROMISED_PER_10K))
        .append(" |".repeat(REGRESSIONS.size())).append('\n');
    return out.toString();
  }

  /** Prints the report; arguments {@code --trials N} (default 40) and {@code --seed S} (default 1). */
  public static void main(String[] args) throws InterruptedException {
    BenchmarkArgs a = BenchmarkArgs.parse(args, Set.of("--trials", "--seed"), Set.of(), "--trials N --seed S");
    int trials = a.positiveInt("--trials", 40);
    long seed = a.longValue("--seed", 1);
    long started = System.nanoTime();
    Result result = run(trials, seed, List.of(MetricFamily.values()));
    System.out.print(report(result));
    System.out.printf(Locale.ROOT, "%n(%.1f s)%n", (System.nanoTime() - started) / 1e9);
  }
}
