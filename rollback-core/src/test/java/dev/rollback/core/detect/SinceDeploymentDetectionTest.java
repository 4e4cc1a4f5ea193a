package dev.rollback.core.detect;

import static dev.rollback.core.detect.FixedContext.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Evidence;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default composition's tests since the deployment, without the day of history and the
 * whole-watch comparison ({@link DefaultDetectionTest} has them), on small known series. The error
 * ratio's 2 h baseline {@link PoissonCusumDetectorTest#BASELINE} has scale 396.667 and lambda0 1.98333 (its long-run variance
 * is its variance: no lag-one correlation, and batch means of 10 vary less), raised by one standard
 * error of the mean, a factor 1.06482, to 2.11189; every chart has h = ln(1 / 0.004) = 5.5215.
 */
class SinceDeploymentDetectionTest {
  static final double[] ERRORS = PoissonCusumDetectorTest.BASELINE;
  static final double[] LATENCY = repeat(new double[] {0.29, 0.31}, 60);

  final Detector detector = sinceDeployment().errorRatio("error_ratio").latency("latency").build();

  /** The default composition without its history, whole-watch comparison and slow-rise test: its step tests. */
  static DefaultDetection.Builder sinceDeployment() {
    return DefaultDetection.builder().history(Duration.ZERO).wholeWatch(Duration.ZERO).slowRise(Duration.ZERO);
  }

  static FixedContext context(double[] errorsAfter, double[] latencyAfter) {
    return new FixedContext().metric("error_ratio", ERRORS, errorsAfter).metric("latency", LATENCY, latencyAfter);
  }

  @Test
  void anUnchangedReleaseStaysHealthyForTwoHours() throws InterruptedException {
    for (int n = 3; n <= 120; n++) {
      Verdict v = detector.judge(context(Arrays.copyOf(ERRORS, n), Arrays.copyOf(LATENCY, n)));
      assertInstanceOf(Verdict.Healthy.class, v, "at sample " + n);
    }
  }

