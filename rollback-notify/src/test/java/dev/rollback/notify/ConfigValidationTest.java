package dev.rollback.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.RunOutcome;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

  @Test
  void deliveryPolicyReportsEveryBrokenRuleAtOnce() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> DeliveryPolicy.builder()
        .maxAttempts(0)
        .initialBackoff(Duration.ofSeconds(2))
        .maxBackoff(Duration.ofSeconds(1))
        .jitter(1.5)
        .requestTimeout(Duration.ZERO)
        .build());

    assertEquals(List.of(
        "DeliveryPolicy.requestTimeout must be positive but was PT0S",
        "DeliveryPolicy.maxAttempts must be between 1 and 10 but was 0",
        "DeliveryPolicy.maxBackoff (PT1S) must not be less than DeliveryPolicy.initialBackoff (PT2S)",
        "DeliveryPolicy.jitter must be between 0 and 1 but was 1.5"), e.problems());
  }

  @Test
  void theDefaultsAreValidAndSmall() {
    DeliveryPolicy d = DeliveryPolicy.ofDefaults();
    assertEquals(3, d.maxAttempts());
    assertEquals(d, DeliveryPolicy.builder(d).build());
  }

  @Test
  void anInvalidWebhookUrlIsNamedButNotShown() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> SlackConfig.of(Secret.of("ftp://hooks.example.com/T1/B2/verysecret")));

    assertEquals(List.of("SlackConfig.webhookUrl must be an absolute http or https URI"), e.problems());
    assertFalse(e.getMessage().contains("verysecret"));
  }

  @Test
  void secretsNeverShowInToString() {
    Secret key = Secret.of("R0UT1NGKEY");
    PagerDutyConfig config = PagerDutyConfig.of(key);
    assertEquals("****", key.toString());
    assertFalse(config.toString().contains("R0UT1NGKEY"), config.toString());
    WebhookConfig webhook = WebhookConfig.builder(Secret.of("https://x.example.com/h?token=zz99zz"))
        .header("Authorization", Secret.of("Bearer abc"))
        .signingSecret(Secret.of("shh-shared"))
        .build();
    assertFalse(webhook.toString().contains("zz99zz"));
    assertFalse(webhook.toString().contains("abc"));
    assertFalse(webhook.toString().contains("shh-shared"));
    assertThrows(InvalidConfigException.class, () -> Secret.of(" "));
  }

  @Test
  void pagerDutyMustMapEveryOutcome() {
    Map<RunOutcome, PagerDutySeverity> partial = new EnumMap<>(RunOutcome.class);
    partial.put(RunOutcome.ROLLED_BACK, PagerDutySeverity.INFO);
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> PagerDutyConfig.builder(Secret.of("k")).outcomeSeverities(partial).eventsUrl("not a url").build());

    assertEquals(4, e.problems().size(), e.problems().toString());
    assertTrue(e.problems().get(0).startsWith("PagerDutyConfig.eventsUrl 'not a url' is not a valid URI"));
    assertTrue(e.problems().contains("PagerDutyConfig.outcomeSeverities must map every outcome but misses MANUAL_NEEDED"));
  }

  @Test
  void webhookHeadersMustNotClashWithWhatTheNotifierSets() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> WebhookConfig.builder(Secret.of("https://x.example.com/h"))
            .header("Content-Type", Secret.of("text/plain"))
            .header("Bad Header", Secret.of("v"))
            .header("x-rollback-signature-256", Secret.of("forged"))
            .build());

    assertEquals(List.of(
        "WebhookConfig.headers name 'Content-Type' is set by the notifier or the HTTP client",
        "WebhookConfig.headers name 'Bad Header' is not an HTTP header name",
        "WebhookConfig.headers name 'x-rollback-signature-256' is the signature header"), e.problems());
  }

  @Test
  void httpChecksAreValidatedFieldByField() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> HttpCheck.get("http://127.0.0.1/{service}/{versoin}")
            .expectStatus(700)
            .expectBodyMatches("([unclosed")
            .repeat(0, 1.5)
            .build());

    assertEquals(5, e.problems().size(), e.problems().toString());
    assertTrue(e.problems().get(0).startsWith("HttpCheck.urlTemplate has the unknown placeholder {versoin}"));
    assertTrue(e.problems().contains("HttpCheck.expectedStatus must be between 100 and 599 but was 700"));
    assertTrue(e.problems().contains("HttpCheck.repeat must be between 1 and 1000 but was 0"));
    assertTrue(e.problems().contains("HttpCheck.requiredPassRatio must be above 0 and at most 1 but was 1.5"));
    assertTrue(e.problems().get(2).startsWith("HttpCheck.bodyRegex is not a regular expression"), e.problems().get(2));
  }

  @Test
  void smokeChecksNeedDistinctNamesAndARelativeUrlIsRejected() {
    HttpCheck a = HttpCheck.get("http://127.0.0.1/health").build();
    InvalidConfigException dup = assertThrows(InvalidConfigException.class, () -> HttpSmokeConfig.of(a, a));
    assertEquals(List.of("HttpSmokeConfig.checks[1] repeats the name 'GET /health'; give the checks"
        + " distinct names"), dup.problems());

    InvalidConfigException relative =
        assertThrows(InvalidConfigException.class, () -> HttpCheck.get("/{service}/health").build());
    assertEquals(List.of("HttpCheck.urlTemplate '/sample/health' must be an absolute http or https URI"),
        relative.problems());
    assertThrows(InvalidConfigException.class, () -> HttpSmokeConfig.of());
  }

  @Test
  void routesNeedAnOnCallDestination() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> AudienceRoutes.of());
    assertEquals(List.of("AudienceRoutes.onCall must name at least one notifier"), e.problems());
  }
}
