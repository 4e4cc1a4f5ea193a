package dev.rollback.core.detect;

import static dev.rollback.core.detect.FixedContext.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Evidence;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MannWhitneyDetectorTest {
  static final double[] BASELINE = repeat(new double[] {0.004, 0.005, 0.006, 0.005, 0.003, 0.007}, 10);

  final MannWhitneyDetector judge = MannWhitneyDetector.builder("error_ratio").build();

  @Test
  void aClearIncreaseIsHighAndTheFindingSaysByHowMuch() throws InterruptedException {
    double[] after = repeat(new double[] {0.019, 0.021, 0.02, 0.022, 0.018}, 3);
    Verdict v = judge.judge(new FixedContext().metric("error_ratio", BASELINE, after));
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, v);
    assertFalse(a.critical());
    Evidence e = a.finding().evidence().get(0);
    assertEquals(0.02, e.observed(), 1e-12);
    assertEquals(0.005, e.expected(), 1e-12);
    assertTrue(e.explanation().startsWith("error_ratio rose 4x after the deployment: mean 0.02 over the 15 samples"
        + " since, against 0.005 over the 60 before"), e.explanation());
    assertTrue(e.explanation().contains("Mann-Whitney p < 1e-6; shift +0.015, 98% interval"), e.explanation());
    assertEquals(FixedContext.DEPLOYED, a.finding().anomalyStart());
  }

  @Test
  void theIntervalMustClearTheToleranceAndTheEffectTheAllowedSize() throws InterruptedException {
    double[] slightlyHigher = repeat(new double[] {0.006, 0.007, 0.008, 0.007, 0.005, 0.009}, 5);
    FixedContext context = new FixedContext().metric("error_ratio", BASELINE, slightlyHigher);
    // +40% is significant to the default judge ...
    assertInstanceOf(Verdict.Anomalous.class, judge.judge(context));
    // ... but within an allowed increase of 1.5x
    MannWhitneyDetector lenient = MannWhitneyDetector.builder(judge).allowedIncrease(1.5).build();
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, lenient.judge(context));
    assertTrue(h.detail().contains("within the allowed effect size 1.5x"), h.detail());
  }

  @Test
  void anEffectBeyondTheCriticalSizeIsCritical() throws InterruptedException {
    MannWhitneyDetector strict = MannWhitneyDetector.builder(judge).allowedIncrease(1.2).criticalIncrease(3).build();
    double[] after = repeat(new double[] {0.019, 0.021, 0.02}, 5);
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        strict.judge(new FixedContext().metric("error_ratio", BASELINE, after)));
    assertTrue(a.critical());
    assertTrue(a.finding().summary().contains("beyond the critical effect size"));
  }

  @Test
  void onlyTheConfiguredDirectionCounts() throws InterruptedException {
    double[] lower = repeat(new double[] {0.001, 0.0005, 0.0015}, 5);
    FixedContext context = new FixedContext().metric("error_ratio", BASELINE, lower);
    assertInstanceOf(Verdict.Healthy.class, judge.judge(context));
    MannWhitneyDetector either = MannWhitneyDetector.builder(judge).direction(Direction.EITHER).build();
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, either.judge(context));
    assertTrue(a.finding().summary().startsWith("error_ratio fell 80%"), a.finding().summary());
  }

  @Test
  void nanSamplesAreRemovedOrCountedAsZero() throws InterruptedException {
    double[] after = repeat(new double[] {Double.NaN, 0.02, 0.021, Double.NaN, 0.019}, 4);
    FixedContext context = new FixedContext().metric("error_ratio", BASELINE, after);
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, judge.judge(context));
    assertEquals(0.02, a.finding().evidence().get(0).observed(), 1e-12, "NaN removed: 12 samples of mean 0.02");
    MannWhitneyDetector zeros = MannWhitneyDetector.builder(judge)
        .nanStrategy(MannWhitneyDetector.NanStrategy.REPLACE_WITH_ZERO).build();
    // 8 zeros join the 12 samples: the mean is higher but the shift is no longer clear
    Verdict.Healthy z = assertInstanceOf(Verdict.Healthy.class, zeros.judge(context));
    assertTrue(z.detail().contains("0.012 over 20 since"), z.detail());
  }

  @Test
  void aBaselineUnderAMinuteIsNamedInSecondsNotAsZeroMinutes() throws InterruptedException {
    FixedContext context = new FixedContext().metric("error_ratio", new double[0], repeat(new double[] {0.01}, 12));
    MannWhitneyDetector shortBaseline = MannWhitneyDetector.builder(judge)
        .baseline(Duration.ofSeconds(30)).step(Duration.ofSeconds(10)).build();

    Verdict.NoData n = assertInstanceOf(Verdict.NoData.class, shortBaseline.judge(context));

    assertEquals("error_ratio has no data in the 30s before the deployment", n.reason());
  }

  @Test
  void noDataIsNodataUnlessTheMetricMustHaveData() throws InterruptedException {
    FixedContext context = new FixedContext().metric("error_ratio", new double[0], repeat(new double[] {0.01}, 12));
    Verdict.NoData n = assertInstanceOf(Verdict.NoData.class, judge.judge(context));
    assertEquals("error_ratio has no data in the 60 min before the deployment", n.reason());
    MannWhitneyDetector required = MannWhitneyDetector.builder(judge).dataRequired(true).build();
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, required.judge(context));
    assertTrue(a.finding().summary().endsWith("and it must have data"));
  }

  @Test
  void tooFewSamplesSinceTheDeploymentAreInsufficient() throws InterruptedException {
    FixedContext context = new FixedContext().metric("error_ratio", BASELINE, new double[] {0.05, 0.05, 0.05});
    assertInstanceOf(Verdict.Insufficient.class, judge.judge(context));
  }

  @Test
  void identicalOrConstantDataPass() throws InterruptedException {
    assertInstanceOf(Verdict.Healthy.class,
        judge.judge(new FixedContext().metric("error_ratio", BASELINE, BASELINE)));
    double[] zeros = new double[30];
    assertInstanceOf(Verdict.Healthy.class, judge.judge(new FixedContext().metric("error_ratio", zeros, zeros)));
  }

  @Test
  void buildListsEveryBadSetting() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> MannWhitneyDetector.builder(" ").confidence(1).tolerance(-1).allowedIncrease(0.5)
            .minimumSamples(0).build());
    assertEquals(List.of("metric must not be blank", "confidence must be in (0, 1) but was 1.0",
        "tolerance must be a finite number >= 0 but was -1.0", "allowedIncrease must be >= 1 but was 0.5",
        "minimumSamples must be >= 1 but was 0"), e.problems());
  }
}
