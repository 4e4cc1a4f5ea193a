package dev.rollback.core.detect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Known values: the permeability example of Hollander and Wolfe (1973, p. 69), which R's {@code
 * wilcox.test} documentation reproduces ("W = 35"; large-sample p-value 0.1103 without continuity
 * correction), and a tied count example checked against R / SciPy ({@code mannwhitneyu(...,
 * method='asymptotic', use_continuity=True)}).
 */
class MannWhitneyTest {
  static final double[] X = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
  static final double[] Y = {1.15, 0.88, 0.90, 0.74, 1.21};

  @Test
  void hollanderWolfePermeabilityExample() {
    MannWhitney r = MannWhitney.test(X, Y, 0.95);
    assertEquals(35, r.u(), 0);
    // sd of U without ties: sqrt(10 * 5 * 16 / 12)
    assertEquals(Math.sqrt(10 * 5 * 16 / 12.0), r.sd(), 1e-12);
    // R: wilcox.test(x, y, alternative = "greater", exact = FALSE, correct = FALSE): p = 0.1103
    assertEquals(0.11033568095992347, NormalDistribution.upperTail(r.z()), 1e-12);
    // with the continuity correction (R's default, and Kayenta's)
    assertEquals(0.12231180256349167, r.pGreater(), 1e-12);
    assertEquals(0.24462360512698333, r.pTwoSided(), 1e-12);
  }

  @Test
  void hodgesLehmannShiftAndMosesInterval() {
    MannWhitney r = MannWhitney.test(X, Y, 0.95);
    // median of the 50 differences x - y; R's wilcox.test(x, y, conf.int = TRUE) estimate 0.305
    assertEquals(0.305, r.estimate(), 1e-12);
    // C = 25 - 1.96 * 8.165 = 8.997 -> the 8th smallest and 8th largest differences
    assertEquals(-0.17, r.lower(), 1e-12);
    assertEquals(0.76, r.upper(), 1e-12);
  }

  @Test
  void tiesGetMidRanksAndACorrectedVariance() {
    double[] errors = {0, 0, 1, 2, 2, 3, 1, 0, 2, 4};
    double[] baseline = {0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0};
    MannWhitney r = MannWhitney.test(errors, baseline, 0.95);
    assertEquals(92, r.u(), 0);
    assertEquals(0.012290782888312105, r.pGreater(), 1e-12);
    assertEquals(0.02458156577662421, r.pTwoSided(), 1e-12);
    // tie groups: 0 x 11, 1 x 6, 2 x 3, 3 x 1, 4 x 1; N = 22
    double ties = (1331 - 11) + (216 - 6) + (27 - 3);
    assertEquals(Math.sqrt(120 / 12.0 * (23 - ties / (22 * 21))), r.sd(), 1e-12);
    assertEquals(1, r.estimate(), 0);
  }

  @Test
  void aDownwardShiftHasASmallLowerTailPValue() {
    MannWhitney r = MannWhitney.test(Y, X, 0.95);
    assertEquals(15, r.u(), 0);
    assertEquals(0.12231180256349167, r.pLess(), 1e-12);
    assertEquals(-0.305, r.estimate(), 1e-12);
  }
}
