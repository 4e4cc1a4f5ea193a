package dev.rollback.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.helpers.HttpTimeouts;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.spi.helpers.Secret;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

  // The retry settings (maxAttempts, backoff, jitter, maxRetryAfter) left DeliveryPolicy with issue
  // 13: the engine owns retrying, and the toolbox's BackoffTest checks the backoff's rules.
  @Test
  void deliveryPolicyReportsEveryBrokenRuleAtOnce() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> DeliveryPolicy.builder()
        .connectTimeout(Duration.ofDays(400))
        .requestTimeout(Duration.ZERO)
        .build());

    assertEquals(List.of(
        "connectTimeout must be at most PT8760H (365 days) but was PT9600H",
        "requestTimeout must be positive but was PT0S"), e.problems());
    assertEquals("DeliveryPolicy is invalid: connectTimeout must be at most PT8760H (365 days) but was"
        + " PT9600H; requestTimeout must be positive but was PT0S", e.getMessage());
  }

  @Test
  void theDefaultsAreValidAndSmall() {
    DeliveryPolicy d = DeliveryPolicy.ofDefaults();
    assertEquals(Duration.ofSeconds(3), d.connectTimeout());
    assertEquals(Duration.ofSeconds(6), d.requestTimeout());
    assertTrue(d.connectTimeout().plus(d.requestTimeout()).compareTo(Duration.ofSeconds(10)) < 0,
        "one attempt ends within the engine's default notification timeout of 10 s");
    assertEquals(d, DeliveryPolicy.builder(d).build());
  }

  @Test
  void deliveryPolicyHoldsItsTimeoutsAsOnePair() {
    DeliveryPolicy d = DeliveryPolicy.builder()
        .timeouts(new HttpTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)))
        .requestTimeout(Duration.ofSeconds(4))
        .build();
    assertEquals(new HttpTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(4)), d.timeouts());
    assertEquals(Duration.ofSeconds(1), d.connectTimeout());
    assertEquals(new HttpTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(6)), DeliveryPolicy.ofDefaults().timeouts());
    assertEquals(d, DeliveryPolicy.builder(d).build());
    assertEquals("DeliveryPolicy[connectTimeout=PT1S, requestTimeout=PT4S]", d.toString());
    NullPointerException e = assertThrows(NullPointerException.class, () -> DeliveryPolicy.builder().timeouts(null));
    assertEquals("timeouts must not be null", e.getMessage());
  }

  @Test
  void aConfigurationCopiedThroughItsBuilderIsEqual() {
    SlackConfig slack = SlackConfig.builder(Secret.of("https://hooks.example.com/T1/B2/verysecret"))
        .name("slack-leads").teamLeadMention("<!subteam^S1>").build();
    PagerDutyConfig pd = PagerDutyConfig.builder(Secret.of("R0UT1NGKEY")).resolveWhenRolledBack(true).build();
    WebhookConfig webhook = WebhookConfig.builder(Secret.of("https://x.example.com/h"))
        .header("Authorization", Secret.of("Bearer abc")).build();
    assertEquals(slack, SlackConfig.builder(slack).build());
    assertEquals(pd, PagerDutyConfig.builder(pd).build());
    assertEquals(webhook, WebhookConfig.builder(webhook).build());
    assertEquals("slack-leads", SlackConfig.builder(slack).build().name());
  }

  @Test
  void anInvalidWebhookUrlIsNamedButNotShown() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> SlackConfig.of(Secret.of("ftp://hooks.example.com/T1/B2/verysecret")));

    assertEquals(List.of("webhookUrl must be an absolute http or https URI"), e.problems());
    assertFalse(e.getMessage().contains("verysecret"));
    assertEquals("SlackConfig", e.configuration());
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
    SlackConfig slack = SlackConfig.of(Secret.of("https://hooks.example.com/T1/B2/verysecret"));
    assertFalse(slack.toString().contains("verysecret"), slack.toString());
    assertThrows(InvalidConfigurationException.class, () -> Secret.of(" "));
  }

  @Test
  void pagerDutyMustMapEveryOutcome() {
    Map<RunOutcome, PagerDutySeverity> partial = new EnumMap<>(RunOutcome.class);
    partial.put(RunOutcome.ROLLED_BACK, PagerDutySeverity.INFO);
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> PagerDutyConfig.builder(Secret.of("k")).outcomeSeverities(partial).eventsUrl("not a url").build());

    assertEquals(4, e.problems().size(), e.problems().toString());
    assertEquals("PagerDutyConfig", e.configuration());
    assertTrue(e.problems().get(0).startsWith("eventsUrl 'not a url' is not a valid URI"));
    assertTrue(e.problems().contains("outcomeSeverities must map every outcome but misses MANUAL_NEEDED"));
  }

  @Test
  void webhookHeadersMustNotClashWithWhatTheNotifierSets() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> WebhookConfig.builder(Secret.of("https://x.example.com/h"))
            .header("Content-Type", Secret.of("text/plain"))
            .header("Bad Header", Secret.of("v"))
            .header("x-rollback-signature-256", Secret.of("forged"))
            .build());

    assertEquals(List.of(
        "headers name 'Content-Type' is set by the notifier or the HTTP client",
        "headers name 'Bad Header' is not an HTTP header name",
        "headers name 'x-rollback-signature-256' is the signature header"), e.problems());
    assertEquals("WebhookConfig", e.configuration());
  }

  @Test
  void routesNeedAnOnCallDestination() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> AudienceRoutes.of());
    assertEquals(List.of("onCall must name at least one notifier"), e.problems());
    assertEquals("AudienceRoutes is invalid: onCall must name at least one notifier", e.getMessage());
  }
}
