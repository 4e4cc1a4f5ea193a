package dev.rollback.core.detect;

import static dev.rollback.core.detect.FixedContext.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Evidence;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The restarting charts ({@link DefaultDetection.Builder#restartingCharts()}, the default until issue
 * 15's step 16) on small known series. The error ratio's 2 h baseline {@link
 * PoissonCusumDetectorTest#BASELINE} has scale 396.667 and lambda0 1.98333; both error charts have
 * h = ln 40,000 = 10.597.
 */
class RestartingChartsTest {
  static final double[] ERRORS = PoissonCusumDetectorTest.BASELINE;
  static final double[] LATENCY = repeat(new double[] {0.29, 0.31}, 60);

  final Detector detector = DefaultDetection.builder().errorRatio("error_ratio").latency("latency").restartingCharts()
      .build();

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
    // 0.02 is 7.93 events: the 4x chart adds 7.93 ln 4 - 3 lambda0 = 5.048 a sample (sums 5.05, 10.10, 15.14);
    // the 1.5x chart adds 7.93 ln 1.5 - 0.5 lambda0 = 2.225 (sums 2.23, 4.45, 6.68)
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
    assertTrue(summary.contains("evidence for a 4x rise reached a log-likelihood ratio of 15.1"), summary);
    assertTrue(a.finding().evidence().get(0).rule().startsWith("Poisson CUSUM of error_ratio vs the 120 min"),
        a.finding().evidence().get(0).rule());
  }

  @Test
  void aDoublingIsCaughtByTheSmallStepChart() throws InterruptedException {
    // 0.01 is 3.97 events: the 1.5x chart adds 3.97 ln 1.5 - 0.5 lambda0 = 0.6167 a sample (10.48 after 17,
    // 11.1 after 18: past 10.597 at the 18th); the 4x chart's increment 3.97 ln 4 - 5.95 is negative
    double[] doubled = repeat(new double[] {0.01}, 18);
    double[] latency = Arrays.copyOf(LATENCY, 18);
    assertInstanceOf(Verdict.Healthy.class, detector.judge(context(Arrays.copyOf(doubled, 17), Arrays.copyOf(latency, 17))));
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, detector.judge(context(doubled, latency)));
    assertTrue(a.finding().summary().contains("evidence for a 1.5x rise reached a log-likelihood ratio of 11.1"), a.finding().summary());
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
  void aLatencyRiseOfHalfIsCaughtAndASmallOneIsNot() throws InterruptedException {
    double[] errors = Arrays.copyOf(ERRORS, 60);
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        detector.judge(context(Arrays.copyOf(errors, 3), repeat(new double[] {0.45}, 3))));
    assertEquals(List.of("latency"), a.finding().evidence().stream().map(Evidence::metric).toList());
    // +10% is far outside the baseline's noise but under the 25% a latency must rise
    assertInstanceOf(Verdict.Healthy.class, detector.judge(context(errors, repeat(new double[] {0.33}, 60))));
  }

  @Test
  void atLeastOneMetricIsRequired() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> DefaultDetection.builder().restartingCharts().build());
    assertEquals(List.of("at least one error ratio or latency metric is required"), e.problems());
  }
}
