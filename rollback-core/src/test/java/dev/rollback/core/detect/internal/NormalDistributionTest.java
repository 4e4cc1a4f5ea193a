package dev.rollback.core.detect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalDistributionTest {

  @Test
  void cdfMatchesTabulatedValues() {
    assertEquals(0.5, NormalDistribution.cdf(0), 1e-15);
    assertEquals(0.9750021048517795, NormalDistribution.cdf(1.96), 1e-13);
    assertEquals(0.11011815440710665, NormalDistribution.cdf(-1.2259), 1e-13);
    assertEquals(2.866515718791933e-07, NormalDistribution.cdf(-5), 1e-19);
    assertEquals(2.866515718791933e-07, NormalDistribution.upperTail(5), 1e-19);
  }

  @Test
  void quantileInvertsTheCdf() {
    assertEquals(2.3263478740408408, NormalDistribution.quantile(0.99), 1e-10);
    assertEquals(1.959963984540054, NormalDistribution.quantile(0.975), 1e-10);
    assertEquals(-6.361340902404056, NormalDistribution.quantile(1e-10), 1e-8);
    assertThrows(IllegalArgumentException.class, () -> NormalDistribution.quantile(1));
  }
}
