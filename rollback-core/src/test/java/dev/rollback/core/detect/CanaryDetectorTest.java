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
import org.junit.jupiter.api.Test;

/**
 * Known values: with equal traffic (1 request a second each, 60 a sample) the canary's share of a
 * sample's errors is 1/2 without a difference and 2/3 with a doubling, so a sample adds {@code e_c
 * ln(4/3) + e_b ln(2/3)} = 0.287682 e_c - 0.405465 e_b; the limit is ln(1 / e^-3) = 3, one sample at
 * most 1.5.
 */
class CanaryDetectorTest {
  static final double[] NONE = new double[0];

  final CanaryDetector.Builder builder = CanaryDetector.builder("errors_canary").control("errors_control")
      .requests("requests_canary", "requests_control").falseAlarmProbability(Math.exp(-3));

  static FixedContext context(double[] canary, double[] control, double canaryRate, double controlRate) {
    return new FixedContext().metric("errors_canary", NONE, canary).metric("errors_control", NONE, control)
        .metric("requests_canary", NONE, repeat(new double[] {canaryRate}, canary.length))
        .metric("requests_control", NONE, repeat(new double[] {controlRate}, control.length));
  }

  @Test
  void aDoubledErrorRatioAgainstTheControlAtTheSameTimeAlarmsAtTheSixthSample() throws InterruptedException {
    // 6 errors of 60 against 3 of 60: 6 * 0.287682 - 3 * 0.405465 = 0.5097 a sample; 2.548 after 5, 3.058 after 6
    CanaryDetector detector = builder.build();
    assertEquals(3, detector.decisionInterval(), 1e-12);
    double[] canary = repeat(new double[] {0.1}, 6);
    double[] control = repeat(new double[] {0.05}, 6);
    Verdict.Healthy early = assertInstanceOf(Verdict.Healthy.class,
        detector.judge(context(Arrays.copyOf(canary, 5), Arrays.copyOf(control, 5), 1, 1)));
    assertTrue(early.detail().contains("log-likelihood ratio of a 2x rise 2.55 of the alarm limit 3 over 5 samples"),
        early.detail());
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, detector.judge(context(canary, control, 1, 1)));
    assertEquals(FixedContext.DEPLOYED, a.finding().anomalyStart());
    String summary = a.finding().summary();
    assertTrue(summary.startsWith("errors_canary rose 2x against the control's pods at the same time: 0.1 over the 6"
        + " samples since the deployment against 0.05 for errors_control (36 errors among 360 requests against 18"
        + " among 360)"), summary);
    assertTrue(summary.contains("the evidence for a 2x rise reached a log-likelihood ratio of 3.06, past the alarm"
        + " limit 3 (an unchanged release passes it with probability at most 0.0498 over the whole watch)"), summary);
    Evidence evidence = a.finding().evidence().get(0);
    assertEquals(0.1, evidence.observed(), 1e-12);
    assertEquals(0.05, evidence.expected(), 1e-12);
    assertTrue(evidence.rule().startsWith("Binomial likelihood ratio since the deployment of errors_canary against the"
        + " control errors_control"), evidence.rule());
    assertEquals(6, java.util.Objects.requireNonNull(evidence.trace()).samples().size());
  }

  @Test
  void whatMovesBothVersionsCancels() throws InterruptedException {
    // an hour in which both versions' errors go from 0.5% to 5% together (a dependency failing, a traffic shift):
    // each sample's errors are split as the requests are, and the evidence of a rise only falls
    double[] together = new double[60];
    Arrays.fill(together, 0, 10, 0.005);
    Arrays.fill(together, 10, 60, 0.05);
    CanaryDetector detector = builder.build();
    for (int n = 3; n <= 60; n++) {
      assertInstanceOf(Verdict.Healthy.class,
          detector.judge(context(Arrays.copyOf(together, n), Arrays.copyOf(together, n), 1, 1)), "at sample " + n);
    }
  }

  @Test
  void theCanarysShareOfTheErrorsFollowsItsShareOfTheRequests() throws InterruptedException {
    // a quarter of the requests: p0 = 1/4, p1 = 2/5; a sample adds e_c ln 1.6 + e_b ln 0.8. At the control's
    // ratio (1.5 errors of 15 against 4.5 of 45) that is -0.299; at twice it (3 of 15) 0.406, past 3 at the 8th
    CanaryDetector detector = builder.build();
    double[] control = repeat(new double[] {0.1}, 8);
    assertInstanceOf(Verdict.Healthy.class, detector.judge(context(control, control, 0.25, 0.75)));
    double[] doubled = repeat(new double[] {0.2}, 8);
    assertInstanceOf(Verdict.Healthy.class,
        detector.judge(context(Arrays.copyOf(doubled, 7), Arrays.copyOf(control, 7), 0.25, 0.75)));
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        detector.judge(context(doubled, control, 0.25, 0.75)));
    assertTrue(a.finding().summary().contains("log-likelihood ratio of 3.25"), a.finding().summary());
    assertEquals(8 * (3 * Math.log(1.6) + 4.5 * Math.log(0.8)), 3.25, 0.005);
  }

  @Test
  void sinceAnySampleAStepFiveMinutesInPaysForItsStart() throws InterruptedException {
    // five samples without a canary error (against 3: -1.216 each), then 12 errors against 3: 2.236, capped at
    // 1.5. A start after 5 costs ln 42 = 3.738: 6 - 3.74 = 2.26 after four bad samples, 7.5 - 3.74 = 3.76 after
    // five; from the deployment (ln 2) it would be -6.08 - 0.69 + 7.5 = 0.73
    CanaryDetector detector = builder.accumulation(Accumulation.ANY_START).build();
    double[] canary = new double[10];
    Arrays.fill(canary, 0, 5, 0);
    Arrays.fill(canary, 5, 10, 0.2);
    double[] control = repeat(new double[] {0.05}, 10);
    assertInstanceOf(Verdict.Healthy.class,
        detector.judge(context(Arrays.copyOf(canary, 9), Arrays.copyOf(control, 9), 1, 1)));
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, detector.judge(context(canary, control, 1, 1)));
    assertEquals(FixedContext.DEPLOYED.plus(Duration.ofMinutes(5)), a.finding().anomalyStart());
    assertTrue(a.finding().summary().contains("errors_canary rose 4x against the control's pods at the same time: 0.2"
        + " over the last 5 samples"), a.finding().summary());
    assertTrue(a.finding().summary().contains("the evidence for a 2x rise since then, less 3.74 for starting 5 samples"
        + " after it, reached a log-likelihood ratio of 3.76"), a.finding().summary());
  }

  @Test
  void onlyTimesWithAllFourSamplesCountAndMissingMetricsSayWhich() throws InterruptedException {
    CanaryDetector detector = builder.build();
    FixedContext noControl = new FixedContext().metric("errors_canary", NONE, repeat(new double[] {0.1}, 10))
        .metric("requests_canary", NONE, repeat(new double[] {1}, 10))
        .metric("requests_control", NONE, repeat(new double[] {1}, 10));
    Verdict.NoData none = assertInstanceOf(Verdict.NoData.class, detector.judge(noControl));
    assertEquals("errors_control", none.metric());
    // the control's samples every other minute: 5 pairs of the 10 minutes, short of 6 to alarm
    double[] gappy = repeat(new double[] {0.05, Double.NaN}, 5);
    FixedContext context = context(repeat(new double[] {0.1}, 10), gappy, 1, 1);
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, detector.judge(context));
    assertTrue(h.detail().contains("over 5 samples since the deployment"), h.detail());
    Verdict.Insufficient few = assertInstanceOf(Verdict.Insufficient.class,
        detector.judge(context(repeat(new double[] {0.1}, 2), repeat(new double[] {0.05}, 2), 1, 1)));
    assertTrue(few.reason().contains("2 samples with the canary's and the control's error ratio and requests"),
        few.reason());
    assertInstanceOf(Verdict.Healthy.class,
        detector.judge(context(repeat(new double[] {0}, 10), repeat(new double[] {0}, 10), 1, 1)));
  }

  @Test
  void badSettingsAreNamedAllAtOnce() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> CanaryDetector.builder("errors").control("errors").ratio(1).accumulation(Accumulation.RESTARTING)
            .falseAlarmProbability(1).maximumSampleShare(0).minimumRelativeChange(-1).step(Duration.ZERO)
            .minimumSamples(0).build());
    String message = e.getMessage();
    for (String field : new String[] {"requests canary", "ratio", "accumulation must be SINCE_DEPLOYMENT or ANY_START",
        "falseAlarmProbability", "maximumSampleShare", "minimumRelativeChange", "step", "minimumSamples"}) {
      assertTrue(message.contains(field), field + " in " + message);
    }
    InvalidConfigurationException same = assertThrows(InvalidConfigurationException.class,
        () -> CanaryDetector.builder("errors").control("errors").requests("a", "b").build());
    assertTrue(same.getMessage().contains("must be four different metrics"), same.getMessage());
  }
}
