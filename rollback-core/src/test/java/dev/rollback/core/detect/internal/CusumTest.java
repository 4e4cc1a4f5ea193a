package dev.rollback.core.detect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Known values from Montgomery, <i>Introduction to Statistical Quality Control</i>, example 9.1:
 * 30 observations, the first 20 from N(10, 1), the rest from N(11, 1); tabular CUSUM with K = 0.5
 * and H = 5 signals at observation 29 with C+ = 5.28 and N+ = 7, dating the shift after
 * observation 22; and its table of average run lengths (two-sided ARL0 of 465 for h = 5, 168 for
 * h = 4; Siegmund's approximation gives 469 and 169).
 */
public class CusumTest {
  public static final double[] MONTGOMERY = {9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.20, 10.34, 9.03,
      11.47, 10.51, 9.40, 10.08, 9.37, 10.62, 10.31, 8.52, 10.84, 10.90, 9.33, 12.29, 11.50, 10.60, 11.08,
      10.38, 11.62, 11.31, 10.52};

  @Test
  void montgomeryExampleSignalsAtObservation29() {
    double[] z = new double[MONTGOMERY.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = MONTGOMERY[i] - 10;
    }
    Cusum.Path upTo29 = Cusum.upper(java.util.Arrays.copyOf(z, 29), 0.5, 5);
    assertEquals(5.28, upTo29.statistic(), 1e-9);
    assertEquals(7, upTo29.run());
    assertEquals(28, upTo29.signalAt(), "0-based index of observation 29");
    assertEquals(7, upTo29.runAtSignal());
    Cusum.Path upTo28 = Cusum.upper(java.util.Arrays.copyOf(z, 28), 0.5, 5);
    assertEquals(4.47, upTo28.statistic(), 1e-9);
    assertEquals(-1, upTo28.signalAt());
    // the estimated new mean: mu0 + K + C+/N+ = 11.25
    assertEquals(11.25, 10 + 0.5 + upTo29.statistic() / upTo29.run(), 0.005);
  }

  @Test
  void siegmundRunLengthsMatchTheTextbookTable() {
    assertEquals(938.2223641163949, Cusum.inControlRunLength(0.5, 5), 1e-9);
    assertEquals(469, Cusum.inControlRunLength(0.5, 5) / 2, 1);
    assertEquals(168, Cusum.inControlRunLength(0.5, 4) / 2, 1.5);
  }

  @Test
  void decisionIntervalInvertsTheRunLength() {
    assertEquals(5, Cusum.decisionInterval(0.5, 938.2223641163949), 1e-9);
    double h = Cusum.decisionInterval(0.25, 10_000);
    assertEquals(10_000, Cusum.inControlRunLength(0.25, h), 1e-6);
  }
}
