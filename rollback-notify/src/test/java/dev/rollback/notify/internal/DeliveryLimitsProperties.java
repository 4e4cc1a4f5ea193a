package dev.rollback.notify.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rollback.notify.DeliveryPolicy;
import dev.rollback.notify.InvalidConfigException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 12: over arbitrary durations, the huge ones included (near {@code Long.MAX_VALUE}
 * nanoseconds or seconds, {@code ChronoUnit.FOREVER}), {@link DeliveryPolicy} either builds a
 * policy whose backoffs can be computed for every retry, or throws {@link InvalidConfigException}
 * naming every bad field at once; it never throws {@link ArithmeticException} later.
 */
class DeliveryLimitsProperties {
  private static final Duration MAX = Duration.ofDays(365);

  @Provide
  Arbitrary<Duration> durations() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1, 120_000).map(Duration::ofMillis),
        Arbitraries.of(Duration.ZERO, Duration.ofNanos(Long.MAX_VALUE), ChronoUnit.FOREVER.getDuration(),
            Duration.ofSeconds(Long.MAX_VALUE), MAX, MAX.plusNanos(1)),
        Arbitraries.longs().map(Duration::ofNanos),
        Arbitraries.longs().map(Duration::ofSeconds));
  }

  private static boolean positiveWithinAYear(Duration d) {
    return d.compareTo(Duration.ZERO) > 0 && d.compareTo(MAX) <= 0;
  }

  @Property(tries = 1000)
  void everyBadDurationIsNamedAtOnceAndAcceptedOnesNeverOverflow(
      @ForAll("durations") Duration connect,
      @ForAll("durations") Duration request,
      @ForAll("durations") Duration initial,
      @ForAll("durations") Duration max,
      @ForAll("durations") Duration retryAfter) {
    List<String> bad = new ArrayList<>();
    if (!positiveWithinAYear(connect)) {
      bad.add("DeliveryPolicy.connectTimeout");
    }
    if (!positiveWithinAYear(request)) {
      bad.add("DeliveryPolicy.requestTimeout");
    }
    if (!positiveWithinAYear(initial)) {
      bad.add("DeliveryPolicy.initialBackoff");
    }
    if (!positiveWithinAYear(max)) {
      bad.add("DeliveryPolicy.maxBackoff");
    }
    if (retryAfter.isNegative() || retryAfter.compareTo(MAX) > 0) {
      bad.add("DeliveryPolicy.maxRetryAfter");
    }
    DeliveryPolicy policy;
    try {
      policy = DeliveryPolicy.builder().connectTimeout(connect).requestTimeout(request).initialBackoff(initial)
          .maxBackoff(max.compareTo(initial) < 0 && bad.isEmpty() ? initial : max).maxRetryAfter(retryAfter).build();
    } catch (InvalidConfigException e) {
      assertTrue(!bad.isEmpty(), "refused a valid policy: " + e.problems());
      for (String field : bad) {
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(field)), field + " is named in " + e.problems());
      }
      return;
    }
    if (!bad.isEmpty()) {
      fail("built although " + bad + " are bad");
    }
    Backoff backoff = new Backoff(policy, () -> 0.5, Clock.systemUTC());
    for (int retry = 1; retry <= policy.maxAttempts() + 40; retry++) {
      backoff.computed(retry);
    }
    policy.connectTimeout().toNanos();
    policy.requestTimeout().toNanos();
    policy.maxRetryAfter().toNanos();
  }
}
