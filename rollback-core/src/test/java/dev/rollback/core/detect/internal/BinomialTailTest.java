package dev.rollback.core.detect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BinomialTailTest {

  @Test
  void wholeCountsMatchTheExactSums() {
    // the exact sums of the binomial probabilities, in rational arithmetic
    assertEquals(0.00390625, BinomialTail.upper(8, 8, 0.5), 1e-15);
    assertEquals(0.3222004736, BinomialTail.upper(3, 10, 0.2), 1e-12);
    assertEquals(0.019842139418248916, BinomialTail.upper(200, 360, 0.5), 1e-13);
    assertEquals(0.011248978720991634, BinomialTail.upper(30, 100, 0.2), 1e-13);
    assertEquals(0.6323045752290359, BinomialTail.upper(1, 1000, 0.001), 1e-12);
  }

  @Test
  void countsThatAreNotWholeMatchTheIncompleteBeta() {
    // mpmath's betainc(157.278.., 395.278.. - 157.278.. + 1, 0, 61/181, regularized=True) at 30 digits
    double after = 61 * 0.0065 * 0.005 * 119 / 1.5e-3;
    assertEquals(0.00656082847554811506734755684799, BinomialTail.upper(after, 238 + after, 61.0 / 181), 1e-14);
  }

  @Test
  void theEdgesAreExact() {
    assertEquals(1, BinomialTail.upper(0, 10, 0.3));
    assertEquals(1, BinomialTail.upper(-2.5, 10, 0.3));
    assertEquals(0, BinomialTail.upper(10.5, 10, 0.3));
    assertEquals(0, BinomialTail.upper(3, 10, 0));
    assertEquals(1, BinomialTail.upper(3, 10, 1));
  }

  @Test
  void countsBetweenWholeOnesGiveTailsBetweenTheirs() {
    double three = BinomialTail.upper(3, 10.5, 0.2);
    double between = BinomialTail.upper(3.5, 10.5, 0.2);
    double four = BinomialTail.upper(4, 10.5, 0.2);
    assertTrue(three > between && between > four, three + " > " + between + " > " + four);
  }

  @Test
  void theIncompleteBetaMatchesClosedForms() {
    // I_z(1, b) = 1 - (1 - z)^b; I_0.5(a, a) = 0.5
    assertEquals(0.5900365869983031, BinomialTail.regularizedBeta(0.3, 1, 2.5), 1e-13);
    assertEquals(0.5, BinomialTail.regularizedBeta(0.5, 2.5, 2.5), 1e-13);
    assertEquals(0.5723649429247001, BinomialTail.logGamma(0.5), 1e-13);
    assertEquals(12.801827480081469, BinomialTail.logGamma(10), 1e-12);
  }

  @Test
  void badArgumentsNameTheRule() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BinomialTail.upper(1, 10, 1.5));
    assertTrue(e.getMessage().contains("0 <= p <= 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BinomialTail.upper(1, -1, 0.5));
    assertThrows(IllegalArgumentException.class, () -> BinomialTail.upper(Double.NaN, 10, 0.5));
  }
}
