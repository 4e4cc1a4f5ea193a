package dev.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackPolicyTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    RollbackPolicy p = RollbackPolicy.ofDefaults();
    assertEquals(Duration.ofSeconds(30), p.stepDeadline(Node.SCALE_DOWN));
    assertEquals(Duration.ofMinutes(10), p.stepDeadline(Node.WAIT_READY));
    assertEquals(Duration.ofMinutes(5), p.stepDeadline(Node.RUN_SMOKE_TESTS));
    assertEquals(Duration.ofMinutes(30), p.overallDeadline());
    assertEquals(3, p.notifierAttempts());
    assertEquals(ScaleDown.keepFloor(1), p.scaleDown());
  }

  @Test
  void buildListsEveryProblemAtOnce() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () ->
        RollbackPolicy.builder()
            .stepDeadline(Duration.ofSeconds(-1))
            .stepDeadline(Node.WAIT_READY, Duration.ZERO)
            .readinessPoll(Duration.ofSeconds(10), Duration.ofSeconds(1))
            .notifierAttempts(0)
            .build());
    assertEquals(
        List.of(
            "stepDeadline must be positive but was PT-1S",
            "stepDeadline(WAIT_READY) must be positive but was PT0S",
            "readinessPollMax (PT1S) must not be shorter than readinessPollInitial (PT10S)",
            "notifierAttempts must be >= 1 but was 0"),
        e.problems());
  }

  @Test
  void refusesAnOverallDeadlineTooShortForTheFinalNotifications() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () ->
        RollbackPolicy.builder().overallDeadline(Duration.ofSeconds(60)).build());
    assertEquals(1, e.problems().size());
    assertEquals(true, e.problems().get(0).startsWith("overallDeadline (PT1M) must be longer than"), e.getMessage());
  }

  @Test
  void notificationBackoffDoublesUpToItsMaximum() {
    RollbackPolicy p = RollbackPolicy.builder()
        .notificationBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5))
        .notifierAttempts(5)
        .build();
    assertEquals(Duration.ofSeconds(1), p.notificationBackoffAfter(1));
    assertEquals(Duration.ofSeconds(2), p.notificationBackoffAfter(2));
    assertEquals(Duration.ofSeconds(4), p.notificationBackoffAfter(3));
    assertEquals(Duration.ofSeconds(5), p.notificationBackoffAfter(4));
    // 5 attempts of 10 s plus 1+2+4+5 s of backoff, per notifier
    assertEquals(Duration.ofSeconds(62), p.notificationBudget(1));
    assertEquals(Duration.ofSeconds(124), p.notificationBudget(2));
  }

  @Test
  void builderFromAPolicyCopiesEverySetting() {
    RollbackPolicy p = RollbackPolicy.builder()
        .scaleDown(ScaleDown.keepFloor(1))
        .stepDeadline(Node.CLEANUP, Duration.ofMinutes(2))
        .build();
    RollbackPolicy copy = RollbackPolicy.builder(p).build();
    assertEquals(p, copy);
    assertNotSame(p, copy);
    assertEquals(Duration.ofMinutes(2), copy.stepDeadline(Node.CLEANUP));
  }
}
