package dev.rollback.core.detect;

import static dev.rollback.core.detect.FixedContext.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default composition as a whole: the tests since the deployment ({@link
 * SinceDeploymentDetectionTest} has their figures) with a day of history and each error ratio's
 * whole-watch comparison at 2 h and slow-rise test. The error ratio's 2 h baseline {@link
 * PoissonCusumDetectorTest#BASELINE} has mean 0.005, scale 396.667 (1.98333 events a sample, 238
 * in all) and no history before it, so every test falls back to the baseline's long-run variance.
 */
class DefaultDetectionTest {
  static final double[] ERRORS = PoissonCusumDetectorTest.BASELINE;
  static final double[] LATENCY = repeat(new double[] {0.29, 0.31}, 60);
  /** The deployment's sample and the 120 after it: the whole watch of 2 h, both ends included. */
  static final int WATCH = 121;

  final Detector detector = DefaultDetection.builder().errorRatio("error_ratio").latency("latency").build();

  static FixedContext context(double[] errorsAfter) {
    return new FixedContext().metric("error_ratio", ERRORS, errorsAfter)
        .metric("latency", LATENCY, Arrays.copyOf(repeat(LATENCY, 2), errorsAfter.length));
  }

  @Test
  void theDefaultJudgesTheWholeWatchAtItsEndBesideTheTestsSinceTheDeployment() {
    MultiMetricJudge judge = assertInstanceOf(MultiMetricJudge.class, detector);
    assertEquals(List.of("error_ratio", "error_ratio (large steps)", "error_ratio (whole watch)",
        "error_ratio (slow rises)", "latency"), judge.entries().stream().map(MultiMetricJudge.Entry::label).toList());
    PoissonTwoSampleDetector wholeWatch = assertInstanceOf(PoissonTwoSampleDetector.class,
        judge.entries().get(2).detector());
    assertEquals(DefaultDetection.WHOLE_WATCH, wholeWatch.look());
    MultiMetricJudge restarting = assertInstanceOf(MultiMetricJudge.class,
        DefaultDetection.builder().errorRatio("error_ratio").latency("latency").restartingCharts().build());
    assertEquals(List.of("error_ratio", "error_ratio (large steps)", "latency"),
        restarting.entries().stream().map(MultiMetricJudge.Entry::label).toList());
    MultiMetricJudge noComparison = assertInstanceOf(MultiMetricJudge.class,
        DefaultDetection.builder().errorRatio("error_ratio").wholeWatch(Duration.ZERO).build());
    assertEquals(List.of("error_ratio", "error_ratio (large steps)"),
        noComparison.entries().stream().map(MultiMetricJudge.Entry::label).toList());
    MultiMetricJudge noSlowRise = assertInstanceOf(MultiMetricJudge.class,
        DefaultDetection.builder().errorRatio("error_ratio").latency("latency").slowRise(Duration.ZERO).build());
    assertEquals(List.of("error_ratio", "error_ratio (large steps)", "error_ratio (whole watch)", "latency"),
        noSlowRise.entries().stream().map(MultiMetricJudge.Entry::label).toList());
  }

