package dev.rollback.core.detect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Issue 12: a degenerate baseline (constant, all zero, a single distinct value, very few samples)
 * never hides a large regression, in any detector, and an unchanged constant metric stays healthy.
 * The baselines are generated: any constant ratio, any length from the detectors' minimum on.
 */
class DegenerateBaselineProperties {
  private static final Duration STEP = Duration.ofMinutes(1);

  /** Every detector of an error ratio, each with its defaults (and its documented minimum baseline). */
  static List<Detector> detectors() {
    return List.of(
        DefaultDetection.builder().errorRatio("m").build(),
        PoissonCusumDetector.builder("m").build(),
        PoissonCusumDetector.builder("m").minimumBaselineSamples(2).build(),
        CusumDetector.builder("m").transform(CusumDetector.Transform.SQRT).minimumRelativeChange(0.25).build(),
        MannWhitneyDetector.builder("m").build(),
        SloThresholdDetector.above("m", 0.05, 3, STEP));
  }

  /** A constant baseline: any ratio in (0, 1/100], as flat as a quantized metric gives. */
  @Provide
  Arbitrary<double[]> constantBaselines() {
    Arbitrary<Double> level = Arbitraries.oneOf(
        Arbitraries.doubles().between(1e-6, 0.01).ofScale(9),
        Arbitraries.of(0.01, 0.001, 0.1 / 3, 1.0 / 300, 0.0005, 0.007));
    return Combinators.combine(level, Arbitraries.integers().between(20, 240))
        .as((c, n) -> {
          double[] base = new double[n];
          Arrays.fill(base, c);
          return base;
        });
  }

  @Property(tries = 300)
  void aFiftyfoldRiseOverAConstantBaselineIsAnomalousInEveryDetector(
      @ForAll("constantBaselines") double[] base, @ForAll @IntRange(min = 10, max = 30) int after)
      throws InterruptedException {
    double c = base[0];
    double[] now = new double[after];
    Arrays.fill(now, Math.max(50 * c, 0.06)); // also past the SLO threshold's 5%
    for (Detector d : detectors()) {
      Verdict v = d.judge(new FixedContext().metric("m", base, now));
      assertInstanceOf(Verdict.Anomalous.class, v, d.name() + " at " + c + " x" + base.length + ": " + v);
    }
  }

  @Property(tries = 200)
  void anUnchangedConstantMetricStaysHealthyInEveryDetector(
      @ForAll("constantBaselines") double[] base, @ForAll @IntRange(min = 10, max = 120) int after)
      throws InterruptedException {
    double[] now = Arrays.copyOf(base, after);
    Arrays.fill(now, base[0]);
    for (Detector d : detectors()) {
      Verdict v = d.judge(new FixedContext().metric("m", base, now));
      assertInstanceOf(Verdict.Healthy.class, v, d.name() + " at " + base[0] + " x" + base.length + ": " + v);
    }
  }

  /**
   * Without events in the baseline, the Poisson chart counts each sample as one event against half
   * an event over the baseline window, so it needs up to 14 samples at its defaults (ln 2 - 0.5 / 20
   * a sample against ln 10,000); the others alarm within their usual few.
   */
  @Property(tries = 100)
  void aRiseFromAnAllZeroBaselineIsAnomalousInEveryDetector(
      @ForAll @IntRange(min = 20, max = 240) int baseLength, @ForAll @IntRange(min = 14, max = 30) int after,
      @ForAll("rates") double rate) throws InterruptedException {
    double[] now = new double[after];
    Arrays.fill(now, rate);
    for (Detector d : detectors()) {
      Verdict v = d.judge(new FixedContext().metric("m", new double[baseLength], now));
      assertInstanceOf(Verdict.Anomalous.class, v, d.name() + " 0 x" + baseLength + " then " + rate + ": " + v);
    }
  }

  @Provide
  Arbitrary<Double> rates() {
    return Arbitraries.doubles().between(0.06, 1).ofScale(4);
  }

  @Property(tries = 100)
  void aFewBaselineSamplesNeverMakeALargeRiseHealthyInAnyDetector(
      @ForAll @IntRange(min = 0, max = 19) int baseLength, @ForAll("rates") double rate, @ForAll boolean flat)
      throws InterruptedException {
    double[] base = new double[baseLength];
    for (int i = 0; i < baseLength; i++) {
      base[i] = flat ? 0.001 : 0.001 * (1 + i % 3);
    }
    double[] now = new double[20];
    Arrays.fill(now, rate);
    for (Detector d : detectors()) {
      Verdict v = d.judge(new FixedContext().metric("m", base, now));
      assertFalse(v instanceof Verdict.Healthy, d.name() + " with " + baseLength + " baseline samples: " + v);
    }
  }

  @Property(tries = 100)
  void tooFewBaselineSamplesGiveNoDataNeverHealthy(
      @ForAll @IntRange(min = 0, max = 19) int baseLength, @ForAll("rates") double rate)
      throws InterruptedException {
    double[] base = new double[baseLength];
    Arrays.fill(base, 0.01);
    double[] now = new double[20];
    Arrays.fill(now, rate);
    for (Detector d : List.of(PoissonCusumDetector.builder("m").build(), CusumDetector.builder("m").build())) {
      Verdict v = d.judge(new FixedContext().metric("m", base, now));
      assertInstanceOf(Verdict.NoData.class, v, d.name() + " with " + baseLength + " baseline samples: " + v);
    }
  }
}
