package dev.rollback.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.notify.DeliveryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T07:18:00Z"), ZoneOffset.UTC);

  private static DeliveryPolicy policy(double jitter) {
    return DeliveryPolicy.builder()
        .initialBackoff(Duration.ofMillis(500))
        .maxBackoff(Duration.ofSeconds(3))
        .jitter(jitter)
        .build();
  }

  @Test
  void doublesUpToTheCapWithoutJitter() {
    Backoff b = new Backoff(policy(0), () -> 0.9, CLOCK);
    assertEquals(Duration.ofMillis(500), b.computed(1));
    assertEquals(Duration.ofMillis(1000), b.computed(2));
    assertEquals(Duration.ofMillis(2000), b.computed(3));
    assertEquals(Duration.ofMillis(3000), b.computed(4));
    assertEquals(Duration.ofMillis(3000), b.computed(64));
  }

  @Test
  void jitterShortensByAtMostItsFraction() {
    assertEquals(Duration.ofMillis(1000), new Backoff(policy(0.5), () -> 0.0, CLOCK).computed(2));
    assertEquals(Duration.ofMillis(750), new Backoff(policy(0.5), () -> 0.5, CLOCK).computed(2));
    Duration least = new Backoff(policy(0.5), () -> 0.999999, CLOCK).computed(2);
    assertTrue(least.compareTo(Duration.ofMillis(500)) >= 0 && least.compareTo(Duration.ofMillis(501)) < 0);
  }

  @Test
  void parsesRetryAfterInBothForms() {
    Backoff b = new Backoff(policy(0), () -> 0, CLOCK);
    assertEquals(Optional.of(Duration.ofSeconds(12)), b.retryAfter(" 12 "));
    assertEquals(Optional.of(Duration.ofSeconds(90)), b.retryAfter("Fri, 27 Nov 2026 07:19:30 GMT"));
    assertEquals(Optional.of(Duration.ZERO), b.retryAfter("Fri, 27 Nov 2026 07:00:00 GMT"));
    assertEquals(Optional.empty(), b.retryAfter("soon"));
    assertEquals(Optional.empty(), b.retryAfter("-3"));
    assertEquals(Optional.empty(), b.retryAfter(null));
  }
}
