package dev.rollback.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReadinessSnapshotTest {

  @Test
  void outdatedPodsKeepTheRolloutIncompleteAsKubectlRolloutStatusDoes() {
    ReadinessSnapshot left = new ReadinessSnapshot(3, 3, 1, null);
    assertFalse(left.complete(), "an old pod is left");
    assertFalse(left.settled());
    assertEquals("3/3 ready, 1 outdated pod left", left.toString());
    assertTrue(new ReadinessSnapshot(3, 3, 0, null).complete());
    assertTrue(new ReadinessSnapshot(1, 3, 2, "image pull failed").settled(), "a blocker settles regardless");
    assertEquals(new ReadinessSnapshot(2, 3, 0, null), new ReadinessSnapshot(2, 3, null));
  }

  @Test
  void outdatedIsNeverNegative() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> new ReadinessSnapshot(0, 1, -1, null));
    assertEquals("ReadinessSnapshot.outdated must be >= 0 but was -1", e.getMessage());
  }
}
