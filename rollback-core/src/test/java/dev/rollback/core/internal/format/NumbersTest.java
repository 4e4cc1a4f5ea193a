package dev.rollback.core.internal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NumbersTest {

  @Test
  void plainKeepsEveryDigitButDropsAWholeNumbersPointZero() {
    assertEquals("3", Numbers.plain(3.0));
    assertEquals("0.0052", Numbers.plain(0.0052));
    assertEquals("1.0E15", Numbers.plain(1e15));
    assertEquals("NaN", Numbers.plain(Double.NaN));
  }

  @Test
  void significantRoundsAndTrimsZeros() {
    assertEquals("0.0052", Numbers.significant(0.0052, 4));
    assertEquals("1200", Numbers.significant(1200, 4));
    assertEquals("417", Numbers.significant(416.7, 3));
    assertEquals("1.5e-05", Numbers.significant(0.000015, 3));
    assertEquals("0", Numbers.significant(0, 3));
    assertEquals("-Infinity", Numbers.significant(Double.NEGATIVE_INFINITY, 3));
    assertThrows(IllegalArgumentException.class, () -> Numbers.significant(1, 0));
  }
}
