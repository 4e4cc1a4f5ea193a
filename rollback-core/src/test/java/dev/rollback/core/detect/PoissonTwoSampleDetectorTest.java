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
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Known values: the baseline of {@link PoissonCusumDetectorTest} (120 error ratios of mean 0.005,
 * 396.667 events per unit: 238 events) against the 61 samples of a 60 min look (the deployment's
 * and the look's included), so that an unchanged rate puts 61/181 of all events after the
 * deployment. The tails were computed with mpmath's regularized incomplete beta at 30 digits.
 */
class PoissonTwoSampleDetectorTest {
  static final double[] BASELINE = PoissonCusumDetectorTest.BASELINE;

  final PoissonTwoSampleDetector.Builder builder = PoissonTwoSampleDetector.builder("error_ratio")
      .look(Duration.ofMinutes(60)).falseAlarmProbability(0.01).baseline(Duration.ofHours(2)).minimumSamples(1);

  static FixedContext context(double[] after) {
    return new FixedContext().metric("error_ratio", BASELINE, after);
  }

  @Test
  void beforeTheLookItWaitsAndSaysUntilWhen() throws InterruptedException {
    Verdict.Insufficient waiting = assertInstanceOf(Verdict.Insufficient.class,
        builder.build().judge(context(repeat(new double[] {0.05}, 60))));
    assertEquals("error_ratio is compared over the 60 min after the deployment once they have passed, at"
        + " 2026-11-27T08:00:00Z", waiting.reason());
  }

  @Test
  void aRiseOfAThirdOverTheLookAlarmsWithItsExactTail() throws InterruptedException {
    // 61 * 0.0065 * 396.667 = 157.278 events after against 238: P(X >= 157.278 | 395.278, 61/181) = 0.0065608
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        builder.build().judge(context(repeat(new double[] {0.0065}, 61))));
    String summary = a.finding().summary();
    assertTrue(summary.startsWith("error_ratio rose 30% over the 60 min after the deployment: mean 0.0065 over its 61"
        + " samples against 0.005 over the 120 samples before (157 events against 238); of all 395 events an"
        + " unchanged rate puts a share of 0.337 after the deployment, and 157 or more after it has p = 0.00656,"
        + " below the false-alarm probability 0.01"), summary);
    assertEquals(FixedContext.DEPLOYED, a.finding().anomalyStart());
    Evidence e = a.finding().evidence().get(0);
    assertEquals(0.0065, e.observed(), 1e-12);
    assertEquals(0.005, e.expected(), 1e-12);
    assertTrue(e.rule().startsWith("Two-sample binomial test of error_ratio over the 60 min after the deployment vs"
        + " the 120 min before it"), e.rule());
    assertEquals(120 + 61, Objects.requireNonNull(e.trace()).samples().size());
  }

  @Test
  void aRiseOfAFifthIsWithinTheNoise() throws InterruptedException {
    // 145.18 events after: P = 0.047464, above 0.01
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class,
        builder.build().judge(context(repeat(new double[] {0.006}, 61))));
    assertTrue(h.detail().contains("(145 events against 238), p = 0.0475 of an unchanged rate, the false-alarm"
        + " probability 0.01"), h.detail());
  }

  @Test
  void samplesAfterTheLookDoNotCount() throws InterruptedException {
    // the 61 samples of a fifth more, then an hour at 10x: judged at the end, the look's samples alone
    double[] after = new double[121];
    Arrays.fill(after, 0, 61, 0.006);
    Arrays.fill(after, 61, 121, 0.05);
    assertInstanceOf(Verdict.Healthy.class, builder.build().judge(context(after)));
    assertInstanceOf(Verdict.Anomalous.class, builder.look(Duration.ofMinutes(120)).build().judge(context(after)));
  }

  @Test
  void theRiseMustPassTheMinimumChange() throws InterruptedException {
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class,
        builder.minimumRelativeChange(0.5).build().judge(context(repeat(new double[] {0.0065}, 61))));
    assertTrue(h.detail().endsWith("; a rollback needs a rise of at least 50%"), h.detail());
  }

  @Test
  void aShiftInsideTheBaselineMustBeRisenAgainstToo() throws InterruptedException {
    // the last 30 samples of the baseline already at 0.008: against the whole baseline a rise, against its end none
    double[] baseline = Arrays.copyOf(BASELINE, 120);
    Arrays.fill(baseline, 90, 120, 0.008);
    double[] after = repeat(new double[] {0.008}, 61);
    FixedContext context = new FixedContext().metric("error_ratio", baseline, after);
    assertInstanceOf(Verdict.Anomalous.class, builder.build().judge(context));
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, builder.levelShift(3, 15).build().judge(context));
    assertTrue(h.detail().contains("but the baseline's level shifted up at 2026-11-27T06:30:00Z (mean 0.008 over its"
        + " last 30 samples"), h.detail());
  }

  @Test
  void aLatencyShiftDatesTheLevelTheWatchIsComparedWith() throws InterruptedException {
    // the last 10 baseline samples at 0.008, too few for the error ratio's own check; the latency rose 40% with them
    double[] baseline = Arrays.copyOf(BASELINE, 120);
    Arrays.fill(baseline, 110, 120, 0.008);
    double[] latency = repeat(new double[] {0.29, 0.31}, 60);
    for (int i = 110; i < 120; i++) {
      latency[i] *= 1.4;
    }
    double[] latencyAfter = repeat(new double[] {0.29 * 1.4, 0.31 * 1.4}, 31);
    FixedContext same = new FixedContext().metric("error_ratio", baseline, repeat(new double[] {0.008}, 61))
        .metric("latency", latency, latencyAfter);
    assertInstanceOf(Verdict.Anomalous.class, builder.levelShift(3, 15).build().judge(same));
    PoissonTwoSampleDetector dated = builder.levelShiftDatedBy("latency", 4, 5).build();
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, dated.judge(same));
    assertTrue(h.detail().contains("but latency shifted up 40% at 2026-11-27T06:50:00Z (its last 10 samples before the"
        + " deployment against the 110 before"), h.detail());
    assertTrue(h.detail().contains("against error_ratio's level since then (mean 0.008 over its last 10 samples before"
        + " the deployment) the mean 0.008 after the deployment is p = "), h.detail());
    // twice that level passes against it too, and says so
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, dated.judge(new FixedContext()
        .metric("error_ratio", baseline, repeat(new double[] {0.016}, 61)).metric("latency", latency, latencyAfter)));
    assertTrue(a.finding().summary().contains("; it also passed against its level since latency shifted up 40%"),
        a.finding().summary());
  }

  @Test
  void aLatencyTrendingUpComparesTheWatchWithTheBaselinesLastSamples() throws InterruptedException {
    // the error ratio drifts up from 0.8 to 1.2 times its level over the baseline and the latency's log by 0.002 a sample, in noise of
    // +-0.2 that hides it from a step search (least squares: 0.0020833 a sample, 13.3% an hour, computed in Python);
    // the watch's 0.0065 is 30% above the baseline's mean, 9% above its last 30 samples
    double[] errors = new double[120];
    double[] latency = new double[120];
    double[] flat = new double[120];
    for (int i = 0; i < 120; i++) {
      errors[i] = BASELINE[i] * (0.8 + 0.4 * i / 119);
      latency[i] = 0.3 * Math.exp(0.002 * i + (i % 2 == 0 ? -0.2 : 0.2));
      flat[i] = 0.3 * Math.exp(i % 2 == 0 ? -0.2 : 0.2);
    }
    double[] after = repeat(new double[] {0.0065}, 61);
    PoissonTwoSampleDetector.Builder dated = builder.levelShiftDatedBy("latency", 4, 5);
    FixedContext trending = new FixedContext().metric("error_ratio", errors, after)
        .metric("latency", latency, Arrays.copyOf(latency, 61));
    Verdict plainVerdict = dated.build().judge(trending);
    assertInstanceOf(Verdict.Anomalous.class, plainVerdict, () -> "no step in the latency to date: " + plainVerdict);
    PoissonTwoSampleDetector withTrend = dated.levelTrendDatedBy(2, 30).build();
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, withTrend.judge(trending));
    assertTrue(h.detail().contains("but latency trended up 13.3% an hour over the baseline (z "), h.detail());
    assertTrue(h.detail().contains("; against its last 30 samples (mean 0.00595) the mean 0.0065 after the deployment"),
        h.detail());
    // a flat latency dates nothing: the same rise alarms
    assertInstanceOf(Verdict.Anomalous.class, withTrend.judge(new FixedContext().metric("error_ratio", errors, after)
        .metric("latency", flat, Arrays.copyOf(flat, 61))));
    // a rise of 3x passes against the last samples too, and says so
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, withTrend.judge(new FixedContext()
        .metric("error_ratio", errors, repeat(new double[] {0.015}, 61)).metric("latency", latency, latency)));
    assertTrue(a.finding().summary().contains("; it also passed against the baseline's last 30 samples, since latency"
        + " trended up 13.3% an hour"), a.finding().summary());
  }

  @Test
  void theSampleCapIsAPoissonQuantileAndKeepsABurstFromCountingInFull() throws InterruptedException {
    // P(X > c) <= 0.001: 5 at a mean of 1 (P(X > 5) = 0.000594), 2 at 0.05, 8 at the baseline's 1.98333; at least 1
    assertEquals(5, PoissonTwoSampleDetector.poissonQuantile(1, 0.001));
    assertEquals(2, PoissonTwoSampleDetector.poissonQuantile(0.05, 0.001));
    assertEquals(8, PoissonTwoSampleDetector.poissonQuantile(1.98333, 0.001));
    assertEquals(1, PoissonTwoSampleDetector.poissonQuantile(0, 0.001));
    // an unchanged hour with a burst of 3 samples at 10x (19.8 events each): in full a rise (p < 0.01), capped at 8
    // events each (0.3 - 0.015 + 3 x 0.020168 = 0.3455, 137 events) not
    double[] after = Arrays.copyOf(BASELINE, 61);
    Arrays.fill(after, 20, 23, 0.05);
    Verdict.Anomalous burst = assertInstanceOf(Verdict.Anomalous.class, builder.build().judge(context(after)));
    assertTrue(burst.finding().summary().startsWith("error_ratio rose"), burst.finding().summary());
    Verdict.Healthy capped = assertInstanceOf(Verdict.Healthy.class, builder.sampleCap(0.001).build().judge(context(after)));
    assertTrue(capped.detail().contains("(137 events against 238)"), capped.detail());
    // a doubling still alarms under the cap, and the finding gives it
    Verdict.Anomalous doubled = assertInstanceOf(Verdict.Anomalous.class,
        builder.sampleCap(0.001).build().judge(context(repeat(new double[] {0.01}, 61))));
    assertTrue(doubled.finding().summary().endsWith("; each sample counted at most 8 events"),
        doubled.finding().summary());
  }

  @Test
  void fewEventsGetTheExactTail() throws InterruptedException {
    // no errors before; after, each positive sample is one event and an unchanged rate puts each after the
    // deployment with probability 61/181: 4 events have P = (61/181)^4 = 0.0129, 5 have 0.00435
    double[] zero = new double[120];
    double[] four = new double[61];
    Arrays.fill(four, 0, 4, 0.2);
    double[] five = four.clone();
    five[4] = 0.2;
    PoissonTwoSampleDetector detector = builder.build();
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class,
        detector.judge(new FixedContext().metric("error_ratio", zero, four)));
    assertTrue(h.detail().contains("p = 0.0129"), h.detail());
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        detector.judge(new FixedContext().metric("error_ratio", zero, five)));
    assertTrue(a.finding().summary().contains("p = 0.00435"), a.finding().summary());
  }

  @Test
  void aHistoryThatWandersCountsTheRiseAsFewerEventsAndAShortOneFallsBackAndSaysSo() throws InterruptedException {
    // the rise of a third that alarms against the baseline alone, after a day in which the rate wandered
    // (90 samples at 0.003, 90 at 0.007, ...): the day's dispersion scales the variance, and the rise is noise
    double[] day = new double[1440];
    for (int i = 0; i < day.length; i++) {
      day[i] = (i / 90) % 2 == 0 ? 0.003 : 0.007;
    }
    double[] after = repeat(new double[] {0.0065}, 61);
    PoissonTwoSampleDetector withHistory = builder.history(Duration.ofHours(24)).build();
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, withHistory.judge(
        new FixedContext().metric("error_ratio", BurnRateDetectorTest.concat(day, BASELINE), after)));
    assertTrue(h.detail().contains("of an unchanged rate, the false-alarm probability 0.01"), h.detail());
    // a day like the baseline: the baseline's variance times 1, and the rise alarms as without a history
    double[] steady = BurnRateDetectorTest.concat(repeat(new double[] {0, 0.005, 0.01, 0.005}, 360), BASELINE);
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        withHistory.judge(new FixedContext().metric("error_ratio", steady, after)));
    assertTrue(a.finding().summary().contains("(157 events against 238, scaled by the baseline's variance times 1: over"
        + " the 1440 min before the baseline (1440 usable samples)"), a.finding().summary());
    assertTrue(a.finding().evidence().get(0).rule().contains("(spread from the 1440 min before the baseline)"),
        a.finding().evidence().get(0).rule());
    // 100 samples of history are too few: the baseline alone, and the finding says so
    double[] thin = BurnRateDetectorTest.concat(repeat(new double[] {0.005}, 100), BASELINE);
    Verdict.Anomalous fallback = assertInstanceOf(Verdict.Anomalous.class,
        withHistory.judge(new FixedContext().metric("error_ratio", thin, after)));
    assertTrue(fallback.finding().summary().contains("scaled by the baseline's variance (the 1440 min before the"
        + " baseline held 100 usable samples, fewer than the 600 its dispersion needs)"), fallback.finding().summary());
  }

  @Test
  void nothingAtAllIsHealthyAndAThinBaselineIsNoData() throws InterruptedException {
    assertInstanceOf(Verdict.Healthy.class,
        builder.build().judge(new FixedContext().metric("error_ratio", new double[120], new double[61])));
    Verdict.NoData none = assertInstanceOf(Verdict.NoData.class,
        builder.build().judge(new FixedContext().metric("error_ratio", new double[5], new double[61])));
    assertTrue(none.reason().contains("5 usable samples in the 120 min before the deployment; the two-sample"
        + " comparison needs 20"), none.reason());
  }

  @Test
  void badSettingsAreReportedTogether() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> PoissonTwoSampleDetector.builder(" ").look(Duration.ZERO).falseAlarmProbability(1)
            .minimumRelativeChange(-1).minimumSamples(0).build());
    String message = e.getMessage();
    for (String field : new String[] {"metric", "look", "falseAlarmProbability", "minimumRelativeChange",
        "minimumSamples"}) {
      assertTrue(message.contains(field), field + " in " + message);
    }
    InvalidConfigurationException more = assertThrows(InvalidConfigurationException.class,
        () -> PoissonTwoSampleDetector.builder("x").sampleCap(1).levelShiftDatedBy("", 0, 0).build());
    assertEquals(List.of("sampleCap tailProbability must be >= 0 and < 1 but was 1.0",
        "levelShiftDatedBy otherMetric must not be blank", "levelShiftDatedBy threshold must be a finite number > 0"
            + " but was 0.0", "levelShiftDatedBy minimumTail must be >= 1 but was 0"), more.problems());
    InvalidConfigurationException trend = assertThrows(InvalidConfigurationException.class,
        () -> PoissonTwoSampleDetector.builder("x").levelTrendDatedBy(2, 0).build());
    assertEquals(List.of("levelTrendDatedBy recentSamples must be >= 1 but was 0",
        "levelTrendDatedBy needs levelShiftDatedBy"), trend.problems());
  }
}
