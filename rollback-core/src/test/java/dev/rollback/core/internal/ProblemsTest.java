package dev.rollback.core.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.InvalidConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared configuration checks: each rule's boundary, its wording, and every problem reported at once. */
class ProblemsTest {

  @Test
  void reportsEveryBrokenRuleInOrderWithTheFieldAndTheRule() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> new Problems()
        .notBlank("metric", " ")
        .positive("step", Duration.ZERO)
        .notNegative("cooldown", Duration.ofSeconds(-1))
        .atLeast("minimumSamples", 0, 1)
        .finiteAbove("ratio", 1.0, 1)
        .finiteAtLeast("tolerance", -0.5, 0)
        .add("clip must be > shift / 2 (0.5) but was 0.1")
        .throwIfAny("Detector"));
    assertEquals(List.of(
        "metric must not be blank",
        "step must be positive but was PT0S",
        "cooldown must not be negative but was PT-1S",
        "minimumSamples must be >= 1 but was 0",
        "ratio must be a finite number > 1 but was 1.0",
        "tolerance must be a finite number >= 0 but was -0.5",
        "clip must be > shift / 2 (0.5) but was 0.1"), e.problems());
    assertTrue(e.getMessage().startsWith("Detector is invalid: metric must not be blank; "), e.getMessage());
  }

  @Test
  void nanAndInfinityAreNotFiniteNumbers() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
      Problems p = new Problems().finiteAbove("a", bad, 0).finiteAtLeast("b", bad, 0);
      assertThrows(InvalidConfigurationException.class, () -> p.throwIfAny("X"), "value " + bad);
    }
  }

  @Test
  void valuesOnTheRightSideOfEachBoundPass() {
    Problems p = new Problems()
        .notBlank("metric", "errors")
        .positive("step", Duration.ofNanos(1))
        .notNegative("cooldown", Duration.ZERO)
        .atLeast("minimumSamples", 1, 1)
        .finiteAbove("ratio", 1.0001, 1)
        .finiteAtLeast("tolerance", 0, 0);
    assertTrue(p.isEmpty());
    assertDoesNotThrow(() -> p.throwIfAny("X"));
  }
}
