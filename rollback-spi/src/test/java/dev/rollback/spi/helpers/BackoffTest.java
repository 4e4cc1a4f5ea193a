package dev.rollback.spi.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(5));

  @Test
  void doublesFromInitialUpToMax() {
    assertEquals(Duration.ofMillis(200), backoff.delay(1));
    assertEquals(Duration.ofMillis(400), backoff.delay(2));
    assertEquals(Duration.ofMillis(3200), backoff.delay(5));
    assertEquals(Duration.ofSeconds(5), backoff.delay(6));
    assertEquals(Duration.ofSeconds(5), backoff.delay(Integer.MAX_VALUE), "no overflow however many retries");
    assertThrows(IllegalArgumentException.class, () -> backoff.delay(0));
  }

  @Test
  void aZeroInitialWaitRetriesAtOnce() {
    Backoff atOnce = Backoff.exponential(Duration.ZERO, Duration.ZERO);
    assertEquals(Duration.ZERO, atOnce.delay(1));
    assertEquals(Duration.ZERO, atOnce.delay(40));
    assertEquals(Duration.ofSeconds(3), atOnce.delay(2, () -> 0, Duration.ofSeconds(3)), "Retry-After still counts");
  }

  @Test
  void jitterShortensTheWaitByAtMostItsFraction() {
    Backoff half = backoff.withJitter(0.5);
    assertEquals(Duration.ofMillis(400), half.delay(2, () -> 0.0));
    assertEquals(Duration.ofMillis(300), half.delay(2, () -> 0.5));
    assertEquals(Duration.ofMillis(200), half.delay(2, () -> 1.0));
    assertEquals(Duration.ofMillis(200), half.delay(2, () -> 7.0), "out-of-range randoms are clamped");
    assertEquals(Duration.ofMillis(400), backoff.delay(2, () -> 0.9), "no jitter unless asked for");
  }

  @Test
  void aLongerRetryAfterWinsAShorterOneDoesNot() {
    assertEquals(Duration.ofSeconds(30), backoff.delay(1, () -> 0, Duration.ofSeconds(30)));
    assertEquals(Duration.ofMillis(400), backoff.delay(2, () -> 0, Duration.ofMillis(1)));
    assertEquals(Duration.ofMillis(400), backoff.delay(2, () -> 0, null));
    assertTrue(Backoff.exceeds(Duration.ofMinutes(5), Duration.ofMinutes(1)));
    assertFalse(Backoff.exceeds(Duration.ofMinutes(1), Duration.ofMinutes(1)));
    assertFalse(Backoff.exceeds(null, Duration.ZERO));
  }

  @Test
  void badSettingsAreReportedTogether() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> Backoff.exponential(Duration.ofSeconds(-1), Duration.ofDays(400)));
    assertEquals(List.of("initial must not be negative but was PT-1S",
        "max must be at most PT8760H (365 days) but was PT9600H"), e.problems());
    e = assertThrows(InvalidConfigurationException.class,
        () -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertEquals(List.of("max PT1S must not be shorter than initial PT2S"), e.problems());
    e = assertThrows(InvalidConfigurationException.class, () -> backoff.withJitter(Double.NaN));
    assertEquals(List.of("jitter must be between 0 and 1 but was NaN"), e.problems());
  }

  @Test
  void retryAfterReadsSecondsAndHttpDates() {
    Instant now = Instant.parse("2026-10-21T07:27:00Z");
    assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse(" 120 ", now));
    assertEquals(Optional.of(Duration.ofSeconds(60)), RetryAfter.parse("Wed, 21 Oct 2026 07:28:00 GMT", now));
    assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Wed, 21 Oct 2026 07:00:00 GMT", now),
        "a date in the past asks for no wait");
    assertEquals(Optional.empty(), RetryAfter.parse("-1", now));
    assertEquals(Optional.empty(), RetryAfter.parse("soon", now));
    assertEquals(Optional.empty(), RetryAfter.parse(null, now));
    assertEquals(Optional.empty(), RetryAfter.parse(" ", now));
  }
}
