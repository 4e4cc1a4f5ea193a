package dev.rollback.core.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishingPolicyTest {
  @Test
  void theWaitDoublesAfterEachFailedAttempt() {
    PublishingPolicy policy = PublishingPolicy.ofDefaults();

    assertEquals(Duration.ofSeconds(2), policy.backoffAfter(1));
    assertEquals(Duration.ofSeconds(4), policy.backoffAfter(2));
    assertEquals(Duration.ofSeconds(8), policy.backoffAfter(3));
    assertEquals(Duration.ofSeconds(2), policy.backoffAfter(0), "below 1 counts as the first attempt");
    assertEquals(Duration.ofSeconds(2 * 512), policy.backoffAfter(10));
  }

  @Test
  void aZeroBackoffRetriesAtOnceAndTheLongestBackoffStaysWithinAYear() {
    assertEquals(Duration.ZERO, new PublishingPolicy(3, Duration.ofSeconds(5), Duration.ZERO).backoffAfter(2));
    assertEquals(Duration.ofHours(512),
        new PublishingPolicy(10, Duration.ofSeconds(5), PublishingPolicy.MAX_BACKOFF).backoffAfter(10));
  }

  @Test
  void everyBrokenRuleIsNamedAtOnce() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> new PublishingPolicy(11, Duration.ZERO, Duration.ofHours(2)));

    assertEquals(List.of(
        "attempts must be between 1 and 10 but was 11",
        "timeout must be positive but was PT0S",
        "backoff must be at most PT1H but was PT2H"), e.problems());
  }

  @Test
  void aNegativeOrMissingBackoffIsNamed() {
    InvalidConfigurationException negative = assertThrows(InvalidConfigurationException.class,
        () -> new PublishingPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(-1)));
    assertEquals(List.of("backoff must not be negative but was PT-1S"), negative.problems());

    InvalidConfigurationException missing = assertThrows(InvalidConfigurationException.class,
        () -> new PublishingPolicy(3, Duration.ofSeconds(5), null));
    assertEquals(List.of("backoff must not be null"), missing.problems());
  }
}
