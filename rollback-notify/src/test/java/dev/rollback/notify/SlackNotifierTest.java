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
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackNotifierTest {
  private static final String HOOK = "/services/T0001/B0001/XyZsecretToken42";
  private LoopbackServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  private Notifier slack(String mention) {
    return Notifiers.slack(SlackConfig.builder(Secret.of(server.url(HOOK)))
        .teamLeadMention(mention)
        .delivery(Fixtures.fastPolicy().build())
        .build());
  }

  @Test
  void postsABlockKitMessageWithTheRunsFacts() throws Exception {
    server = LoopbackServer.start();
    slack(null).send(Fixtures.finished(RunOutcome.ROLLBACK_FAILED, Severity.CRITICAL));

    LoopbackServer.Received r = server.take();
    assertEquals("POST", r.method());
    assertEquals(HOOK, r.uri().getPath());
    assertTrue(r.header("Content-Type").startsWith("application/json"));
    JsonNode msg = Shapes.parse(r.text());
    Shapes.assertSlackMessage(msg);
    String all = msg.toString();
    assertTrue(msg.at("/blocks/0/text/text").asText().startsWith(":rotating_light: Run run-42 ended"));
    assertEquals("#D32F2F", msg.at("/attachments/0/color").asText());
    assertTrue(all.contains("*Outcome*\\nRollback failed"), all);
    assertTrue(all.contains("*From*\\nv2 (app=registry.example.com/shop/checkout:2.0)"), all);
    assertTrue(all.contains("*To*\\nv1"), all);
    assertTrue(all.contains("*Failed step*\\nWait for pods ready"), all);
    assertTrue(all.contains("*Cause*\\n3 of 5 pods ready at the deadline"), all);
    assertTrue(all.contains("<https://wiki.example.com/postmortems/run-42|Postmortem>"), all);
    assertFalse(all.contains("# Postmortem"), "attachment content is not posted to chat");
  }

  @Test
  void escapesMrkdwnAndRendersFacts() throws Exception {
    server = LoopbackServer.start();
    slack(null).send(Fixtures.alert());

    JsonNode msg = Shapes.parse(server.take().text());
    Shapes.assertSlackMessage(msg);
    assertEquals("Error rate rose after the deploy of v2 &lt;canary&gt; &amp; friends.",
        msg.at("/blocks/1/text/text").asText());
    assertTrue(msg.toString().contains("*detector*\\nerror rate 7.5% &gt; 2% for 5m"));
  }

  @Test
  void aRolledBackRunIsGreenWithACheckMark() throws Exception {
    server = LoopbackServer.start();
    slack(null).send(Fixtures.finished(RunOutcome.ROLLED_BACK, Severity.INFO));

    JsonNode msg = Shapes.parse(server.take().text());
    Shapes.assertSlackMessage(msg);
    assertTrue(msg.at("/blocks/0/text/text").asText().startsWith(":white_check_mark:"));
    assertEquals("#2E7D32", msg.at("/attachments/0/color").asText());
  }

  @Test
  void theTeamLeadEscalationStandsOutAndMentionsTheLead() throws Exception {
    server = LoopbackServer.start();
    slack("<!subteam^S0LEADS>").send(Fixtures.escalation());

    JsonNode msg = Shapes.parse(server.take().text());
    Shapes.assertSlackMessage(msg);
    assertTrue(msg.at("/blocks/0/text/text").asText().startsWith(":sos: Team lead: Smoke tests failed"));
    String banner = msg.at("/blocks/1/text/text").asText();
    assertTrue(banner.startsWith(":sos: *Escalated to the team lead* <!subteam^S0LEADS>"), banner);
  }

  @Test
  void a429IsOneRequestCarryingRetryAfterAndTheEnginesRetryPostsTheSameMessageOnce() throws Exception {
    server = LoopbackServer.start().then(Reply.tooMany("2"));
    Notifier slack = slack(null);

    NotificationDeliveryException e =
        assertThrows(NotificationDeliveryException.class, () -> slack.send(Fixtures.alert()));
    assertEquals(1, server.requests().size());
    assertTrue(e.retryable());
    assertEquals(Optional.of(Duration.ofSeconds(2)), e.retryAfter());

    slack.send(Fixtures.alert()); // what the engine's retry does

    assertEquals(2, server.requests().size());
    assertEquals(server.requests().get(0).text(), server.requests().get(1).text());
  }

  @Test
  void aRefusalFailsAtOnceWithoutShowingTheWebhookUrl() throws Exception {
    server = LoopbackServer.start().then(Reply.of(404, "no_service for " + HOOK));
    Notifier slack = slack(null);

    NotificationDeliveryException e =
        assertThrows(NotificationDeliveryException.class, () -> slack.send(Fixtures.alert()));

    assertEquals(1, server.requests().size());
    assertFalse(e.retryable(), "a 404 is not worth retrying");
    assertEquals("slack", e.destination());
    assertFalse(e.getMessage().contains("XyZsecretToken42"), e.getMessage());
    assertFalse(e.getMessage().contains(String.valueOf(server.url("")).replace("http://", "")), e.getMessage());
    assertTrue(e.getMessage().startsWith("slack refused the notification: status 404"), e.getMessage());
    assertEquals("slack", slack.name());
  }
}
