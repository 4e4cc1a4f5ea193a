package dev.rollback.core.detect;

import static dev.rollback.core.detect.FixedContext.DEPLOYED;
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
 * Known values of the SRE workbook's burn rates: with a 99.9% objective the budget is 0.001, so
 * an error ratio of 0.02 burns it 20x, past the fast rule's 14.4x (0.0144), and 0.007 burns it 7x,
 * past the slow rule's 6x only.
 */
class BurnRateDetectorTest {
  static final double[] NONE = new double[0];

  static double[] concat(double[] a, double[] b) {
    double[] out = new double[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void theWorkbooksPagingRulesAreTheDefault() {
    BurnRateDetector detector = BurnRateDetector.builder("errors").objective(0.999).build();
    assertEquals(List.of(BurnRateDetector.FAST, BurnRateDetector.SLOW), detector.rules());
    assertEquals(new BurnRateDetector.Rule(Duration.ofHours(1), Duration.ofMinutes(5), 14.4), BurnRateDetector.FAST);
    assertEquals(new BurnRateDetector.Rule(Duration.ofHours(6), Duration.ofMinutes(30), 6), BurnRateDetector.SLOW);
    assertEquals(0.001, detector.budget(), 1e-15);
  }

  @Test
  void aReleaseBurningTwentyTimesFastFiresTheFastRuleOnceItsShortWindowHasPassed() throws InterruptedException {
    BurnRateDetector detector = BurnRateDetector.builder("errors").objective(0.999).build();
    double[] after = repeat(new double[] {0.02}, 5);
    Verdict.Insufficient young = assertInstanceOf(Verdict.Insufficient.class,
        detector.judge(new FixedContext().metric("errors", NONE, Arrays.copyOf(after, 4))));
    assertEquals("errors: the deployment is 3 min old; no burn-rate rule can judge yet (14.4x over 60 min and 5 min;"
        + " 6x over 360 min and 30 min)", young.reason());
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        detector.judge(new FixedContext().metric("errors", NONE, after)));
    assertEquals(DEPLOYED, a.finding().anomalyStart());
    assertEquals("errors burned the error budget of its 99.9% objective (0.001) 20x as fast as the objective allows"
        + " over the 5 samples since the deployment (0.02) and 20x over the last 5 min (0.02), past the rule's 14.4x"
        + " on both (14.4x over 60 min and 5 min); the deployment is younger than the long window, which holds what"
        + " came since it", a.finding().summary());
    Evidence e = a.finding().evidence().get(0);
    assertEquals(1, a.finding().evidence().size());
    assertEquals(0.02, e.observed(), 1e-12);
    assertEquals(0.0144, e.expected(), 1e-12);
    assertEquals("errors burn rate of a 99.9% objective > 14.4x over 60 min and 5 min (windows since the deployment)",
        e.rule());
    // a percentage among the ratios is left out, and the finding says so
    double[] withPercent = Arrays.copyOf(after, 6);
    withPercent[5] = 2.0;
    Verdict.Anomalous left = assertInstanceOf(Verdict.Anomalous.class,
        detector.judge(new FixedContext().metric("errors", NONE, withPercent)));
    assertTrue(left.finding().summary().endsWith("; 1 sample left out (an error ratio is finite and 0 to 1)"),
        left.finding().summary());
  }

  @Test
  void theShortWindowEndsTheAlarmSoonAfterTheErrorsDo() throws InterruptedException {
    // 55 samples at 0.03 then 5 at 0.0005: over the last 60 min (0.03 * 55 + 0.0005 * 5) / 60 = 0.0275 (27.5x),
    // over the last 5 min 0.5x. (The slow rule, whose short window is 30 min, would still fire: 25.1x.)
    BurnRateDetector detector = BurnRateDetector.builder("errors").objective(0.999).rule(BurnRateDetector.FAST).build();
    double[] after = concat(repeat(new double[] {0.03}, 55), repeat(new double[] {0.0005}, 5));
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class,
        detector.judge(new FixedContext().metric("errors", NONE, after)));
    assertEquals("errors burns 27.5x of 99.9% budget over the last 60 min, 0.5x over 5 min (limit 14.4x)", h.detail());
    // one more sample at 0.03: the long window drops the first, the short one's mean is (4 * 0.0005 + 0.03) / 5
    Verdict.Healthy still = assertInstanceOf(Verdict.Healthy.class,
        detector.judge(new FixedContext().metric("errors", NONE, concat(after, new double[] {0.03}))));
    assertEquals("errors burns 27.5x of 99.9% budget over the last 60 min, 6.4x over 5 min (limit 14.4x)",
        still.detail());
    Verdict.Anomalous both = assertInstanceOf(Verdict.Anomalous.class, BurnRateDetector.builder("errors")
        .objective(0.999).build().judge(new FixedContext().metric("errors", NONE, after)));
    assertTrue(both.finding().summary().startsWith("errors burned the error budget of its 99.9% objective (0.001) 27.5x"
        + " as fast as the objective allows over the 60 samples since the deployment (0.0275) and 25.1x over the last"
        + " 30 min (0.0251), past the rule's 6x"), both.finding().summary());
  }

