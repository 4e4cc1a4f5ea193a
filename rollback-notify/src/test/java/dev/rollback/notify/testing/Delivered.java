package dev.rollback.notify.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollback.spi.Audience;
import dev.rollback.spi.Notification;
import dev.rollback.spi.RunOutcome;
import dev.rollback.testkit.http.LoopbackServer;
import java.io.IOException;
import java.util.List;

/**
 * Assertions that a loopback server received one notification in a notifier's own format, for the
 * testkit's {@code NotifierContract}: each checks the fields that tell this notification apart
 * from the others a run sends (its kind, audience, outcome) and the adapter's identity for it
 * (Slack's headline, PagerDuty's dedup key, the webhook's delivery id).
 */
public final class Delivered {
  private Delivered() {}

  /**
   * Returns the newest of the requests {@code server} received since the last look, failing when
   * none arrived.
   */
  public static LoopbackServer.Received newest(LoopbackServer server, String destination) {
    List<LoopbackServer.Received> fresh = server.fresh();
    assertFalse(fresh.isEmpty(), destination + " received nothing");
    return fresh.get(fresh.size() - 1);
  }

  /** Asserts {@code r} is the Slack Block Kit message of {@code n} posted to {@code path}. */
  public static void slack(LoopbackServer.Received r, String path, Notification n) throws IOException {
    assertEquals("POST", r.method());
    assertEquals(path, r.uri().getPath());
    JsonNode msg = Shapes.parse(r.text());
    Shapes.assertSlackMessage(msg);
    String headline = msg.at("/blocks/0/text/text").asText();
    assertTrue(headline.endsWith(" " + n.title()), "headline names the title: " + headline);
    String all = msg.toString();
    assertTrue(all.contains(n.message()), "the message is posted: " + all);
    assertTrue(all.contains("Run " + n.runId().value() + " · " + n.kind()), "context names run and kind: " + all);
    assertEquals(n.audience() == Audience.TEAM_LEAD, all.contains("Escalated to the team lead"),
        "only a team-lead notification carries the escalation banner: " + all);
    RunOutcome outcome = n.outcome();
    if (outcome != null) {
      assertTrue(all.contains("*Outcome*\\n" + outcomeWords(outcome)), "the outcome is shown: " + all);
    } else {
      assertFalse(all.contains("*Outcome*"), "no outcome before the run ends: " + all);
    }
  }

  /**
   * Asserts {@code r} is the PagerDuty Events API v2 event of {@code n} with routing key {@code
   * key}: a resolve when {@code resolves}, otherwise a trigger summarised by the title; either way
   * deduplicated on the run.
   */
  public static void pagerDuty(LoopbackServer.Received r, String key, Notification n, boolean resolves)
      throws IOException {
    assertEquals("POST", r.method());
    JsonNode event = Shapes.parse(r.text());
    assertEquals(key, event.path("routing_key").asText());
    assertEquals("rollback:" + n.runId().value(), event.path("dedup_key").asText());
    if (resolves) {
      Shapes.assertPagerDutyResolve(event);
      return;
    }
    Shapes.assertPagerDutyTrigger(event);
    JsonNode payload = event.path("payload");
    assertEquals(n.title(), payload.path("summary").asText());
    assertEquals(n.deployment().toString(), payload.path("source").asText());
    JsonNode details = payload.path("custom_details");
    assertEquals(n.kind().name(), details.path("kind").asText());
    assertEquals(n.audience().name(), details.path("audience").asText());
    RunOutcome outcome = n.outcome();
    assertEquals(outcome == null ? "" : outcome.name(), details.path("outcome").asText());
  }

  /** Asserts {@code r} is the generic webhook body (schema version 1) of {@code n}. */
  public static void webhook(LoopbackServer.Received r, String path, Notification n) throws IOException {
    assertEquals("POST", r.method());
    assertEquals(path, r.uri().getPath());
    JsonNode body = Shapes.parse(r.text());
    String id = n.runId().value() + ":" + n.kind().name() + ":" + n.audience().name();
    assertEquals("dev.rollback.notification", body.path("schema").asText());
    assertEquals(1, body.path("schema_version").asInt());
    assertEquals(id, body.path("id").asText());
    assertEquals(id, r.header("X-Rollback-Delivery"));
    assertEquals(n.runId().value(), body.path("run_id").asText());
    assertEquals(n.deployment().name(), body.at("/deployment/name").asText());
    assertEquals(n.kind().name(), body.path("kind").asText());
    assertEquals(n.audience().name(), body.path("audience").asText());
    assertEquals(n.severity().name(), body.path("severity").asText());
    assertEquals(n.title(), body.path("title").asText());
    assertEquals(n.message(), body.path("message").asText());
    RunOutcome outcome = n.outcome();
    assertEquals(outcome == null ? null : outcome.name(), body.path("outcome").textValue());
    assertEquals(n.failedStep(), body.path("failed_step").textValue());
    assertEquals(n.cause(), body.path("cause").textValue());
    assertEquals(n.createdAt().toString(), body.path("created_at").asText());
  }

  /** The words Slack shows for each outcome (see the module's Slack tests). */
  private static String outcomeWords(RunOutcome outcome) {
    return switch (outcome) {
      case ROLLED_BACK -> "Rolled back";
      case MANUAL_NEEDED -> "Manual rollback needed";
      case ROLLBACK_FAILED -> "Rollback failed";
      case NEEDS_ATTENTION -> "Needs attention";
    };
  }
}
