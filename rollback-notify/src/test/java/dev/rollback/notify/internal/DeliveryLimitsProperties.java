package dev.rollback.notify.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rollback.notify.DeliveryPolicy;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
 * policy whose timeouts an HTTP delivery can use, or throws {@link InvalidConfigurationException}
 * naming every bad field at once; it never throws {@link ArithmeticException} later. (The backoff
 * and {@code Retry-After} settings it also covered left the policy with issue 13: the engine owns
 * retrying with the toolbox's {@code Backoff}.)
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
      @ForAll("durations") Duration connect, @ForAll("durations") Duration request) {
    List<String> bad = new ArrayList<>();
    if (!positiveWithinAYear(connect)) {
      bad.add("connectTimeout");
    }
    if (!positiveWithinAYear(request)) {
      bad.add("requestTimeout");
    }
    DeliveryPolicy policy;
    try {
      policy = DeliveryPolicy.builder().connectTimeout(connect).requestTimeout(request).build();
    } catch (InvalidConfigurationException e) {
      assertTrue(!bad.isEmpty(), "refused a valid policy: " + e.problems());
      for (String field : bad) {
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(field)), field + " is named in " + e.problems());
      }
      return;
    }
    if (!bad.isEmpty()) {
      fail("built although " + bad + " are bad");
    }
    // What HttpDelivery does with them, without starting a client per try.
    HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).timeout(policy.requestTimeout()).build();
    HttpClient.newBuilder().connectTimeout(policy.connectTimeout());
    policy.connectTimeout().toNanos();
    policy.requestTimeout().toNanos();
  }
}
