package dev.rollback.spi.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpTimeoutsTest {

  @Test
  void theDefaultsAreFiveSecondsToConnectAndTenForTheResponse() {
    HttpTimeouts defaults = HttpTimeouts.ofDefaults();
    assertEquals(Duration.ofSeconds(5), defaults.connectTimeout());
    assertEquals(Duration.ofSeconds(10), defaults.requestTimeout());
    assertEquals(new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)), defaults);
  }

  @Test
  void theCopiesChangeOneTimeoutAndLeaveTheOriginalAlone() {
    HttpTimeouts defaults = HttpTimeouts.ofDefaults();
    HttpTimeouts changed = defaults.withConnectTimeout(Duration.ofSeconds(3)).withRequestTimeout(Duration.ofSeconds(6));
    assertEquals(new HttpTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(6)), changed);
    assertEquals(Duration.ofSeconds(10), defaults.withConnectTimeout(Duration.ofSeconds(3)).requestTimeout());
    assertEquals(Duration.ofSeconds(5), defaults.withRequestTimeout(Duration.ofSeconds(6)).connectTimeout());
    assertEquals(HttpTimeouts.ofDefaults(), defaults);
    assertNotSame(defaults, defaults.withConnectTimeout(Duration.ofSeconds(5)));
  }

  @Test
  void aYearIsTheLongestTimeoutAndOneNanosecondTheShortest() {
    HttpTimeouts extremes = new HttpTimeouts(Duration.ofNanos(1), Duration.ofDays(365));
    assertEquals(Duration.ofNanos(1), extremes.connectTimeout());
    assertEquals(Duration.ofDays(365), extremes.requestTimeout());
  }

  @Test
  void everyBadTimeoutIsReportedAtOnceNamingTheFieldAndTheRule() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> new HttpTimeouts(Duration.ZERO, Duration.ofDays(365).plusNanos(1)));
    assertEquals("HttpTimeouts", e.configuration());
    assertEquals(List.of(
        "connectTimeout must be positive but was PT0S",
        "requestTimeout must be at most PT8760H (365 days) but was PT8760H0.000000001S"), e.problems());
    assertEquals("HttpTimeouts is invalid: connectTimeout must be positive but was PT0S; "
        + "requestTimeout must be at most PT8760H (365 days) but was PT8760H0.000000001S", e.getMessage());
  }

  @Test
  void aMissingOrNegativeTimeoutIsRefused() {
    assertEquals(List.of("connectTimeout must not be null", "requestTimeout must not be null"),
        assertThrows(InvalidConfigurationException.class, () -> new HttpTimeouts(null, null)).problems());
    assertEquals(List.of("requestTimeout must be positive but was PT-1S"),
        assertThrows(InvalidConfigurationException.class,
            () -> HttpTimeouts.ofDefaults().withRequestTimeout(Duration.ofSeconds(-1))).problems());
    assertEquals(List.of("connectTimeout must not be null"),
        assertThrows(InvalidConfigurationException.class,
            () -> HttpTimeouts.ofDefaults().withConnectTimeout(null)).problems());
  }

  @Test
  void aBuildersCheckRecordsTheProblemsBesideItsOwnAndReturnsNothing() {
    ConfigProblems problems = ConfigProblems.of("SomeConfig");
    problems.notBlank("name", " ");
    assertNull(HttpTimeouts.check(problems, Duration.ofSeconds(1), Duration.ofMillis(-5)));
    assertEquals(List.of("name must not be blank", "requestTimeout must be positive but was PT-0.005S"),
        problems.problems());
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, problems::throwIfAny);
    assertEquals("SomeConfig", e.configuration(), "the builder's configuration reports the timeouts' problems");
  }

  @Test
  void aBuildersCheckOfAGoodPairReturnsItAndRecordsNothing() {
    ConfigProblems problems = ConfigProblems.of("SomeConfig");
    assertEquals(new HttpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(4)),
        HttpTimeouts.check(problems, Duration.ofSeconds(2), Duration.ofSeconds(4)));
    assertEquals(List.of(), problems.problems());
    assertNull(HttpTimeouts.check(problems, null, Duration.ofSeconds(4)));
    assertEquals(List.of("connectTimeout must not be null"), problems.problems());
  }
}
