package dev.rollback.smoke.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.helpers.HttpTimeouts;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.spi.helpers.Secret;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The smoke tester's settings report every broken rule at once (moved from rollback-notify's ConfigValidationTest). */
class HttpSmokeConfigValidationTest {

  @Test
  void httpChecksAreValidatedFieldByField() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> HttpCheck.get("http://127.0.0.1/{service}/{versoin}")
            .expectStatus(700)
            .expectBodyMatches("([unclosed")
            .repeat(0, 1.5)
            .build());

    assertEquals(5, e.problems().size(), e.problems().toString());
    assertEquals("HttpCheck", e.configuration());
    assertTrue(e.problems().get(0).startsWith("urlTemplate has the unknown placeholder {versoin}"));
    assertTrue(e.problems().contains("expectedStatus must be between 100 and 599 but was 700"));
    assertTrue(e.problems().contains("repeat must be between 1 and 1000 but was 0"));
    assertTrue(e.problems().contains("requiredPassRatio must be above 0 and at most 1 but was 1.5"));
    assertTrue(e.problems().get(2).startsWith("bodyRegex is not a regular expression"), e.problems().get(2));
  }

  @Test
  void smokeChecksNeedDistinctNamesAndARelativeUrlIsRejected() {
    HttpCheck a = HttpCheck.get("http://127.0.0.1/health").build();
    InvalidConfigurationException dup = assertThrows(InvalidConfigurationException.class, () -> HttpSmokeConfig.of(a, a));
    assertEquals(List.of("checks[1] repeats the name 'GET /health'; give the checks"
        + " distinct names"), dup.problems());
    assertEquals("HttpSmokeConfig", dup.configuration());

    InvalidConfigurationException relative =
        assertThrows(InvalidConfigurationException.class, () -> HttpCheck.get("/{service}/health").build());
    assertEquals(List.of("urlTemplate '/sample/health' must be an absolute http or https URI"),
        relative.problems());
    assertThrows(InvalidConfigurationException.class, () -> HttpSmokeConfig.of());
  }

  @Test
  void aCheckCopiedThroughItsBuilderIsEqualAndHidesItsHeaders() {
    HttpCheck check = HttpCheck.builder("post", "https://shop.example.com/{service}/orders?token=q1w2e3r4")
        .header("Authorization", Secret.of("Bearer tok-77aa99"))
        .body("{}")
        .expectStatus(201)
        .repeat(3, 0.5)
        .interval(Duration.ofMillis(10))
        .build();
    HttpSmokeConfig config = HttpSmokeConfig.builder().check(check).requestTimeout(Duration.ofSeconds(3)).build();

    assertEquals(check, check.toBuilder().build());
    assertEquals(config, HttpSmokeConfig.builder(config).build());
    assertEquals(Duration.ofSeconds(3), config.requestTimeout());
    assertEquals("POST /{service}/orders", check.displayName());
    assertFalse(config.toString().contains("tok-77aa99"), config.toString());
    assertFalse(config.toString().contains("q1w2e3r4"), config.toString());
  }

  @Test
  void theTimeoutsAreOnePairWithTheirDefaultsAndTheirRulesNamedAmongTheOtherProblems() {
    HttpCheck check = HttpCheck.get("http://127.0.0.1/health").build();
    assertEquals(HttpTimeouts.ofDefaults(), HttpSmokeConfig.of(check).timeouts());
    HttpSmokeConfig config = HttpSmokeConfig.builder().check(check)
        .timeouts(new HttpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(7))).build();
    assertEquals(Duration.ofSeconds(2), config.connectTimeout());
    assertEquals(Duration.ofSeconds(7), config.requestTimeout());
    assertEquals(new HttpTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(7)),
        config.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(7)).timeouts());

    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> HttpSmokeConfig.builder().connectTimeout(Duration.ZERO).requestTimeout(null).build());
    assertEquals("HttpSmokeConfig", e.configuration());
    assertEquals(List.of("checks must not be empty", "connectTimeout must be positive but was PT0S",
        "requestTimeout must not be null"), e.problems());
  }
}
