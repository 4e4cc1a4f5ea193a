package dev.rollback.notify;

import static dev.rollback.testkit.http.LoopbackServer.Reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.notify.testing.Fixtures;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Severity;
import dev.rollback.spi.helpers.Secret;
import dev.rollback.testkit.http.LoopbackServer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AudienceRoutingTest {
  private LoopbackServer onCallServer;
  private LoopbackServer leadServer;

  @AfterEach
  void stop() {
    onCallServer.close();
    leadServer.close();
  }

  private Notifier slack(LoopbackServer server, String name) {
    return Notifiers.slack(SlackConfig.builder(Secret.of(server.url("/services/" + name)))
        .name(name).delivery(Fixtures.fastPolicy().build()).build());
  }

  private Notifier webhook(LoopbackServer server, String name) {
    return Notifiers.webhook(WebhookConfig.builder(Secret.of(server.url("/" + name)))
        .name(name).delivery(Fixtures.fastPolicy().build()).build());
  }

  @Test
  void onCallAndTeamLeadGoToTheirOwnDestinations() throws Exception {
    onCallServer = LoopbackServer.start();
    leadServer = LoopbackServer.start();
    Notifier routed = Notifiers.routed(
        AudienceRoutes.of(slack(onCallServer, "oncall")).withTeamLead(slack(leadServer, "leads")));

    routed.send(Fixtures.alert());
    routed.send(Fixtures.escalation());
    routed.send(Fixtures.finished(RunOutcome.NEEDS_ATTENTION, Severity.CRITICAL));

    assertEquals(2, onCallServer.requests().size());
    assertEquals(1, leadServer.requests().size());
    assertTrue(leadServer.requests().get(0).text().contains("Escalated to the team lead"));
    assertEquals("routed", routed.name());
  }

  @Test
  void withoutTeamLeadRoutesEscalationsReachOnCall() throws Exception {
    onCallServer = LoopbackServer.start();
    leadServer = LoopbackServer.start();
    Notifier routed = Notifiers.routed(
        AudienceRoutes.of(slack(onCallServer, "oncall"), webhook(leadServer, "audit")));

    routed.send(Fixtures.escalation());

    assertEquals(1, onCallServer.requests().size());
    assertEquals(1, leadServer.requests().size());
  }

  @Test
  void aFailedDestinationFailsTheSendAndOnlyItIsRetried() throws Exception {
    onCallServer = LoopbackServer.start();
    leadServer = LoopbackServer.start().then(Reply.of(400, "bad request"));
    Notifier routed = Notifiers.routed(AudienceRoutes
        .of(slack(onCallServer, "oncall"), webhook(leadServer, "pager-bridge"))
        .withName("oncall-fanout"));

    NotificationDeliveryException e =
        assertThrows(NotificationDeliveryException.class, () -> routed.send(Fixtures.alert()));
    assertEquals("oncall-fanout", e.destination());
    assertTrue(e.getMessage().contains("pager-bridge (pager-bridge refused the notification: status 400"),
        e.getMessage());
    assertTrue(e.getCause() instanceof NotificationDeliveryException);
    assertFalse(e.retryable(), "the only failure was a refusal");

    routed.send(Fixtures.alert()); // a repeat of the notification (a resumed run, or the engine's retry)

    assertEquals(1, onCallServer.requests().size(), "the chat channel is not posted twice");
    assertEquals(2, leadServer.requests().size());
  }

  @Test
  void aRetryableDestinationMakesTheRouterRetryableWithTheLongestRetryAfter() throws Exception {
    onCallServer = LoopbackServer.start().then(Reply.tooMany("9"));
    leadServer = LoopbackServer.start().then(Reply.of(400, "bad request"));
    Notifier routed = Notifiers.routed(
        AudienceRoutes.of(slack(onCallServer, "oncall"), webhook(leadServer, "pager-bridge")));

    NotificationDeliveryException e =
        assertThrows(NotificationDeliveryException.class, () -> routed.send(Fixtures.alert()));

    assertEquals(2, e.attempts());
    assertTrue(e.retryable(), "the 429 may pass later");
    assertEquals(Optional.of(Duration.ofSeconds(9)), e.retryAfter());
    assertEquals(1, onCallServer.requests().size());
    assertEquals(1, leadServer.requests().size());
  }
}