  @Test
  void theSlowRiseTestFindsADriftSoonerAndStandsDownWhenTheLatencyTrendedUp() throws InterruptedException {
    // errors drift from 0.005 to 3x over 2 h; the slow-rise test is PoissonCusumDetectorTest's ramp to 2x over 90
    // min with the same calibration (past its limit at the 48th sample), the 1.7x test passes its limit at the 61st
    double[] drift = new double[WATCH];
    for (int j = 0; j < drift.length; j++) {
      drift[j] = 0.005 * (1 + j / 60.0);
    }
    assertEquals(48, firstAlarm(detector, drift, LATENCY));
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, detector.judge(context(Arrays.copyOf(drift, 48))));
    // the whole watch is not judged before its end: 1 of 4
    assertTrue(a.finding().summary().startsWith("1 of 4 judged metrics failed"), a.finding().summary());
    assertTrue(a.finding().summary().contains("the evidence for a rise growing to 2x over 90 min reached a"
        + " log-likelihood ratio of 5.89"), a.finding().summary());
    Detector withoutIt = DefaultDetection.builder().errorRatio("error_ratio").latency("latency")
        .slowRise(Duration.ZERO).build();
    assertEquals(61, firstAlarm(withoutIt, drift, LATENCY));
    // a latency whose log trended up over the baseline (PoissonCusumDetectorTest's 13.3% an hour): the load
    // drifts, the slow-rise test stands down, and the drift is found by the 1.7x test
    double[] trending = new double[120];
    for (int i = 0; i < trending.length; i++) {
      trending[i] = 0.3 * Math.exp(0.002 * i + (i % 2 == 0 ? -0.2 : 0.2));
    }
    assertEquals(61, firstAlarm(detector, drift, trending));
    Verdict.Healthy quiet = assertInstanceOf(Verdict.Healthy.class, detector.judge(new FixedContext()
        .metric("error_ratio", ERRORS, Arrays.copyOf(drift, 60)).metric("latency", trending, Arrays.copyOf(trending, 60))));
    assertTrue(quiet.detail().contains("but latency trended up 13.3% an hour over the baseline (z "), quiet.detail());
    assertTrue(quiet.detail().contains("a slow rise is what that trend predicts, and this test stands down"),
        quiet.detail());
  }

  /** Returns the first of the watch's samples at which {@code detector} judges {@code errors} anomalous, or 0. */
  private static int firstAlarm(Detector detector, double[] errors, double[] latency) throws InterruptedException {
    return FixedContext.firstAlarm(detector, errors.length, n -> new FixedContext()
        .metric("error_ratio", ERRORS, Arrays.copyOf(errors, n))
        .metric("latency", latency, Arrays.copyOf(repeat(latency, 2), n)));
  }

  @Test
  void anUnchangedReleaseStaysHealthyForTheWholeWatchAndItsComparison() throws InterruptedException {
    double[] unchanged = repeat(ERRORS, 2);
    for (int n = 3; n <= WATCH; n++) {
      Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, detector.judge(context(Arrays.copyOf(unchanged, n))),
          "at sample " + n);
      // before the look the comparison waits, and the judge leaves it out of the score
      assertEquals(n == WATCH, h.detail().contains("of the 120 min after the deployment against 0.005"), n + ": " + h.detail());
    }
  }

  @Test
  void aRiseUnderTheSequentialTestsMarginIsFoundByTheWholeWatchAtItsEnd() throws InterruptedException {
    // 0.0071 is 2.816 events a sample, 1.42x the baseline's 1.983: the 1.7x test, against the in-control rate
    // raised to 2.112 by one standard error, gains 2.816 ln 1.7 - 0.7 x 2.112 = 0.016 a sample (1.9 after 121,
    // under its limit of 5.52); the comparison weighs 340.7 events after against 238 before, share 121 / 241
    double[] rise = repeat(new double[] {0.0071}, WATCH);
    Verdict.Healthy before = assertInstanceOf(Verdict.Healthy.class, detector.judge(context(Arrays.copyOf(rise, WATCH - 1))));
    assertFalse(before.detail().contains("rose"), before.detail());
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, detector.judge(context(rise)));
    assertTrue(a.critical());
    assertEquals(List.of("error_ratio"), a.finding().evidence().stream().map(e -> e.metric()).toList());
    String summary = a.finding().summary();
    assertTrue(summary.startsWith("1 of 5 judged metrics failed"), summary);
    assertTrue(summary.contains("critical metric error_ratio rose 42% over the 120 min after the deployment"), summary);
    // the binomial upper tail of 340.7 of 578.7 events at a share of 121 / 241 (1.66e-05 at 341 of 579, from Python)
    assertTrue(summary.contains("341 or more after it has p = 1.73e-05, below the false-alarm probability 0.004"), summary);
    // the Poisson quantile of 1.983 events at 0.001: P(X > 7) = 0.00104, P(X > 8) = 0.000223
    assertTrue(summary.contains("each sample counted at most 8 events"), summary);
    // the day of history is missing here, and the finding says what the comparison used instead
    assertTrue(summary.contains("held 0 usable samples"), summary);
    // under the comparison's 40% gate, the same watch stays healthy
    double[] smaller = repeat(new double[] {0.0069}, WATCH);
    assertInstanceOf(Verdict.Healthy.class, detector.judge(context(smaller)));
  }

  @Test
  void withoutALatencyTheWholeWatchChecksTheErrorRatiosOwnLevelShift() throws InterruptedException {
    // the error ratio doubled 30 min before the release and stays doubled: a shift of the baseline, not
    // the release's (both sequential tests and the comparison check the level after it)
    double[] errors = ERRORS.clone();
    for (int i = 90; i < 120; i++) {
      errors[i] *= 2;
    }
    double[] after = repeat(Arrays.copyOfRange(errors, 90, 120), 5);
    Detector errorsOnly = DefaultDetection.builder().errorRatio("error_ratio").build();
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class,
        errorsOnly.judge(new FixedContext().metric("error_ratio", errors, Arrays.copyOf(after, WATCH))));
    assertTrue(h.detail().contains("rose against the 120 samples before the deployment (p = 0.000315), but the baseline's"
        + " level shifted up at 2026-11-27T06:30:00Z"), h.detail());
    assertTrue(h.detail().contains("and against that level the mean 0.0104 after the deployment is p = 0.533"), h.detail());
  }

  @Test
  void badSettingsAreNamed() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> DefaultDetection.builder().errorRatio("error_ratio").restartingCharts().wholeWatch(Duration.ofHours(1))
            .history(Duration.ofHours(24)).slowRise(Duration.ofMinutes(90)).build());
    assertEquals(List.of("history needs the tests since the deployment, not restartingCharts()",
        "wholeWatch needs the tests since the deployment, not restartingCharts()",
        "slowRise needs the tests since the deployment, not restartingCharts()"), e.problems());
    InvalidConfigurationException negative = assertThrows(InvalidConfigurationException.class,
        () -> DefaultDetection.builder().errorRatio("error_ratio").wholeWatch(Duration.ofMinutes(-1))
            .slowRise(Duration.ofMinutes(-1)).build());
    assertEquals(List.of("wholeWatch must not be negative but was PT-1M", "slowRise must not be negative but was PT-1M"),
        negative.problems());
    // zero turns either off, so it is no conflict with the restarting charts
    MultiMetricJudge restarting = assertInstanceOf(MultiMetricJudge.class, DefaultDetection.builder()
        .errorRatio("error_ratio").restartingCharts().wholeWatch(Duration.ZERO).history(Duration.ZERO)
        .slowRise(Duration.ZERO).build());
    assertEquals(2, restarting.entries().size());
  }
}
