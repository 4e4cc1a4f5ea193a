package dev.rollback.spi.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigProblemsTest {

  @Test
  void everyBrokenRuleIsReportedAtOnceInTheOrderFound() {
    ConfigProblems problems = ConfigProblems.of("SlackConfig");
    assertFalse(problems.notBlank("channel", " "));
    assertFalse(problems.within("timeout", Duration.ZERO));
    assertFalse(problems.within("backoff", Duration.ofDays(366)));
    assertFalse(problems.between("maxAttempts", 0, 1, 10));
    assertTrue(problems.atLeast("retries", 0, 0));
    assertFalse(problems.atLeast("replicas", -1, 0));
    assertFalse(problems.atMost("attempts", 101, 100));
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, problems::throwIfAny);
    assertEquals(List.of(
        "channel must not be blank",
        "timeout must be positive but was PT0S",
        "backoff must be at most PT8760H (365 days) but was PT8784H",
        "maxAttempts must be between 1 and 10 but was 0",
        "replicas must be >= 0 but was -1",
        "attempts must be at most 100 but was 101"), e.problems());
    assertEquals("SlackConfig", e.configuration());
    assertEquals("SlackConfig is invalid: channel must not be blank; timeout must be positive but was PT0S; "
        + "backoff must be at most PT8760H (365 days) but was PT8784H; maxAttempts must be between 1 and 10 but was 0; "
        + "replicas must be >= 0 but was -1; attempts must be at most 100 but was 101",
        e.getMessage());
    assertTrue(e instanceof RollbackException, "every library exception shares the root");
  }

  @Test
  void nullValuesAreNamedNotThrownAsNullPointerExceptions() {
    ConfigProblems problems = ConfigProblems.of("X");
    assertFalse(problems.notBlank("a", null));
    assertFalse(problems.positive("b", null));
    assertFalse(problems.within("c", null));
    assertFalse(problems.notNegative("d", null));
    assertFalse(problems.notNegativeWithin("e", null));
    assertFalse(problems.headerName("f", null));
    assertNull(problems.httpUri("g", null, false));
    assertEquals(List.of("a must not be null", "b must not be null", "c must not be null", "d must not be null",
        "e must not be null", "f must not be null", "g must not be null"), problems.problems());
  }

  @Test
  void durationRules() {
    ConfigProblems problems = ConfigProblems.of("X");
    assertTrue(problems.notNegative("zero", Duration.ZERO));
    assertTrue(problems.notNegativeWithin("year", Duration.ofDays(365)));
    assertFalse(problems.notNegative("minus", Duration.ofSeconds(-1)));
    assertFalse(problems.notNegativeWithin("long", Duration.ofDays(400)));
    assertTrue(problems.positive("long but positive", Duration.ofDays(400)), "positive has no upper bound");
    assertFalse(problems.atLeast("watchTimeout", Duration.ofMillis(10), Duration.ofSeconds(1)));
    assertTrue(problems.atLeast("watchTimeout", Duration.ofSeconds(1), Duration.ofSeconds(1)));
    assertEquals(List.of("minus must not be negative but was PT-1S",
        "long must be at most PT8760H (365 days) but was PT9600H",
        "watchTimeout must be at least PT1S but was PT0.01S"), problems.problems());
  }

  @Test
  void numbersNaNAndInfinityFail() {
    ConfigProblems problems = ConfigProblems.of("X");
    assertFalse(problems.finiteAbove("ratio", Double.NaN, 0));
    assertFalse(problems.finiteAtLeast("z", Double.POSITIVE_INFINITY, 0));
    assertFalse(problems.finiteAbove("half", 0.5, 0.5));
    assertTrue(problems.finiteAtLeast("ok", 0.0, 0));
    assertEquals(List.of("ratio must be a finite number > 0 but was NaN",
        "z must be a finite number >= 0 but was Infinity",
        "half must be a finite number > 0.5 but was 0.5"), problems.problems());
  }

  @Test
  void aSecretUriIsNeverShownInTheMessage() {
    ConfigProblems problems = ConfigProblems.of("WebhookConfig");
    assertNull(problems.httpUri("url", "ftp://hooks.example.com/T0001/secret-token", true));
    assertNull(problems.httpUri("endpoint", "ftp://example.com/x", false));
    assertEquals("https://example.com/x", String.valueOf(problems.httpUri("ok", "https://example.com/x", false)));
    assertFalse(problems.headerName("header", "Bad Header"));
    assertEquals(List.of("url must be an absolute http or https URI",
        "endpoint 'ftp://example.com/x' must be an absolute http or https URI",
        "header 'Bad Header' is not an HTTP header name"), problems.problems());
  }

  @Test
  void nothingWrongThrowsNothingAndHasNoException() {
    ConfigProblems problems = ConfigProblems.of("X");
    assertTrue(problems.check(false, "never"));
    problems.throwIfAny();
    assertTrue(problems.isEmpty());
    IllegalStateException e = assertThrows(IllegalStateException.class, problems::exception);
    assertEquals("X has no problems to report", e.getMessage());
  }

  @Test
  void theDetectorRulesReadAsBeforeTheMove() {
    ConfigProblems p = ConfigProblems.of("Detector");
    p.notBlank("metric", " ");
    p.positive("step", Duration.ZERO);
    p.notNegative("cooldown", Duration.ofSeconds(-1));
    p.atLeast("minimumSamples", 0, 1);
    p.finiteAbove("ratio", 1.0, 1);
    p.finiteAtLeast("tolerance", -0.5, 0);
    p.add("clip must be > shift / 2 (0.5) but was 0.1");
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, p::throwIfAny);
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
  void valuesOnTheRightSideOfEachBoundPass() {
    ConfigProblems p = ConfigProblems.of("X");
    assertTrue(p.notBlank("metric", "errors"));
    assertTrue(p.positive("step", Duration.ofNanos(1)));
    assertTrue(p.notNegative("cooldown", Duration.ZERO));
    assertTrue(p.atLeast("minimumSamples", 1, 1));
    assertTrue(p.finiteAbove("ratio", 1.0001, 1));
    assertTrue(p.finiteAtLeast("tolerance", 0, 0));
    assertTrue(p.within("year", ConfigProblems.MAX_DURATION));
    assertTrue(p.isEmpty());
    p.throwIfAny();
  }
}
