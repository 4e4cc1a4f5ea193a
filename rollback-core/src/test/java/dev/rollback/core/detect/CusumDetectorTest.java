package dev.rollback.core.detect;

import static dev.rollback.core.detect.FixedContext.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.detect.internal.CusumTest;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CusumDetectorTest {
  /** 60 baseline values with mean exactly 10 and sample standard deviation exactly 1. */
  static final double[] UNIT_BASELINE = repeat(new double[] {10 - Math.sqrt(59 / 60.0), 10 + Math.sqrt(59 / 60.0)}, 30);

  /** k = 0.5 and an average run length whose decision interval is Montgomery's h = 5. */
  final CusumDetector montgomery = CusumDetector.builder("latency")
      .shift(1).averageRunLength(938.2223641163949).clip(100).minimumSamples(1).build();

  @Test
  void calibratedFromTheBaselineItSignalsMontgomerysSequenceAtObservation29() throws InterruptedException {
    assertEquals(5, montgomery.decisionInterval(), 1e-9);
    double[] first28 = Arrays.copyOf(CusumTest.MONTGOMERY, 28);
    assertInstanceOf(Verdict.Healthy.class, montgomery.judge(new FixedContext().metric("latency", UNIT_BASELINE, first28)));
    double[] first29 = Arrays.copyOf(CusumTest.MONTGOMERY, 29);
    FixedContext context = new FixedContext().metric("latency", UNIT_BASELINE, first29);
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, montgomery.judge(context));
    // the excursion of 7 samples started at observation 23 (index 22)
    assertEquals(FixedContext.DEPLOYED.plus(FixedContext.STEP.multipliedBy(22)), a.finding().anomalyStart());
    double meanOfExcursion = Arrays.stream(CusumTest.MONTGOMERY, 22, 29).average().orElseThrow();
    assertEquals(meanOfExcursion, a.finding().evidence().get(0).observed(), 1e-9);
    assertTrue(a.finding().summary().contains("the cumulative excess reached 5.28 baseline standard deviations, past"
        + " the alarm limit 5"), a.finding().summary());
  }

  @Test
  void aHistoryThatWandersWidensTheSpreadAndTheFindingSaysWhereTheSpreadCameFrom() throws InterruptedException {
    CusumDetector withHistory = CusumDetector.builder(montgomery).history(java.time.Duration.ofHours(24)).build();
    double[] step = {14, 14, 14};
    // a day in which the level wandered: 90 samples at 8.5, 90 at 11.5, ...
    double[] day = new double[1440];
    for (int i = 0; i < day.length; i++) {
      day[i] = (i / 90) % 2 == 0 ? 8.5 : 11.5;
    }
    double wander = dev.rollback.core.detect.internal.SampleStats.splitDispersion(day, 60, 30);
    assertTrue(wander > 4, "the day's dispersion " + wander);
    // 4 sd of the baseline is under 2 sd of the widened spread: 3 samples add less than h = 5
    assertInstanceOf(Verdict.Anomalous.class, montgomery.judge(new FixedContext().metric("latency", UNIT_BASELINE, step)));
    assertInstanceOf(Verdict.Healthy.class,
        withHistory.judge(new FixedContext().metric("latency", concat(day, UNIT_BASELINE), step)));
    // a day like the baseline: the baseline's own sd, and the finding says so
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, withHistory.judge(
        new FixedContext().metric("latency", concat(repeat(UNIT_BASELINE, 24), UNIT_BASELINE), step)));
    assertTrue(a.finding().summary().contains("(sd 1 of the transformed metric, scaled by the baseline's variance"
        + " times 1: over the 1440 min before the baseline (1440 usable samples) the mean of the next 30 or 60 samples"
        + " moved from the mean"
        + " of the 60 min"
        + " before them"), a.finding().summary());
  }

  private static double[] concat(double[] first, double[] second) {
    double[] out = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, out, first.length, second.length);
    return out;
  }

  @Test
  void aSingleOutlierIsClippedAndCannotAlarmAlone() throws InterruptedException {
    CusumDetector clipped = CusumDetector.builder("latency").minimumSamples(1).build();
    double[] spike = {10, 60, 10};
    assertInstanceOf(Verdict.Healthy.class, clipped.judge(new FixedContext().metric("latency", UNIT_BASELINE, spike)));
    double[] step = {14, 14, 14};
    assertInstanceOf(Verdict.Anomalous.class, clipped.judge(new FixedContext().metric("latency", UNIT_BASELINE, step)));
  }

  @Test
  void aClearButSmallChangeIsNotAnAnomalyBelowTheMinimumRelativeChange() throws InterruptedException {
    double[] plus8Percent = repeat(new double[] {10.8}, 40);
    FixedContext context = new FixedContext().metric("latency", UNIT_BASELINE.clone(), plus8Percent);
    assertInstanceOf(Verdict.Anomalous.class, montgomery.judge(context));
    CusumDetector gated = CusumDetector.builder(montgomery).minimumRelativeChange(0.1).build();
    assertInstanceOf(Verdict.Healthy.class, gated.judge(context));
  }

  @Test
  void decreasesAreWatchedWhenAskedFor() throws InterruptedException {
    double[] drop = repeat(new double[] {7}, 5);
    FixedContext context = new FixedContext().metric("latency", UNIT_BASELINE, drop);
    assertInstanceOf(Verdict.Healthy.class, montgomery.judge(context));
    CusumDetector down = CusumDetector.builder(montgomery).direction(Direction.DECREASE).build();
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, down.judge(context));
    assertTrue(a.finding().summary().startsWith("latency fell 30% after the deployment"), a.finding().summary());
  }

  @Test
  void theSquareRootTransformStabilizesCountLikeRatios() throws InterruptedException {
    CusumDetector errors = CusumDetector.builder("error_ratio").transform(CusumDetector.Transform.SQRT).build();
    double[] baseline = repeat(new double[] {0, 0.005, 0.005, 0.01, 0, 0.005, 0.015, 0.005, 0, 0.01}, 6);
    double[] quadrupled = repeat(new double[] {0.02, 0.025, 0.015, 0.02}, 2);
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        errors.judge(new FixedContext().metric("error_ratio", baseline, quadrupled)));
    assertTrue(a.finding().summary().startsWith("error_ratio rose 3.64x after the deployment"), a.finding().summary());
    assertInstanceOf(Verdict.Healthy.class, errors.judge(new FixedContext().metric("error_ratio", baseline,
        Arrays.copyOf(baseline, 30))));
  }

  @Test
  void aShortBaselineIsNoDataAndAFewSamplesAreInsufficient() throws InterruptedException {
    CusumDetector d = CusumDetector.builder("latency").build();
    Verdict.NoData n = assertInstanceOf(Verdict.NoData.class,
        d.judge(new FixedContext().metric("latency", new double[] {1, 2, 3}, new double[] {9, 9, 9})));
    assertEquals("latency has 3 usable samples in the 60 min before the deployment; the CUSUM needs 20", n.reason());
    assertInstanceOf(Verdict.Insufficient.class,
        d.judge(new FixedContext().metric("latency", UNIT_BASELINE, new double[] {30, 30})));
  }

  @Test
  void buildListsEveryBadSetting() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> CusumDetector.builder("x").shift(0).averageRunLength(1).clip(-1).minimumBaselineSamples(1).build());
    assertEquals(List.of("shift must be a finite number > 0 but was 0.0",
        "averageRunLength must be a finite number > 1 but was 1.0", "clip must be > shift / 2 (0.0) but was -1.0",
        "minimumBaselineSamples must be >= 2 but was 1"), e.problems());
  }

  @Test
  void aLatencyLevelShiftShortlyBeforeTheDeploymentIsNotARiseAfterIt() throws InterruptedException {
    // 100 samples around 0.3, the last 20 around 0.45: the release starts from 0.45, the baseline's mean is 0.325
    double[] shifted = new double[120];
    System.arraycopy(repeat(new double[] {0.29, 0.31}, 50), 0, shifted, 0, 100);
    System.arraycopy(repeat(new double[] {0.44, 0.46}, 10), 0, shifted, 100, 20);
    CusumDetector.Builder sprt = CusumDetector.builder("latency").transform(CusumDetector.Transform.LOG)
        .accumulation(Accumulation.SINCE_DEPLOYMENT).falseAlarmProbability(0.004).shift(1.5).clip(2.5)
        .minimumRelativeChange(0.25).baseline(java.time.Duration.ofHours(2)).minimumSamples(1);
    CusumDetector plain = sprt.build();
    CusumDetector aware = sprt.levelShift(3.5, 2).build();
    FixedContext unchanged = new FixedContext().metric("latency", shifted, repeat(new double[] {0.44, 0.46}, 30));
    assertInstanceOf(Verdict.Anomalous.class, plain.judge(unchanged), "1.38x the baseline's mean");
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, aware.judge(unchanged));
    assertTrue(h.detail().contains("but the baseline's level shifted up at 2026-11-27T06:40:00Z (mean 0.45 over its"
        + " last 20 samples"), h.detail());
    // a rise of half above the new level still alarms
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        aware.judge(new FixedContext().metric("latency", shifted, repeat(new double[] {0.67, 0.69}, 5))));
    assertTrue(a.finding().summary().contains("it also passed against the level since a shift in the baseline at"
        + " 2026-11-27T06:40:00Z (mean 0.45 over its last 20 samples"), a.finding().summary());
    // a copy keeps the setting
    assertInstanceOf(Verdict.Healthy.class, CusumDetector.builder(aware).build().judge(unchanged));
  }

  @Test
  void sinceTheDeploymentTheLogLikelihoodRatioOfTheStepIsSummedWithoutRestarts() throws InterruptedException {
    // baseline mean 10, sd 1; a 2 sd step: each sample adds 2 (z - 1); limit ln(1 / e^-6) = 6
    CusumDetector sprt = CusumDetector.builder("latency").shift(2).accumulation(Accumulation.SINCE_DEPLOYMENT)
        .falseAlarmProbability(Math.exp(-6)).minimumSamples(1).build();
    assertEquals(6, sprt.decisionInterval(), 1e-12);
    assertInstanceOf(Verdict.Healthy.class,
        sprt.judge(new FixedContext().metric("latency", UNIT_BASELINE, new double[] {13})), "4 of 6");
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        sprt.judge(new FixedContext().metric("latency", UNIT_BASELINE, new double[] {13, 13})));
    assertTrue(a.finding().summary().contains("log-likelihood ratio of a 2 sd step since the deployment reached 8,"
        + " past the alarm limit 6 (an unchanged metric passes it with probability at most 0.00248"),
        a.finding().summary());
    assertEquals(FixedContext.DEPLOYED, a.finding().anomalyStart());
    // 4, then 9 (z = -1) takes 4 away, then 4 and 4: 8 > 6 at the fourth sample, never restarted at 0
    assertInstanceOf(Verdict.Healthy.class,
        sprt.judge(new FixedContext().metric("latency", UNIT_BASELINE, new double[] {13, 9, 13})));
    assertInstanceOf(Verdict.Anomalous.class,
        sprt.judge(new FixedContext().metric("latency", UNIT_BASELINE, new double[] {13, 9, 13, 13})));
    assertTrue(a.finding().evidence().get(0).rule().startsWith("Likelihood ratio since the deployment of latency"),
        a.finding().evidence().get(0).rule());
  }

  @Test
  void sinceAnySampleAfterTheDeploymentAStepThatBeginsLaterPaysForItsStart() throws InterruptedException {
    // baseline mean 10, sd 1; a 2 sd step: 10 adds 2 (0 - 1) = -2, 13 adds 2 (3 - 1) = 4; limit 6. Three
    // ordinary samples, then the step: since any start, the start after 3 costs ln 20 = 3.0 (8 - 3 = 5
    // after two steps, 12 - 3 = 9 after three); the sum since the deployment is -6 + 12 = 6 there, not past 6
    CusumDetector.Builder builder = CusumDetector.builder("latency").shift(2).falseAlarmProbability(Math.exp(-6))
        .minimumSamples(1);
    CusumDetector anyStart = builder.accumulation(Accumulation.ANY_START).build();
    CusumDetector sinceDeployment = builder.accumulation(Accumulation.SINCE_DEPLOYMENT).build();
    assertEquals(6, anyStart.decisionInterval(), 1e-12);
    double[] step = {10, 10, 10, 13, 13, 13};
    assertInstanceOf(Verdict.Healthy.class,
        anyStart.judge(new FixedContext().metric("latency", UNIT_BASELINE, java.util.Arrays.copyOf(step, 5))));
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        anyStart.judge(new FixedContext().metric("latency", UNIT_BASELINE, step)));
    assertEquals(FixedContext.DEPLOYED.plus(java.time.Duration.ofMinutes(3)), a.finding().anomalyStart());
    assertTrue(a.finding().summary().contains("mean 13 over the last 3 samples"), a.finding().summary());
    assertTrue(a.finding().summary().contains("the log-likelihood ratio of a 2 sd step since then, less 3 for starting"
        + " 3 samples after it, reached 9, past the alarm limit 6"), a.finding().summary());
    assertTrue(a.finding().evidence().get(0).rule().startsWith(
        "Likelihood ratio since any sample after the deployment of latency"), a.finding().evidence().get(0).rule());
    assertInstanceOf(Verdict.Healthy.class,
        sinceDeployment.judge(new FixedContext().metric("latency", UNIT_BASELINE, step)));
  }
}
