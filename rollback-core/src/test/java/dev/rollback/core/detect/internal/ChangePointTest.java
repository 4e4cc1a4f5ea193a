package dev.rollback.core.detect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The change-point scan against values worked out by hand. */
class ChangePointTest {
  /** Six zeros, then two twos: one difference of 2, so s^2 = 4 / (2 * 7) = 2/7. */
  static final double[] STEP = {0, 0, 0, 0, 0, 0, 2, 2};

  @Test
  void theVonNeumannDeviationCountsEachDifferenceOnce() {
    // 1, 2, 3, 4: three differences of 1, 3 / (2 * 3)
    assertEquals(Math.sqrt(0.5), ChangePoint.vonNeumannDeviation(new double[] {1, 2, 3, 4}), 1e-12);
    assertEquals(Math.sqrt(2.0 / 7), ChangePoint.vonNeumannDeviation(STEP), 1e-12);
    assertEquals(0, ChangePoint.vonNeumannDeviation(new double[] {5}));
  }

  @Test
  void theMostLikelyStepIsWhereTheNewLevelBegins() {
    // at 6: (2 - 0) / (sqrt(2/7) sqrt(1/2 + 1/6)) = sqrt(21) = 4.583; at 5: (4/3) / sqrt(2/7 * 8/15) = 3.416;
    // at 7: (2 - 2/7) / sqrt(2/7 * 8/7) = 3.0
    ChangePoint.Shift shift = Objects.requireNonNull(ChangePoint.lastUpwardShift(STEP, 1, 1, 4), "a shift");
    assertEquals(6, shift.start());
    assertEquals(Math.sqrt(21), shift.statistic(), 1e-12);
    assertEquals(2, shift.tailMean(), 1e-12);
    assertEquals(0, shift.headMean(), 1e-12);
    assertNull(ChangePoint.lastUpwardShift(STEP, 1, 1, 4.6), "below the threshold");
  }

  @Test
  void theTailAndTheHeadMustBeLongEnough() {
    // with a tail of 3 or more the best split is at 5, z = sqrt(105) / 3 = 3.416
    ChangePoint.Shift shift = Objects.requireNonNull(ChangePoint.lastUpwardShift(STEP, 3, 1, 3), "a shift");
    assertEquals(5, shift.start());
    assertEquals(Math.sqrt(105) / 3, shift.statistic(), 1e-12);
    assertEquals(4.0 / 3, shift.tailMean(), 1e-12);
    // a head of 7 leaves only the split at 7, z = 3.0
    ChangePoint.Shift late = Objects.requireNonNull(ChangePoint.lastUpwardShift(STEP, 1, 7, 2.9), "a shift");
    assertEquals(7, late.start());
    assertEquals((2 - 2.0 / 7) / Math.sqrt(2.0 / 7 * 8 / 7), late.statistic(), 1e-12);
    assertNull(ChangePoint.lastUpwardShift(STEP, 5, 5, 0), "no split leaves both");
  }

  @Test
  void aDownwardStepAndAConstantAreNoShift() {
    assertNull(ChangePoint.lastUpwardShift(new double[] {2, 2, 2, 2, 2, 2, 0, 0}, 1, 1, 0));
    assertNull(ChangePoint.lastUpwardShift(new double[] {1, 1, 1, 1}, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> ChangePoint.lastUpwardShift(STEP, 0, 1, 1));
  }

  @Test
  void autocorrelatedTheStepMustPassTheLongRunSpreadOfWhatIsLeft() {
    // a step leaves no residuals: the statistic is the von Neumann one, sqrt(21)
    ChangePoint.Shift step = Objects.requireNonNull(ChangePoint.lastUpwardShift(STEP, 1, 1, 4, true), "a shift");
    assertEquals(Math.sqrt(21), step.statistic(), 1e-12);
    // a ramp 0..11: every split's means differ by 6, so the best is the middle, 6 / (sqrt(1/2) sqrt(1/3)) = 6 sqrt(6)
    double[] ramp = new double[12];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = i;
    }
    ChangePoint.Shift plain = Objects.requireNonNull(ChangePoint.lastUpwardShift(ramp, 1, 1, 3.5), "a shift");
    assertEquals(6, plain.start());
    assertEquals(6 * Math.sqrt(6), plain.statistic(), 1e-12);
    // its residuals are two ramps -2.5..2.5: long-run variance 9 (batch means of 3: -1.5, 1.5, -1.5, 1.5, times 3),
    // so the statistic is 6 sqrt(6) sqrt(1/2) / 3 = sqrt(12), under 3.5
    assertEquals(9, SampleStats.longRunVariance(new double[] {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, -2.5, -1.5, -0.5, 0.5,
        1.5, 2.5}), 1e-12);
    ChangePoint.Shift wander = Objects.requireNonNull(ChangePoint.lastUpwardShift(ramp, 1, 1, 3, true), "a shift");
    assertEquals(Math.sqrt(12), wander.statistic(), 1e-12);
    assertNull(ChangePoint.lastUpwardShift(ramp, 1, 1, 3.5, true));
  }

  @Test
  void theTrendIsTheLeastSquaresSlopeOverAStandardErrorWidenedForCorrelatedResiduals() {
    // residuals alternate (lag-one correlation -0.875, taken as 0): slope 2/7, z 4.38178 (computed in Python)
    ChangePoint.Trend zigzag = Objects.requireNonNull(ChangePoint.trend(new double[] {0, 1, 0.5, 1.5, 1, 2, 1.5, 2.5}));
    assertEquals(2.0 / 7, zigzag.slope(), 1e-12);
    assertEquals(4.381780460041329, zigzag.statistic(), 1e-9);
    // residuals that persist (correlation 0.268): z 5.265 widened by sqrt(1.268 / 0.732) to 4.0005
    ChangePoint.Trend steps = Objects.requireNonNull(ChangePoint.trend(new double[] {0, 0, 1, 1, 2, 2, 1, 1, 2, 2, 3, 3}));
    assertEquals(0.23776223776223776, steps.slope(), 1e-12);
    assertEquals(4.000493192038524, steps.statistic(), 1e-9);
    assertNull(ChangePoint.trend(new double[] {1, 2, 3}), "fewer than 4 values");
    assertNull(ChangePoint.trend(new double[] {1, 2, 3, 4}), "a straight line has no residual spread");
  }
}
