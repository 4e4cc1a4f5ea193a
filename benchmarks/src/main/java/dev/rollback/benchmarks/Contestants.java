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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The detectors the benchmark compares, each judging both metrics. */
final class Contestants {
  /** The window before the deployment that baseline detectors compare with. */
  static final Duration BASELINE = Duration.ofHours(2);

  private Contestants() {}

  /** The name of {@code DefaultDetection.builder().restartingCharts()}, the default until issue 15's step 16, in the reports. */
  static final String RESTARTING = "restarting charts";
  /** The name of the default's tests since the deployment alone (no history, no whole watch, no slow-rise test) in the reports. */
  static final String SINCE_DEPLOYMENT = "since deployment";
  /** The name of the default's tests since the deployment with its {@link #HISTORY}, without the whole watch and the slow-rise test, in the reports. */
  static final String WITH_HISTORY = "since deployment, 24 h history";
  /** The history before the baseline that {@link #WITH_HISTORY} and the default calibrate their error ratios' scale from. */
  static final Duration HISTORY = Duration.ofHours(24);

  /** Returns the detectors by the name the table gives them, in column order. */
  static Map<String, Detector> all() {
    Map<String, Detector> all = new LinkedHashMap<>();
    // Flagger's docs: request-success-rate thresholdRange min 99 (errors above 1%), request-duration
    // thresholdRange max 500 ms, interval 1m, threshold 5 failed checks.
    all.put("SLO threshold (Flagger)", MultiMetricJudge.builder().name("slo-threshold")
        .critical(ERROR_RATIO, SloThresholdDetector.above(ERROR_RATIO, 0.01, 5, STEP))
        .critical(LATENCY, SloThresholdDetector.above(LATENCY, 0.5, 5, STEP))
        .build());
    // Kayenta's NetflixACAJudge defaults: confidence 0.98, tolerance 0.25, any significant increase.
    all.put("Mann-Whitney (Kayenta)", MultiMetricJudge.builder().name("mann-whitney")
        .critical(ERROR_RATIO, MannWhitneyDetector.builder(ERROR_RATIO).baseline(BASELINE).step(STEP).build())
        .critical(LATENCY, MannWhitneyDetector.builder(LATENCY).baseline(BASELINE).step(STEP).build())
        .build());
    // A plain CUSUM: raw values, 1-sd shift, one false alarm in 10,000 samples per metric.
    all.put("CUSUM", MultiMetricJudge.builder().name("cusum")
        .critical(ERROR_RATIO, CusumDetector.builder(ERROR_RATIO).baseline(BASELINE).step(STEP).build())
        .critical(LATENCY, CusumDetector.builder(LATENCY).baseline(BASELINE).step(STEP).build())
        .build());
    all.put(RESTARTING, composition().restartingCharts().build());
    // The likelihood-ratio tests since the deployment alone (issue 15), then with a day of history (step 6).
    all.put(SINCE_DEPLOYMENT,
        composition().history(Duration.ZERO).wholeWatch(Duration.ZERO).slowRise(Duration.ZERO).build());
    all.put(WITH_HISTORY, composition().history(HISTORY).wholeWatch(Duration.ZERO).slowRise(Duration.ZERO).build());
    // The default (step 18): the same beside the whole-watch comparison, made at the benchmark's last sample, and
    // the slow-rise test.
    all.put("default", defaults().build());
    return all;
  }

  /** Returns the default as the benchmarks build it, without its slow-rise test: the default of step 16. */
  static Detector withoutSlowRise() {
    return defaults().slowRise(Duration.ZERO).build();
  }

  /** The default's builder as the benchmarks configure it: its whole-watch comparison made at their last sample. */
  private static DefaultDetection.Builder defaults() {
    return composition().history(HISTORY).wholeWatch(DetectionFamiliesBenchmark.WATCH);
  }

  /** {@link DefaultDetection}'s builder over the benchmarks' error ratio and latency, baseline and step. */
  private static DefaultDetection.Builder composition() {
    return DefaultDetection.builder().errorRatio(ERROR_RATIO).latency(LATENCY).baseline(BASELINE).step(STEP);
  }
}
