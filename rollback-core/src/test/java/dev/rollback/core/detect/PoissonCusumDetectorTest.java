package dev.rollback.core.detect;

import static dev.rollback.core.detect.FixedContext.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Evidence;
import dev.rollback.spi.Sample;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoissonCusumDetectorTest {
  /**
   * 120 error ratios with mean 0.005 and sample variance 30 * 5e-5 / 119: scale m / v = 396.667
   * events per unit and lambda0 = m^2 / v = 1.98333 events per sample.
   */
  static final double[] BASELINE = repeat(new double[] {0, 0.005, 0.01, 0.005}, 30);

  /** A 2x chart with h = 10 exactly. */
  final PoissonCusumDetector twofold = PoissonCusumDetector.builder("error_ratio")
      .ratio(2).averageRunLength(Math.exp(10)).baseline(Duration.ofHours(2)).minimumSamples(1).build();

  static FixedContext context(double... after) {
    return new FixedContext().metric("error_ratio", BASELINE, after);
  }

  @Test
  void theBaselineFixesTheScaleQuasiPoissonStyle() {
    PoissonCusumDetector.Calibration c = PoissonCusumDetector.calibrate(BASELINE, new double[0]);
    assertEquals(0.005 * 119 / 1.5e-3, c.scale(), 1e-9);
    assertEquals(0.005 * 0.005 * 119 / 1.5e-3, c.lambda0(), 1e-12);
    assertEquals(10, twofold.decisionInterval(), 1e-12);
  }

  @Test
  void aFourfoldRiseAddsItsLogLikelihoodRatioAndPassesHAtTheThirdSample() throws InterruptedException {
    // y = 0.02 * 396.667 = 7.9333 events; increment y ln 2 - lambda0 = 3.5156; sums 3.52, 7.03, 10.55 > 10
    assertInstanceOf(Verdict.Healthy.class, twofold.judge(context(0.02, 0.02)));
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, twofold.judge(context(0.02, 0.02, 0.02)));
    assertEquals(FixedContext.DEPLOYED, a.finding().anomalyStart());
    Evidence e = a.finding().evidence().get(0);
    assertEquals(0.02, e.observed(), 1e-12);
    assertEquals(0.005, e.expected(), 1e-12);
    assertTrue(a.finding().summary().startsWith("error_ratio rose 4x after the deployment: mean 0.02 over the last 3"
        + " samples"), a.finding().summary());
    assertTrue(a.finding().summary().contains("log-likelihood ratio of 10.5, past the alarm limit 10"),
        a.finding().summary());
  }

  @Test
  void noSingleSampleCanAlarm() throws InterruptedException {
    // each increment is capped at h / 2 = 5: two huge samples reach exactly h, a third passes it
    assertInstanceOf(Verdict.Healthy.class, twofold.judge(context(1.0)));
    assertInstanceOf(Verdict.Healthy.class, twofold.judge(context(1.0, 1.0)));
    assertInstanceOf(Verdict.Anomalous.class, twofold.judge(context(1.0, 1.0, 1.0)));
    double[] spikeThenNormal = new double[41];
    System.arraycopy(BASELINE, 0, spikeThenNormal, 1, 40);
    spikeThenNormal[0] = 1.0;
    for (int n = 1; n <= spikeThenNormal.length; n++) {
      assertInstanceOf(Verdict.Healthy.class, twofold.judge(context(Arrays.copyOf(spikeThenNormal, n))), "at " + n);
    }
  }

  @Test
  void aRiseSmallerThanTheMinimumRelativeChangeIsNotAnAnomaly() throws InterruptedException {
    // 1.8x: increment 0.4912 a sample, past h = 10 at the 21st
    double[] rise = repeat(new double[] {0.009}, 21);
    assertInstanceOf(Verdict.Healthy.class, twofold.judge(context(Arrays.copyOf(rise, 20))));
    assertInstanceOf(Verdict.Anomalous.class, twofold.judge(context(rise)));
    PoissonCusumDetector gated = PoissonCusumDetector.builder("error_ratio").ratio(2).averageRunLength(Math.exp(10))
        .baseline(Duration.ofHours(2)).minimumRelativeChange(1.0).build();
    assertInstanceOf(Verdict.Healthy.class, gated.judge(context(repeat(new double[] {0.009}, 60))));
  }

  @Test
  void aCleanBaselineTakesItsScaleFromTheSmallestEventAndACautiousRate() throws InterruptedException {
    double[] zeros = new double[120];
    PoissonCusumDetector.Calibration c = PoissonCusumDetector.calibrate(zeros, new double[] {0, 0.01, 0.02});
    assertEquals(100, c.scale(), 1e-9);
    assertEquals(0.5 / 120, c.lambda0(), 1e-15);
    assertNull(PoissonCusumDetector.calibrate(zeros, new double[] {0, 0}));
    // one event a sample: increment ln 2 - 0.5 / 120 = 0.6890, past h = 10 at the 15th sample
    double[] oneEach = repeat(new double[] {0.01}, 15);
    FixedContext before = new FixedContext().metric("error_ratio", zeros, Arrays.copyOf(oneEach, 14));
    assertInstanceOf(Verdict.Healthy.class, twofold.judge(before));
    FixedContext after = new FixedContext().metric("error_ratio", zeros, oneEach);
    assertInstanceOf(Verdict.Anomalous.class, twofold.judge(after));
    Verdict.Healthy quiet = assertInstanceOf(Verdict.Healthy.class,
        twofold.judge(new FixedContext().metric("error_ratio", zeros, new double[] {0, 0, 0})));
    assertEquals("error_ratio: 0 throughout the 120 samples before and the 3 since the deployment", quiet.detail());
  }

  @Test
  void onBinomialErrorsItRarelyAlarmsUnchangedAndFindsADoubling() throws InterruptedException {
    // h = ln 1000: Wald's bound allows about one false alarm per 1000 samples, 0.1 per 100-sample trial
    PoissonCusumDetector d = PoissonCusumDetector.builder("error_ratio").ratio(2).averageRunLength(1000)
        .baseline(Duration.ofHours(2)).build();
    SplittableRandom random = new SplittableRandom(7);
    int trials = 300;
    int falseAlarms = 0;
    int found = 0;
    for (int t = 0; t < trials; t++) {
      double[] base = binomialRatios(120, 0.005, random);
      falseAlarms += firstAlarm(d, base, binomialRatios(100, 0.005, random)) > 0 ? 1 : 0;
      found += firstAlarm(d, base, binomialRatios(100, 0.01, random)) > 0 ? 1 : 0;
    }
    assertTrue(falseAlarms <= 0.1 * trials, falseAlarms + " false alarms in " + trials + " trials");
    assertTrue(found >= 0.98 * trials, found + " of " + trials + " doublings found within 100 samples");
  }

  private static int firstAlarm(Detector d, double[] base, double[] after) throws InterruptedException {
    return FixedContext.firstAlarm(d, after.length,
        n -> new FixedContext().metric("error_ratio", base, Arrays.copyOf(after, n)));
  }

  private static double[] binomialRatios(int samples, double p, SplittableRandom random) {
    double[] out = new double[samples];
    for (int i = 0; i < samples; i++) {
      int errors = 0;
      for (int r = 0; r < 200; r++) {
        errors += random.nextDouble() < p ? 1 : 0;
      }
      out[i] = errors / 200.0;
    }
    return out;
  }

  @Test
  void aShortBaselineIsNoDataAndAFewSamplesAreInsufficient() throws InterruptedException {
    PoissonCusumDetector d = PoissonCusumDetector.builder("error_ratio").build();
    Verdict.NoData n = assertInstanceOf(Verdict.NoData.class,
        d.judge(new FixedContext().metric("error_ratio", new double[] {0.01, 0.02}, new double[] {0.1, 0.1, 0.1})));
    assertEquals("error_ratio has 2 usable samples in the 60 min before the deployment; the CUSUM needs 20",
        n.reason());
    assertInstanceOf(Verdict.Insufficient.class, d.judge(context(0.1, 0.1)));
  }

  @Test
  void buildListsEveryBadSetting() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> PoissonCusumDetector.builder(" ").ratio(1).averageRunLength(1).minimumRelativeChange(-1)
            .minimumSamples(0).build());
    assertEquals(List.of("metric must not be blank", "ratio must be a finite number > 1 but was 1.0",
        "averageRunLength must be a finite number > 1 but was 1.0",
        "minimumRelativeChange must be a finite number >= 0 but was -1.0", "minimumSamples must be >= 1 but was 0"),
        e.problems());
  }

  @Test
  void sinceTheDeploymentALateBurstHasTheEarlierSamplesAgainstIt() throws InterruptedException {
    // ten ordinary samples: y = 0.005 * 396.667 = 1.9833, each adds y ln 2 - lambda0 = -0.6086 (sum
    // -6.086); three huge samples add the cap h / 2 = 5 each: -6.086 + 15 = 8.91 < 10
    PoissonCusumDetector sprt = PoissonCusumDetector.builder("error_ratio").ratio(2)
        .accumulation(Accumulation.SINCE_DEPLOYMENT).falseAlarmProbability(Math.exp(-10))
        .baseline(Duration.ofHours(2)).minimumSamples(1).build();
    assertEquals(10, sprt.decisionInterval(), 1e-12);
    double[] after = new double[13];
    Arrays.fill(after, 0, 10, 0.005);
    Arrays.fill(after, 10, 13, 1.0);
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, sprt.judge(context(after)));
    assertTrue(h.detail().contains("log-likelihood ratio of a 2x rise 8.91 of the alarm limit 10"), h.detail());
    assertInstanceOf(Verdict.Anomalous.class, twofold.judge(context(after)), "a restarting chart alarms");
    // a step at the deployment: 0.02 three times adds 3.5156 each, 10.55 > 10, as the restarting chart
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, sprt.judge(context(0.02, 0.02, 0.02)));
    assertTrue(a.finding().summary().contains("mean 0.02 over the 3 samples since it (the rise dated from 2026-11-27T07:00:00Z)"), a.finding().summary());
    assertTrue(a.finding().summary().contains("passes it with probability at most 4.54e-05 over the whole watch"),
        a.finding().summary());
  }

  @Test
  void theBaselineMarginRaisesTheInControlRateByStandardErrorsOfTheMean() throws InterruptedException {
    // the baseline's variance is 1.5e-3 / 119; the standard error of its mean of 120 samples over 0.005
    double factor = 1 + Math.sqrt(1.5e-3 / 119 / 120) / 0.005;
    PoissonCusumDetector margin = PoissonCusumDetector.builder(twofold.metric()).ratio(2)
        .averageRunLength(Math.exp(10)).baseline(Duration.ofHours(2)).minimumSamples(1).baselineMargin(1).build();
    assertEquals(factor, margin.referenceFactor(BASELINE, 0.005), 1e-12);
    assertEquals(1, twofold.referenceFactor(BASELINE, 0.005), 1e-12);
    // the fourfold step's increment falls from 3.5156 to 7.9333 ln 2 - 1.9833 * 1.0648 = 3.3871: 10.16 after three
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, margin.judge(context(0.02, 0.02, 0.02)));
    assertTrue(a.finding().summary().contains("(2.11 events a sample, its mean raised by 1 standard error)"),
        a.finding().summary());
    assertTrue(a.finding().summary().contains("log-likelihood ratio of 10.2, past the alarm limit 10"),
        a.finding().summary());
    // two samples and a third at the baseline's mean: 6.774 + (1.9833 ln 2 - 2.1119 = -0.737) stays under 10
    assertInstanceOf(Verdict.Healthy.class, margin.judge(context(0.02, 0.02, 0.005)));
  }

  @Test
  void theLongRunVarianceCountsACorrelatedRateAsFewerEvents() {
    // a rate that wanders: 60 samples at 0.004, then 60 at 0.006; its long-run variance is far above its variance
    double[] wandering = new double[120];
    Arrays.fill(wandering, 0, 60, 0.004);
    Arrays.fill(wandering, 60, 120, 0.006);
    PoissonCusumDetector.Calibration plain = PoissonCusumDetector.calibrate(wandering, new double[0], false);
    PoissonCusumDetector.Calibration longRun = PoissonCusumDetector.calibrate(wandering, new double[0], true);
    double variance = 120 * 1e-6 / 119;
    assertEquals(0.005 * 0.005 / variance, plain.lambda0(), 1e-9);
    assertEquals(0.005 * 0.005 / dev.rollback.core.detect.internal.SampleStats.longRunVariance(wandering),
        longRun.lambda0(), 1e-9);
    assertTrue(longRun.lambda0() < plain.lambda0() / 10, longRun + " vs " + plain);
  }

  @Test
  void theUpperPoissonBoundIsGarwoodsByWilsonHilferty() {
    // (k + 1) (1 - 1 / (9 (k + 1)) + z / (3 sqrt(k + 1)))^3
    assertEquals(1331.0 / 729, PoissonCusumDetector.upperPoissonBound(0, 1), 1e-12);
    assertEquals(2 * Math.pow(1 - 1.0 / 18 + 1 / (3 * Math.sqrt(2)), 3), PoissonCusumDetector.upperPoissonBound(1, 1),
        1e-12);
    // the exact bounds at z = 1 (upper tail 0.158655): -ln 0.158655 = 1.8410 for none; 3.2994 for one
    assertEquals(1.8410, PoissonCusumDetector.upperPoissonBound(0, 1), 0.02);
    assertEquals(3.2994, PoissonCusumDetector.upperPoissonBound(1, 1), 0.02);
    // many events: about k + sqrt(k) + 1
    assertEquals(111.0, PoissonCusumDetector.upperPoissonBound(100, 1), 0.1);
  }

  @Test
  void theScoreMarginIsCautiousWhereTheBaselineHoldsFewEvents() {
    PoissonCusumDetector score = PoissonCusumDetector.builder("error_ratio").baselineMargin(1).scoreMargin(true).build();
    PoissonCusumDetector standardErrors = PoissonCusumDetector.builder("error_ratio").baselineMargin(1).build();
    // BASELINE holds 120 * 1.98333 = 238 events: 254.45 / 238, a little above 1 + 1 / sqrt(238) = 1.0648
    assertEquals(PoissonCusumDetector.upperPoissonBound(238, 1) / 238, score.referenceFactor(BASELINE, 0.005), 1e-9);
    assertEquals(1.0691, score.referenceFactor(BASELINE, 0.005), 1e-4);
    assertEquals(1.0648, standardErrors.referenceFactor(BASELINE, 0.005), 1e-4);
    // one error ratio of 0.005 among 120 zeros: m = 0.005 / 120, v = 0.005^2 / 120, so one event
    double[] oneEvent = new double[120];
    oneEvent[7] = 0.005;
    assertEquals(2, standardErrors.referenceFactor(oneEvent, 0.005 / 120), 1e-9);
    assertEquals(PoissonCusumDetector.upperPoissonBound(1, 1), score.referenceFactor(oneEvent, 0.005 / 120), 1e-9);
    // no events at all: the mean positive sample is one event, the bound at none the rate over the window
    PoissonCusumDetector.Calibration empty = PoissonCusumDetector.calibrate(new double[120], new double[] {0, 0.2, 0.5, 0},
        false, PoissonCusumDetector.upperPoissonBound(0, 1));
    assertEquals(2 / 0.7, empty.scale(), 1e-12);
    assertEquals(1331.0 / 729 / 120, empty.lambda0(), 1e-12);
  }

  @Test
  void aRisingAlternativeGrowsLinearlyFromTheDeploymentByTheSamplesTime() throws InterruptedException {
    PoissonCusumDetector ramp = PoissonCusumDetector.builder("error_ratio").ratio(3).risingOver(Duration.ofMinutes(2))
        .baseline(Duration.ofHours(2))
        .accumulation(Accumulation.SINCE_DEPLOYMENT).falseAlarmProbability(0.004).minimumSamples(3).build();
    // 0.01 is 3.9667 events against 1.9833: the ramp expects 2x, 3x, 4x at the first three steps, adding
    // 3.9667 ln 2 - 1.9833 = 0.7662, 3.9667 ln 3 - 2 x 1.9833 = 0.3911 and 3.9667 ln 4 - 3 x 1.9833 = -0.4510
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, ramp.judge(context(repeat(new double[] {0.01}, 3))));
    assertTrue(h.detail().contains("log-likelihood ratio of a rise growing to 3x over 2 min 0.706 of the alarm limit 5.52"
        + " over 3 samples since the deployment"), h.detail());
    // a missing sample does not shift the ramp: the samples at the deployment, 1 and 3 steps after it
    Instant t0 = FixedContext.DEPLOYED;
    double[] ratios = ramp.ratios(List.of(new Sample(t0, 0.01), new Sample(t0.plusSeconds(60), 0.01),
        new Sample(t0.plusSeconds(180), 0.01)), t0);
    assertEquals(2, ratios[0], 1e-12);
    assertEquals(3, ratios[1], 1e-12);
    assertEquals(5, ratios[2], 1e-12);
    // a step's test: the same ratio at every sample
    double[] step = PoissonCusumDetector.builder("error_ratio").ratio(1.7).build()
        .ratios(List.of(new Sample(t0, 0.01), new Sample(t0.plusSeconds(180), 0.01)), t0);
    assertEquals(List.of(1.7, 1.7), Arrays.stream(step).boxed().toList());
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> PoissonCusumDetector.builder("error_ratio").risingOver(Duration.ofMinutes(90)).build());
    assertEquals(List.of("risingOver needs accumulation SINCE_DEPLOYMENT but was RESTARTING"), e.problems());
    InvalidConfigurationException negative = assertThrows(InvalidConfigurationException.class,
        () -> PoissonCusumDetector.builder("error_ratio").accumulation(Accumulation.SINCE_DEPLOYMENT)
            .risingOver(Duration.ofMinutes(-1)).build());
    assertEquals(List.of("risingOver must not be negative but was PT-1M"), negative.problems());
  }

  @Test
  void aSlowDriftIsFoundSoonerByARisingAlternativeThanByAStep() throws InterruptedException {
    // the error ratio drifts from 0.005 to 3x over 2 h: 1.9833 (1 + j / 60) events at the j-th sample, against
    // the in-control 2.1204 (the exact Poisson bound of 238 events, 254.45 / 238): a ramp to 2x over 90 min sums
    // to 5.51 after 47 samples and 5.89 after 48, past 5.52; a 1.7x step to 5.13 after 60 and 5.75 after 61
    // (computed in Python)
    double[] drift = new double[61];
    for (int j = 0; j < drift.length; j++) {
      drift[j] = 0.005 * (1 + j / 60.0);
    }
    PoissonCusumDetector.Builder settings = PoissonCusumDetector.builder("error_ratio")
        .accumulation(Accumulation.SINCE_DEPLOYMENT).falseAlarmProbability(0.004).autocorrelated(true)
        .baselineMargin(1).scoreMargin(true).maximumSampleShare(0.25).minimumRelativeChange(0.25)
        .baseline(Duration.ofHours(2));
    PoissonCusumDetector ramp = settings.ratio(2).risingOver(Duration.ofMinutes(90)).build();
    PoissonCusumDetector step = settings.ratio(1.7).risingOver(Duration.ZERO).build();
    assertInstanceOf(Verdict.Healthy.class, ramp.judge(context(Arrays.copyOf(drift, 47))));
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, ramp.judge(context(Arrays.copyOf(drift, 48))));
    assertTrue(a.finding().summary().contains("the evidence for a rise growing to 2x over 90 min reached a log-likelihood"
        + " ratio of 5.89"), a.finding().summary());
    assertTrue(a.finding().evidence().get(0).rule().contains("rise 2x growing over 90 min"),
        a.finding().evidence().get(0).rule());
    Verdict.Healthy stepAt60 = assertInstanceOf(Verdict.Healthy.class, step.judge(context(Arrays.copyOf(drift, 60))));
    assertTrue(stepAt60.detail().contains("log-likelihood ratio of a 1.7x rise 5.13"), stepAt60.detail());
    Verdict.Anomalous b = assertInstanceOf(Verdict.Anomalous.class, step.judge(context(drift)));
    assertTrue(b.finding().summary().contains("the evidence for a 1.7x rise reached a log-likelihood ratio of 5.75"),
        b.finding().summary());
  }

  @Test
  void aConstantBaselineCountsItsSmallestSampleAsOneEventForTheMargin() throws InterruptedException {
    // variance 0: n m^2 / v was infinite and the margin NaN, so a 50x rise read as healthy (found by
    // DegenerateBaselineProperties once the tests since the deployment became the default)
    double[] constant = repeat(new double[] {1.006e-6}, 20);
    PoissonCusumDetector score = PoissonCusumDetector.builder("error_ratio").baselineMargin(1).scoreMargin(true)
        .accumulation(Accumulation.SINCE_DEPLOYMENT).falseAlarmProbability(0.004).ratio(1.7).build();
    PoissonCusumDetector standardErrors = PoissonCusumDetector.builder("error_ratio").baselineMargin(1).build();
    assertEquals(PoissonCusumDetector.upperPoissonBound(20, 1) / 20, score.referenceFactor(constant, 1.006e-6), 1e-12);
    assertEquals(1 + 1 / Math.sqrt(20), standardErrors.referenceFactor(constant, 1.006e-6), 1e-12);
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, score.judge(new FixedContext()
        .metric("error_ratio", constant, repeat(new double[] {0.06}, 10))));
    assertTrue(a.finding().summary().contains("the baseline's 20 events at 1 standard deviation"), a.finding().summary());
  }

  @Test
  void aLevelShiftShortlyBeforeTheDeploymentIsNotARiseAfterIt() throws InterruptedException {
    // 100 samples at a mean of 0.005, then 20 at 0.01: the level the release starts from is 0.01, the mean 0.00583
    double[] shifted = new double[120];
    System.arraycopy(repeat(new double[] {0.004, 0.006}, 50), 0, shifted, 0, 100);
    System.arraycopy(repeat(new double[] {0.009, 0.011}, 10), 0, shifted, 100, 20);
    PoissonCusumDetector.Builder sprt = PoissonCusumDetector.builder("error_ratio").ratio(2)
        .accumulation(Accumulation.SINCE_DEPLOYMENT).falseAlarmProbability(0.004).baseline(Duration.ofHours(2))
        .minimumSamples(1);
    PoissonCusumDetector plain = sprt.build();
    PoissonCusumDetector aware = sprt.levelShift(3, 15).build();
    double[] sameLevel = repeat(new double[] {0.009, 0.011}, 30);
    FixedContext unchanged = new FixedContext().metric("error_ratio", shifted, sameLevel);
    assertInstanceOf(Verdict.Anomalous.class, plain.judge(unchanged), "1.71x the baseline's mean");
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, aware.judge(unchanged));
    assertTrue(h.detail().contains("but the baseline's level shifted up at 2026-11-27T06:40:00Z (mean 0.01 over its"
        + " last 20 samples against 0.005 before"), h.detail());
    // a rise above the new level still alarms, and says it passed against that level too
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        aware.judge(new FixedContext().metric("error_ratio", shifted, repeat(new double[] {0.03}, 10))));
    assertTrue(a.finding().summary().contains("it also passed against the level since a shift in the baseline at"
        + " 2026-11-27T06:40:00Z (mean 0.01 over its last 20 samples"), a.finding().summary());
  }

  @Test
  void aLatencyShiftDatesTheErrorRatiosLevelThatItsOwnFewEventsHide() throws InterruptedException {
    // the error ratio doubled over the last 10 of 120 baseline samples: a z of 2.2 against its noise, and its own
    // shift search needs 15 samples after a shift (whose z is then 1.7)
    double[] errors = new double[120];
    System.arraycopy(repeat(new double[] {0, 0.01}, 55), 0, errors, 0, 110);
    System.arraycopy(repeat(new double[] {0.005, 0.015}, 5), 0, errors, 110, 10);
    // the latency doubled at the same time, a z far above 3 for its small spread
    double[] latency = new double[120];
    System.arraycopy(repeat(new double[] {0.19, 0.21}, 55), 0, latency, 0, 110);
    System.arraycopy(repeat(new double[] {0.39, 0.41}, 5), 0, latency, 110, 10);
    PoissonCusumDetector.Builder sprt = PoissonCusumDetector.builder("error_ratio").ratio(2)
        .accumulation(Accumulation.SINCE_DEPLOYMENT).falseAlarmProbability(0.004).baseline(Duration.ofHours(2))
        .minimumSamples(1).levelShift(3, 15);
    PoissonCusumDetector own = sprt.build();
    PoissonCusumDetector dated = sprt.levelShiftDatedBy("latency", 3, 5).build();
    double[] sameLevel = repeat(new double[] {0.005, 0.015}, 30);
    FixedContext unchanged = new FixedContext().metric("error_ratio", errors, sameLevel)
        .metric("latency", latency, repeat(new double[] {0.39, 0.41}, 15));
    assertInstanceOf(Verdict.Anomalous.class, own.judge(unchanged), "1.85x the baseline's mean, no shift of its own");
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, dated.judge(unchanged));
    assertTrue(h.detail().contains("but latency shifted up 2x at 2026-11-27T06:50:00Z (its last 10 samples before the"
        + " deployment against the 110 before"), h.detail());
    assertTrue(h.detail().contains("against error_ratio's level since then (mean 0.01 over its last 10 samples"),
        h.detail());
    // a rise beyond that level still alarms, and says it passed against it too
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, dated.judge(new FixedContext()
        .metric("error_ratio", errors, repeat(new double[] {0.03}, 10)).metric("latency", latency, latency)));
    assertTrue(a.finding().summary().contains("; it also passed against its level since latency shifted up 2x at"
        + " 2026-11-27T06:50:00Z"), a.finding().summary());
    // a latency without a shift, or without samples, dates nothing: the same verdict as without dating
    double[] flat = repeat(new double[] {0.19, 0.21}, 60);
    Verdict.Anomalous steady = assertInstanceOf(Verdict.Anomalous.class,
        dated.judge(new FixedContext().metric("error_ratio", errors, sameLevel).metric("latency", flat, flat)));
    assertEquals(((Verdict.Anomalous) own.judge(unchanged)).finding().summary(), steady.finding().summary());
    assertInstanceOf(Verdict.Anomalous.class,
        dated.judge(new FixedContext().metric("error_ratio", errors, sameLevel)), "no latency at all");
  }

  @Test
  void aLatencyTrendingUpJudgesTheRiseAgainstTheBaselinesLastSamplesOrStandsTheTestDown() throws InterruptedException {
    // the error ratio drifts up from 0.8 to 1.2 times its level over the baseline and the latency's log by 0.002 a
    // sample, in noise of +-0.2 that hides it from a step search (least squares: 0.0020833 a sample, 13.3% an hour,
    // computed in Python, as in PoissonTwoSampleDetectorTest); the watch's 0.0075 is 50% above the baseline's mean
    // (a log-likelihood ratio of 12.46 for a 1.5x rise, by Python) and 26% above its last 30 samples (0.00595: 1.56)
    double[] errors = new double[120];
    double[] latency = new double[120];
    double[] flat = new double[120];
    for (int i = 0; i < 120; i++) {
      errors[i] = BASELINE[i] * (0.8 + 0.4 * i / 119);
      latency[i] = 0.3 * Math.exp(0.002 * i + (i % 2 == 0 ? -0.2 : 0.2));
      flat[i] = 0.3 * Math.exp(i % 2 == 0 ? -0.2 : 0.2);
    }
    double[] after = repeat(new double[] {0.0075}, 61);
    PoissonCusumDetector.Builder dated = PoissonCusumDetector.builder("error_ratio").ratio(1.5)
        .accumulation(Accumulation.SINCE_DEPLOYMENT).falseAlarmProbability(0.004).baseline(Duration.ofHours(2))
        .minimumSamples(1).levelShiftDatedBy("latency", 4, 5);
    FixedContext trending = new FixedContext().metric("error_ratio", errors, after)
        .metric("latency", latency, Arrays.copyOf(latency, 61));
    Verdict plainVerdict = dated.build().judge(trending);
    assertInstanceOf(Verdict.Anomalous.class, plainVerdict, () -> "no step in the latency to date: " + plainVerdict);
    PoissonCusumDetector withTrend = dated.levelTrendDatedBy(2, 30).build();
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, withTrend.judge(trending));
    assertTrue(h.detail().contains("but latency trended up 13.3% an hour over the baseline (z "), h.detail());
    assertTrue(h.detail().contains("; against its last 30 samples (mean 0.00595) the log-likelihood ratio of a 1.5x rise"
        + " is 1.56 of the alarm limit 5.52"), h.detail());
    // a flat latency dates nothing: the same rise alarms
    assertInstanceOf(Verdict.Anomalous.class, withTrend.judge(new FixedContext().metric("error_ratio", errors, after)
        .metric("latency", flat, Arrays.copyOf(flat, 61))));
    // a rise of 2x passes against the last samples too, and says so
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, withTrend.judge(new FixedContext()
        .metric("error_ratio", errors, repeat(new double[] {0.01}, 61)).metric("latency", latency, latency)));
    assertTrue(a.finding().summary().contains("; it also passed against the baseline's last 30 samples, since latency"
        + " trended up 13.3% an hour"), a.finding().summary());
    // standing down on the trend: the 2x rise raises no alarm, and the verdict says why; a flat latency changes nothing
    PoissonCusumDetector standsDown = dated.levelTrendDatedBy(0, 30).standDownOnTrend(2).build();
    Verdict.Healthy quiet = assertInstanceOf(Verdict.Healthy.class, standsDown.judge(new FixedContext()
        .metric("error_ratio", errors, repeat(new double[] {0.01}, 61)).metric("latency", latency, latency)));
    assertTrue(quiet.detail().matches("error_ratio: the log-likelihood ratio of a 1\\.5x rise reached \\S+, past the"
        + " alarm limit 5\\.52, but latency trended up 13\\.3% an hour over the baseline \\(z \\S+ of the slope of its"
        + " log\\): a slow rise is what that trend predicts, and this test stands down"), quiet.detail());
    assertInstanceOf(Verdict.Anomalous.class, standsDown.judge(new FixedContext().metric("error_ratio", errors, after)
        .metric("latency", flat, Arrays.copyOf(flat, 61))));
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> PoissonCusumDetector.builder("x").levelTrendDatedBy(2, 0).standDownOnTrend(-1).build());
    assertEquals(List.of("levelTrendDatedBy recentSamples must be >= 1 but was 0",
        "levelTrendDatedBy needs levelShiftDatedBy", "standDownOnTrend threshold must be a finite number >= 0 but was"
            + " -1.0"), e.problems());
    InvalidConfigurationException alone = assertThrows(InvalidConfigurationException.class,
        () -> PoissonCusumDetector.builder("x").standDownOnTrend(2).build());
    assertEquals(List.of("standDownOnTrend needs levelShiftDatedBy"), alone.problems());
  }

  @Test
  void aHistoryThatWandersScalesTheTestAndAShortOneFallsBackToTheBaselineAndSaysSo() throws InterruptedException {
    // since the deployment, a 1.5x test; 40 samples at 0.0075 (1.5x) after the baseline of mean 0.005
    PoissonCusumDetector.Builder test = PoissonCusumDetector.builder("error_ratio").ratio(1.5)
        .accumulation(Accumulation.SINCE_DEPLOYMENT).falseAlarmProbability(0.004)
        .baseline(Duration.ofHours(2)).minimumSamples(1);
    double[] after = repeat(new double[] {0.0075}, 40);
    // a day before the baseline in which the rate wandered: 90 samples at 0.003, 90 at 0.007, ...
    double[] day = new double[1440];
    for (int i = 0; i < day.length; i++) {
      day[i] = (i / 90) % 2 == 0 ? 0.003 : 0.007;
    }
    double wander = dev.rollback.core.detect.internal.SampleStats.splitDispersion(day, 120, 30);
    assertTrue(wander > 2, "the day's dispersion " + wander);
    double[] wandered = concat(day, BASELINE);
    PoissonCusumDetector plain = test.build();
    PoissonCusumDetector withHistory = test.history(Duration.ofHours(24)).build();
    assertInstanceOf(Verdict.Anomalous.class, plain.judge(new FixedContext().metric("error_ratio", wandered, after)));
    assertInstanceOf(Verdict.Healthy.class, withHistory.judge(new FixedContext().metric("error_ratio", wandered, after)),
        "the baseline's variance times " + wander + " counts the rise as fewer events");
    // a day like the baseline: its dispersion is under 1, the scale is the baseline's variance, the rise alarms
    double[] steady = concat(repeat(new double[] {0, 0.005, 0.01, 0.005}, 360), BASELINE);
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        withHistory.judge(new FixedContext().metric("error_ratio", steady, after)));
    assertTrue(a.finding().summary().contains("scaled by the baseline's variance times 1: over the 1440 min before the"
        + " baseline (1440 usable samples) the mean of the next 30 or 60 samples moved from the mean of the 120 min before them"), a.finding().summary());
    // a history of 100 samples is too short: the baseline alone, and the finding says so
    double[] shortHistory = concat(repeat(new double[] {0.005}, 100), BASELINE);
    Verdict.Anomalous fallback = assertInstanceOf(Verdict.Anomalous.class,
        withHistory.judge(new FixedContext().metric("error_ratio", shortHistory, after)));
    assertTrue(fallback.finding().summary().contains("scaled by the baseline's variance (the 1440 min before the baseline"
        + " held 100 usable samples, fewer than the 600 its dispersion needs)"), fallback.finding().summary());
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> PoissonCusumDetector.builder("x").history(Duration.ofMinutes(-1)).build());
    assertEquals(List.of("history must not be negative but was PT-1M"), e.problems());
  }

  private static double[] concat(double[] first, double[] second) {
    double[] out = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, out, first.length, second.length);
    return out;
  }

  @Test
  void newSettingsAreChecked() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> PoissonCusumDetector.builder("x").falseAlarmProbability(1).baselineMargin(-1).maximumSampleShare(0)
            .build());
    assertEquals(List.of("falseAlarmProbability must be > 0 and < 1 but was 1.0",
        "baselineMargin must be a finite number >= 0 but was -1.0", "maximumSampleShare must be > 0 and <= 1 but was 0.0"),
        e.problems());
    InvalidConfigurationException shift = assertThrows(InvalidConfigurationException.class,
        () -> PoissonCusumDetector.builder("x").levelShift(-1, 0).build());
    assertEquals(2, shift.problems().size(), shift.problems().toString());
    assertTrue(shift.problems().get(0).startsWith("levelShift threshold"), shift.problems().toString());
    assertTrue(shift.problems().get(1).startsWith("levelShift minimumTail"), shift.problems().toString());
    InvalidConfigurationException dating = assertThrows(InvalidConfigurationException.class,
        () -> PoissonCusumDetector.builder("x").levelShiftDatedBy(" ", 0, 0).build());
    assertEquals(List.of("levelShiftDatedBy otherMetric must not be blank",
        "levelShiftDatedBy threshold must be a finite number > 0 but was 0.0",
        "levelShiftDatedBy minimumTail must be >= 1 but was 0"), dating.problems());
  }
}
