package dev.rollback.notify;

import static dev.rollback.testkit.http.LoopbackServer.Reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollback.notify.testing.Fixtures;
import dev.rollback.notify.testing.Shapes;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Severity;
import dev.rollback.spi.helpers.Secret;
import dev.rollback.testkit.http.LoopbackServer;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PagerDutyNotifierTest {
  private static final String KEY = "R0UT1NG0KEY0abcdef0123456789abcd";
  private static final String ACCEPTED =
      "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"rollback:run-42\"}";
  private LoopbackServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  private PagerDutyConfig.Builder config() {
    return PagerDutyConfig.builder(Secret.of(KEY))
        .eventsUrl(server.url("/v2/enqueue"))
        .delivery(Fixtures.fastPolicy().build());
  }

  private JsonNode sendAndReceive(Notifier notifier, dev.rollback.spi.Notification n) throws Exception {
    notifier.send(n);
    return Shapes.parse(server.take().text());
  }

  @Test
  void theRollbackAlertTriggersWithTheRunsDedupKeyAndFacts() throws Exception {
    server = LoopbackServer.start(Reply.of(202, ACCEPTED));
    JsonNode event = sendAndReceive(Notifiers.pagerDuty(config().build()), Fixtures.alert());

    Shapes.assertPagerDutyTrigger(event);
    assertEquals(KEY, event.path("routing_key").asText());
    assertEquals("rollback:run-42", event.path("dedup_key").asText());
    JsonNode payload = event.path("payload");
    assertEquals("Rolling back prod-eu/shop/checkout from v2", payload.path("summary").asText());
    assertEquals("prod-eu/shop/checkout", payload.path("source").asText());
    assertEquals("critical", payload.path("severity").asText());
    assertEquals("2026-11-27T07:18:00Z", payload.path("timestamp").asText());
    assertEquals("checkout", payload.path("component").asText());
    assertEquals("shop", payload.path("group").asText());
    assertEquals("rollback_alert", payload.path("class").asText());
    JsonNode details = payload.path("custom_details");
    assertEquals("run-42", details.path("run_id").asText());
    assertEquals("error rate 7.5% > 2% for 5m", details.at("/facts/detector").asText());
    assertEquals("v2 (app=registry.example.com/shop/checkout:2.0)", details.path("from").asText());
  }

  @ParameterizedTest
  @CsvSource({"ROLLED_BACK, info", "NEEDS_ATTENTION, error", "ROLLBACK_FAILED, critical",
      "MANUAL_NEEDED, critical"})
  void theTerminalNotificationsSeverityComesFromTheOutcome(RunOutcome outcome, String expected)
      throws Exception {
    server = LoopbackServer.start(Reply.of(202, ACCEPTED));
    JsonNode event = sendAndReceive(
        Notifiers.pagerDuty(config().build()), Fixtures.finished(outcome, Severity.WARNING));

    Shapes.assertPagerDutyTrigger(event);
    assertEquals(expected, event.at("/payload/severity").asText());
    assertEquals(outcome.name(), event.at("/payload/custom_details/outcome").asText());
  }

  @Test
  void theOutcomeMappingIsConfigurable() throws Exception {
    server = LoopbackServer.start(Reply.of(202, ACCEPTED));
    Map<RunOutcome, PagerDutySeverity> map = new EnumMap<>(PagerDutyConfig.defaultOutcomeSeverities());
    map.put(RunOutcome.NEEDS_ATTENTION, PagerDutySeverity.WARNING);
    JsonNode event = sendAndReceive(
        Notifiers.pagerDuty(config().outcomeSeverities(map).source("rollback-engine").build()),
        Fixtures.finished(RunOutcome.NEEDS_ATTENTION, Severity.CRITICAL));

    assertEquals("warning", event.at("/payload/severity").asText());
    assertEquals("rollback-engine", event.at("/payload/source").asText());
  }

  @Test
  void aRolledBackRunResolvesTheAlertItsTriggerOpened() throws Exception {
    server = LoopbackServer.start(Reply.of(202, ACCEPTED));
    Notifier pd = Notifiers.pagerDuty(config().resolveWhenRolledBack(true).build());

    JsonNode trigger = sendAndReceive(pd, Fixtures.alert());
    JsonNode resolve = sendAndReceive(pd, Fixtures.finished(RunOutcome.ROLLED_BACK, Severity.INFO));

    Shapes.assertPagerDutyTrigger(trigger);
    Shapes.assertPagerDutyResolve(resolve);
    assertEquals(trigger.path("dedup_key"), resolve.path("dedup_key"));
    assertFalse(resolve.has("payload"));
  }

  @Test
  void withoutTheResolvePolicyARolledBackRunTriggersAtInfo() throws Exception {
    server = LoopbackServer.start(Reply.of(202, ACCEPTED));
    JsonNode event = sendAndReceive(
        Notifiers.pagerDuty(config().build()), Fixtures.finished(RunOutcome.ROLLED_BACK, Severity.INFO));

    Shapes.assertPagerDutyTrigger(event);
    assertEquals("info", event.at("/payload/severity").asText());
    assertEquals("Postmortem", event.at("/links/0/text").asText());
    assertEquals("run-42-postmortem.md", event.at("/payload/custom_details/attachments/0").asText());
  }

  @Test
  void aFailedRunNeverResolves() throws Exception {
    server = LoopbackServer.start(Reply.of(202, ACCEPTED));
    JsonNode event = sendAndReceive(Notifiers.pagerDuty(config().resolveWhenRolledBack(true).build()),
        Fixtures.finished(RunOutcome.ROLLBACK_FAILED, Severity.CRITICAL));

    Shapes.assertPagerDutyTrigger(event);
  }

  @Test
  void a500AndADroppedConnectionAreRetryableAndEveryAttemptCarriesTheSameDedupKey() throws Exception {
    server = LoopbackServer.start(Reply.of(202, ACCEPTED))
        .then(Reply.of(500, "{\"status\":\"error\"}"), Reply.dropConnection());
    Notifier pd = Notifiers.pagerDuty(config().build());

    // One request per send; the engine sends again while the failure is retryable.
    NotificationDeliveryException first =
        assertThrows(NotificationDeliveryException.class, () -> pd.send(Fixtures.escalation()));
    NotificationDeliveryException second =
        assertThrows(NotificationDeliveryException.class, () -> pd.send(Fixtures.escalation()));
    pd.send(Fixtures.escalation());

    assertTrue(first.retryable());
    assertEquals(500, first.lastStatus().getAsInt());
    assertTrue(second.retryable());
    assertTrue(second.lastStatus().isEmpty());
    assertEquals(3, server.requests().size());
    for (LoopbackServer.Received r : server.requests()) {
      JsonNode event = Shapes.parse(r.text());
      Shapes.assertPagerDutyTrigger(event);
      assertEquals("rollback:run-42", event.path("dedup_key").asText());
    }
  }

  @Test
  void anInvalidEventIsNotRetriedAndTheKeyStaysOutOfTheMessage() throws Exception {
    server = LoopbackServer.start().then(Reply.of(400,
        "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"routing_key "
            + KEY + " is unknown\"]}"));
    Notifier pd = Notifiers.pagerDuty(config().build());

    NotificationDeliveryException e =
        assertThrows(NotificationDeliveryException.class, () -> pd.send(Fixtures.alert()));

    assertEquals(1, server.requests().size());
    assertEquals(400, e.lastStatus().getAsInt());
    assertFalse(e.retryable());
    assertFalse(e.getMessage().contains(KEY), e.getMessage());
    assertTrue(e.getMessage().contains("routing_key **** is unknown"), e.getMessage());
    assertEquals("pagerduty", pd.name());
  }
}