  @Test
  void aFourfoldErrorStepIsCaughtByTheLargeStepChartAtTheThirdSample() throws InterruptedException {
    // 0.02 is 7.93 events: the 4x chart adds 7.93 ln 4 - 3 lambda0 = 4.662 a sample, capped at h / 2 = 2.761
    // (sums 2.76, 5.52, 8.28, less ln 2 = 0.693 for a start at the deployment: 7.59 > h at the third); the 1.7x
    // chart adds 7.93 ln 1.7 - 0.7 lambda0 = 2.731, capped at h / 4 = 1.380 (sums 1.38, 2.76, 4.14)
    double[] fourfold = repeat(new double[] {0.02}, 3);
    double[] latency = Arrays.copyOf(LATENCY, 3);
    assertInstanceOf(Verdict.Insufficient.class, detector.judge(context(Arrays.copyOf(fourfold, 2), Arrays.copyOf(latency, 2))));
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, detector.judge(context(fourfold, latency)));
    assertTrue(a.critical());
    assertEquals(FixedContext.DEPLOYED, a.finding().anomalyStart());
    assertEquals(List.of("error_ratio"), a.finding().evidence().stream().map(Evidence::metric).toList());
    String summary = a.finding().summary();
    assertTrue(summary.startsWith("1 of 3 judged metrics failed"), summary);
    assertTrue(summary.contains("critical metric error_ratio rose 4x after the deployment"), summary);
    assertTrue(summary.contains("evidence for a 4x rise since then, less 0.693 for starting at the deployment, reached"
        + " a log-likelihood ratio of 7.59"), summary);
    assertTrue(a.finding().evidence().get(0).rule().startsWith(
        "Poisson likelihood ratio since any sample after the deployment of error_ratio vs the 120 min"),
        a.finding().evidence().get(0).rule());
  }

  @Test
  void aFourfoldStepFiveMinutesAfterTheDeploymentIsCaughtAtItsFourthSample() throws InterruptedException {
    // five ordinary samples (the baseline's first five), then 0.02: since any start, the start after 5
    // samples costs ln 42 = 3.738 and the step's samples add the cap 2.761 each (8.28 - 3.74 = 4.55 after
    // three, 11.04 - 3.74 = 7.31 after four); the sum since the deployment would carry the five ordinary
    // samples' -3.6 each and still be below 0
    double[] errors = new double[9];
    System.arraycopy(ERRORS, 0, errors, 0, 5);
    Arrays.fill(errors, 5, 9, 0.02);
    double[] latency = Arrays.copyOf(LATENCY, 9);
    assertInstanceOf(Verdict.Healthy.class, detector.judge(context(Arrays.copyOf(errors, 8), Arrays.copyOf(latency, 8))));
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, detector.judge(context(errors, latency)));
    assertEquals(FixedContext.DEPLOYED.plus(java.time.Duration.ofMinutes(5)), a.finding().anomalyStart());
    assertTrue(a.finding().summary().contains("mean 0.02 over the last 4 samples"), a.finding().summary());
    assertTrue(a.finding().summary().contains("evidence for a 4x rise since then, less 3.74 for starting 5 samples after"
        + " it, reached a log-likelihood ratio of 7.31"), a.finding().summary());
    Detector sinceTheDeploymentOnly = PoissonCusumDetector.builder("error_ratio").ratio(DefaultDetection.LARGE_STEP)
        .accumulation(Accumulation.SINCE_DEPLOYMENT).falseAlarmProbability(DefaultDetection.FALSE_ALARM_PROBABILITY)
        .autocorrelated(true).baselineMargin(DefaultDetection.BASELINE_MARGIN).scoreMargin(true)
        .maximumSampleShare(DefaultDetection.LARGE_STEP_SAMPLE_SHARE)
        .minimumRelativeChange(DefaultDetection.ERROR_RATIO_CHANGE).baseline(java.time.Duration.ofHours(2)).build();
    assertInstanceOf(Verdict.Healthy.class, sinceTheDeploymentOnly.judge(context(errors, latency)));
  }

  @Test
  void aDoublingIsCaughtByTheSmallStepChart() throws InterruptedException {
    // 0.01 is 3.97 events; the in-control rate is lambda0 = 1.9833 raised to the upper end of the score
    // interval of the baseline's 238 events (Wilson-Hilferty, z = 1: 254.45, a factor 1.0691): the 1.7x
    // chart adds 3.97 ln 1.7 - 0.7 * 1.9833 * 1.0691 = 0.6205 a sample (4.96 after 8, 5.58 after 9: past
    // 5.5215 at the 9th); the 4x chart's increment 3.97 ln 4 - 6.36 is negative
    double[] doubled = repeat(new double[] {0.01}, 9);
    double[] latency = Arrays.copyOf(LATENCY, 9);
    assertInstanceOf(Verdict.Healthy.class, detector.judge(context(Arrays.copyOf(doubled, 8), Arrays.copyOf(latency, 8))));
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, detector.judge(context(doubled, latency)));
    assertTrue(a.finding().summary().contains("evidence for a 1.7x rise reached a log-likelihood ratio of 5.58"), a.finding().summary());
    assertTrue(a.finding().summary().contains("(2.12 events a sample, scaled by the baseline's long-run variance, its"
        + " rate raised to the upper end of the exact Poisson interval of the baseline's 238 events at 1 standard"
        + " deviation)"), a.finding().summary());
  }

  @Test
  void oneBadMinuteDoesNotRollBack() throws InterruptedException {
    double[] spike = Arrays.copyOf(ERRORS, 60);
    spike[10] = 0.2;
    for (int n = 3; n <= spike.length; n++) {
      assertInstanceOf(Verdict.Healthy.class, detector.judge(context(Arrays.copyOf(spike, n), Arrays.copyOf(LATENCY, n))),
          "at sample " + n);
    }
  }

  @Test
  void aBurstOfThreeBadMinutesLateInTheWatchDoesNotRollBack() throws InterruptedException {
    // after 30 ordinary samples the sums are far below 0; three samples of 20% errors and 3 s add at most
    // 3 caps to each chart (4x: 8.28, 1.7x: 4.14, latency: 3 * 1.5 (2.5 - 0.75) = 7.88)
    double[] errors = Arrays.copyOf(ERRORS, 60);
    double[] latency = Arrays.copyOf(LATENCY, 60);
    for (int i = 30; i < 33; i++) {
      errors[i] = 0.2;
      latency[i] = 3;
    }
    for (int n = 3; n <= errors.length; n++) {
      assertInstanceOf(Verdict.Healthy.class, detector.judge(context(Arrays.copyOf(errors, n), Arrays.copyOf(latency, n))),
          "at sample " + n);
    }
  }

  @Test
  void aLatencyRiseOfHalfIsCaughtAndASmallOneIsNot() throws InterruptedException {
    double[] errors = Arrays.copyOf(ERRORS, 60);
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        detector.judge(context(Arrays.copyOf(errors, 3), repeat(new double[] {0.45}, 3))));
    assertEquals(List.of("latency"), a.finding().evidence().stream().map(Evidence::metric).toList());
    // +10% is far outside the baseline's noise but under the 25% a latency must rise
    assertInstanceOf(Verdict.Healthy.class, detector.judge(context(errors, repeat(new double[] {0.33}, 60))));
  }

  @Test
  void aLatencyShiftTenMinutesBeforeTheReleaseIsNotTheReleasesRegression() throws InterruptedException {
    // the last 10 of the 120 baseline samples are up by 40%; the release keeps that level
    double[] shifted = LATENCY.clone();
    for (int i = 110; i < 120; i++) {
      shifted[i] *= 1.4;
    }
    double[] after = repeat(new double[] {0.29 * 1.4, 0.31 * 1.4}, 30);
    double[] errors = Arrays.copyOf(ERRORS, 60);
    FixedContext context = new FixedContext().metric("error_ratio", ERRORS, errors).metric("latency", shifted, after);
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, detector.judge(context));
    assertTrue(h.detail().contains("latency: rose against the 120 samples before the deployment, but the baseline's"
        + " level shifted up at 2026-11-27T06:50:00Z (mean 0.42 over its last 10 samples"), h.detail());
    // against the 2 h mean (0.31) it is a rise of 35%, which the composition without the check rolled back
    Verdict.Anomalous plain = assertInstanceOf(Verdict.Anomalous.class, CusumDetector.builder("latency")
        .transform(CusumDetector.Transform.LOG).accumulation(Accumulation.SINCE_DEPLOYMENT)
        .falseAlarmProbability(DefaultDetection.FALSE_ALARM_PROBABILITY).autocorrelated(true)
        .shift(DefaultDetection.LATENCY_SHIFT).clip(DefaultDetection.LATENCY_CLIP)
        .minimumRelativeChange(DefaultDetection.LATENCY_CHANGE).baseline(java.time.Duration.ofHours(2)).build()
        .judge(context));
    assertTrue(plain.finding().summary().startsWith("latency rose"), plain.finding().summary());
  }

  @Test
  void trafficThatMovedTenMinutesBeforeTheReleaseIsDatedByTheLatency() throws InterruptedException {
    // the last 10 baseline samples carry twice the errors and 1.4 times the latency; the release keeps both
    double[] errors = ERRORS.clone();
    double[] latency = LATENCY.clone();
    for (int i = 110; i < 120; i++) {
      errors[i] *= 2;
      latency[i] *= 1.4;
    }
    double[] errorsAfter = repeat(Arrays.copyOfRange(errors, 110, 120), 3);
    double[] latencyAfter = repeat(Arrays.copyOfRange(latency, 110, 120), 3);
    FixedContext context = new FixedContext().metric("error_ratio", errors, errorsAfter)
        .metric("latency", latency, latencyAfter);
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, detector.judge(context));
    assertTrue(h.detail().contains("error_ratio: rose against the 120 samples before the deployment, but latency shifted"
        + " up 40% at 2026-11-27T06:50:00Z"), h.detail());
    // the error ratio alone cannot date it in 10 samples: without a latency the release is rolled back
    Verdict.Anomalous alone = assertInstanceOf(Verdict.Anomalous.class, sinceDeployment()
        .errorRatio("error_ratio").build().judge(context));
    assertTrue(alone.finding().summary().contains("critical metric error_ratio rose"), alone.finding().summary());
  }

  @Test
  void aDayOfHistoryCalibratesTheErrorChartsAndWithoutOneTheFindingSaysSo() throws InterruptedException {
    Detector withHistory = DefaultDetection.builder().errorRatio("error_ratio").latency("latency")
        .wholeWatch(Duration.ZERO).build();
    // a day like the baseline: its split dispersion is under 1, so the scale is the baseline's variance
    // (here its long-run variance too): the doubling is caught at the 9th sample, as without a history
    double[] day = repeat(new double[] {0, 0.005, 0.01, 0.005}, 360);
    double[] errors = Arrays.copyOf(day, day.length + ERRORS.length);
    System.arraycopy(ERRORS, 0, errors, day.length, ERRORS.length);
    double[] doubled = repeat(new double[] {0.01}, 9);
    FixedContext eight = new FixedContext().metric("error_ratio", errors, Arrays.copyOf(doubled, 8))
        .metric("latency", LATENCY, Arrays.copyOf(LATENCY, 8));
    assertInstanceOf(Verdict.Healthy.class, withHistory.judge(eight));
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, withHistory.judge(
        new FixedContext().metric("error_ratio", errors, doubled).metric("latency", LATENCY, Arrays.copyOf(LATENCY, 9))));
    assertTrue(a.finding().summary().contains("evidence for a 1.7x rise reached a log-likelihood ratio of 5.58"),
        a.finding().summary());
    assertTrue(a.finding().evidence().get(0).rule().contains("of error_ratio vs the 120 min before the deployment"
        + " (spread from the 1440 min before the baseline)"), a.finding().evidence().get(0).rule());
    assertTrue(a.finding().summary().contains("scaled by the baseline's variance times 1: over the 1440 min before"
        + " the baseline"), a.finding().summary());
    // the source has nothing before the baseline: the baseline's long-run variance, and the finding says why
    Verdict.Anomalous fallback = assertInstanceOf(Verdict.Anomalous.class,
        withHistory.judge(context(doubled, Arrays.copyOf(LATENCY, 9))));
    assertTrue(fallback.finding().summary().contains("scaled by the baseline's long-run variance (the 1440 min before"
        + " the baseline held 0 usable samples, fewer than the 600 its dispersion needs)"), fallback.finding().summary());
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> DefaultDetection.builder().errorRatio("error_ratio").restartingCharts().history(Duration.ofHours(24))
            .build());
    assertEquals(List.of("history needs the tests since the deployment, not restartingCharts()"), e.problems());
  }

  @Test
  void atLeastOneMetricIsRequired() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> DefaultDetection.builder().build());
    assertEquals(List.of("at least one error ratio or latency metric is required"), e.problems());
  }
}
