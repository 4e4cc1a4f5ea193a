package dev.rollback.notify.internal;

import dev.rollback.notify.DeliveryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/** Computes the delay before a retry from the policy, the jitter and the server's Retry-After. */
final class Backoff {
  private final DeliveryPolicy policy;
  private final DoubleSupplier random;
  private final Clock clock;

  /**
   * @param random uniform values in [0, 1) that scale the jitter
   * @param clock the time against which an HTTP-date {@code Retry-After} is measured
   */
  Backoff(DeliveryPolicy policy, DoubleSupplier random, Clock clock) {
    this.policy = policy;
    this.random = random;
    this.clock = clock;
  }

  /** Returns the jittered exponential delay before retry {@code retry} (1-based). */
  Duration computed(int retry) {
    long initial = policy.initialBackoff().toNanos();
    long max = policy.maxBackoff().toNanos();
    int shift = Math.min(retry - 1, 30);
    long base = initial > (max >> shift) ? max : Math.min(max, initial << shift);
    double factor = 1.0 - policy.jitter() * Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
    return Duration.ofNanos((long) (base * factor));
  }

  /**
   * Parses a {@code Retry-After} header value: delay-seconds or an HTTP-date. Returns empty when
   * the header is absent or malformed (then the computed delay applies).
   */
  Optional<Duration> retryAfter(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.instant(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }
}