  @Test
  void aSlowBurnFiresOnlyTheSlowRule() throws InterruptedException {
    BurnRateDetector detector = BurnRateDetector.builder("errors").objective(0.999).build();
    double[] after = repeat(new double[] {0.007}, 30);
    Verdict.Healthy early = assertInstanceOf(Verdict.Healthy.class,
        detector.judge(new FixedContext().metric("errors", NONE, Arrays.copyOf(after, 29))));
    assertTrue(early.detail().startsWith("errors burns 7x of 99.9% budget over the 29 samples since the deployment,"
        + " 7x over 5 min (limit 14.4x)"), early.detail());
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        detector.judge(new FixedContext().metric("errors", NONE, after)));
    assertEquals(1, a.finding().evidence().size());
    assertEquals(0.006, a.finding().evidence().get(0).expected(), 1e-12);
    assertTrue(a.finding().summary().contains("7x as fast as the objective allows over the 30 samples since the"
        + " deployment (0.007) and 7x over the last 30 min (0.007), past the rule's 6x on both (6x over 360 min and"
        + " 30 min)"), a.finding().summary());
  }

  @Test
  void theWindowsStartAtTheDeploymentAndEndAtTheLongWindow() throws InterruptedException {
    // A custom rule: 2x over 10 min and 2 min of a 90% objective (limit 0.2).
    BurnRateDetector detector = BurnRateDetector.builder("errors").objective(0.9)
        .rule(Duration.ofMinutes(10), Duration.ofMinutes(2), 2).build();
    // The previous version's errors before the deployment count for nothing.
    assertInstanceOf(Verdict.Healthy.class, detector.judge(new FixedContext()
        .metric("errors", repeat(new double[] {0.9}, 30), repeat(new double[] {0.01}, 3))));
    // 10 samples at 0.5, then 10 at 0.25: at the 20th, the last 10 min hold only the 0.25s (2.5x, past 2x) ...
    double[] after = concat(repeat(new double[] {0.5}, 10), repeat(new double[] {0.25}, 10));
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        detector.judge(new FixedContext().metric("errors", NONE, after)));
    assertEquals(DEPLOYED.plus(Duration.ofMinutes(10)), a.finding().anomalyStart());
    assertEquals(0.25, a.finding().evidence().get(0).observed(), 1e-12);
    assertTrue(a.finding().summary().contains("2.5x as fast as the objective allows over the last 10 min (0.25)"),
        a.finding().summary());
    // ... and at 0.15 (1.5x) nothing fires, though all 20 samples together would burn 3.25x.
    double[] calmer = concat(repeat(new double[] {0.5}, 10), repeat(new double[] {0.15}, 10));
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class,
        detector.judge(new FixedContext().metric("errors", NONE, calmer)));
    assertEquals("errors burns 1.5x of 90% budget over the last 10 min, 1.5x over 2 min (limit 2x)", h.detail());
  }

  @Test
  void unusableSamplesAreLeftOutAndNoneIsNoData() throws InterruptedException {
    BurnRateDetector detector = BurnRateDetector.builder("errors").objective(0.9)
        .rule(Duration.ofMinutes(10), Duration.ofMinutes(2), 2).build();
    double nan = Double.NaN;
    Verdict.Healthy h = assertInstanceOf(Verdict.Healthy.class, detector.judge(new FixedContext()
        .metric("errors", NONE, new double[] {0.1, nan, -1, 2, Double.POSITIVE_INFINITY, 0.1})));
    assertTrue(h.detail().startsWith("errors burns 1x of 90% budget over the 2 samples since the deployment"),
        h.detail());
    assertTrue(h.detail().endsWith("; 4 samples left out (an error ratio is finite and 0 to 1)"), h.detail());
    Verdict.NoData none = assertInstanceOf(Verdict.NoData.class, detector.judge(new FixedContext()
        .metric("errors", new double[] {0.1}, new double[] {nan, 2})));
    assertEquals("errors", none.metric());
    assertEquals("errors has no usable samples since the deployment; 2 samples left out (an error ratio is finite"
        + " and 0 to 1)", none.reason());
    // the short window of the last 2 min holds no usable sample: the rule waits
    Verdict.Insufficient gap = assertInstanceOf(Verdict.Insufficient.class, detector.judge(new FixedContext()
        .metric("errors", NONE, new double[] {0.9, 0.9, 0.9, nan, nan})));
    assertTrue(gap.reason().contains("2x over 10 min and 2 min (no usable sample in its last 2 min)"), gap.reason());
  }

  @Test
  void badSettingsAreNamedAllAtOnce() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> BurnRateDetector.builder(" ").objective(1).step(Duration.ZERO).build());
    for (String field : new String[] {"metric", "objective must be > 0 and < 1", "step"}) {
      assertTrue(e.getMessage().contains(field), field + ": " + e.getMessage());
    }
    assertTrue(assertThrows(InvalidConfigurationException.class,
        () -> BurnRateDetector.builder("errors").build()).getMessage().contains("objective must be > 0 and < 1"));
    InvalidConfigurationException rule = assertThrows(InvalidConfigurationException.class,
        () -> new BurnRateDetector.Rule(Duration.ofMinutes(5), Duration.ofMinutes(5), Double.NaN));
    assertTrue(rule.getMessage().contains("longWindow must be longer than shortWindow"), rule.getMessage());
    assertTrue(rule.getMessage().contains("burnRate"), rule.getMessage());
    InvalidConfigurationException step = assertThrows(InvalidConfigurationException.class,
        () -> BurnRateDetector.builder("errors").objective(0.99).step(Duration.ofMinutes(10)).build());
    assertTrue(step.getMessage().contains("each rule's shortWindow must be at least the step PT10M but was PT5M"),
        step.getMessage());
  }
}
