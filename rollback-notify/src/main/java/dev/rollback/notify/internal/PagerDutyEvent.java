package dev.rollback.notify.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollback.notify.PagerDutyConfig;
import dev.rollback.notify.PagerDutySeverity;
import dev.rollback.spi.Attachment;
import dev.rollback.spi.Link;
import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.helpers.Excerpt;
import java.util.Locale;

/**
 * Renders PagerDuty Events API v2 events: {@code trigger} with {@code payload.summary}, {@code
 * source}, {@code severity}, {@code timestamp}, {@code component}, {@code group}, {@code class}
 * and {@code custom_details}, and {@code resolve}. Texts are cut to PagerDuty's limits.
 */
final class PagerDutyEvent {
  private static final int SUMMARY_MAX = 1024;
  private static final int DETAIL_MAX = 4000;

  private PagerDutyEvent() {}

  /** Returns the deduplication key of every event of the run. */
  static String dedupKey(Notification n) {
    return "rollback:" + n.runId().value();
  }

  /** Returns whether {@code n} resolves the run's alert rather than triggering one. */
  static boolean resolves(Notification n, PagerDutyConfig config) {
    return config.resolveWhenRolledBack()
        && n.kind() == NotificationKind.RUN_FINISHED
        && n.outcome() == RunOutcome.ROLLED_BACK;
  }

  static ObjectNode resolve(Notification n, String routingKey) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("routing_key", routingKey);
    event.put("event_action", "resolve");
    event.put("dedup_key", dedupKey(n));
    return event;
  }

  static ObjectNode trigger(Notification n, PagerDutyConfig config, String routingKey) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("routing_key", routingKey);
    event.put("event_action", "trigger");
    event.put("dedup_key", dedupKey(n));
    ObjectNode payload = event.putObject("payload");
    payload.put("summary", Excerpt.truncate(n.title(), SUMMARY_MAX));
    String source = config.source();
    payload.put("source", source == null ? n.deployment().toString() : source);
    payload.put("severity", severity(n, config).wireValue());
    payload.put("timestamp", n.createdAt().toString());
    payload.put("component", n.deployment().name());
    payload.put("group", n.deployment().namespace());
    payload.put("class", n.kind().name().toLowerCase(Locale.ROOT));
    payload.set("custom_details", details(n));
    event.put("client", "rollback");
    if (!n.links().isEmpty()) {
      ArrayNode links = event.putArray("links");
      for (Link link : n.links()) {
        links.addObject().put("href", link.uri().toString()).put("text", link.label());
      }
    }
    return event;
  }

  static PagerDutySeverity severity(Notification n, PagerDutyConfig config) {
    RunOutcome outcome = n.outcome();
    if (n.kind() == NotificationKind.RUN_FINISHED && outcome != null) {
      PagerDutySeverity mapped = config.outcomeSeverities().get(outcome);
      if (mapped != null) {
        return mapped;
      }
    }
    return switch (n.severity()) {
      case CRITICAL -> PagerDutySeverity.CRITICAL;
      case WARNING -> PagerDutySeverity.WARNING;
      case INFO -> PagerDutySeverity.INFO;
    };
  }

  private static ObjectNode details(Notification n) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("run_id", n.runId().value());
    d.put("deployment", n.deployment().toString());
    d.put("kind", n.kind().name());
    d.put("audience", n.audience().name());
    d.put("severity", n.severity().name());
    RunOutcome outcome = n.outcome();
    if (outcome != null) {
      d.put("outcome", outcome.name());
    }
    if (n.from() != null) {
      d.put("from", Wording.version(n.from()));
    }
    if (n.to() != null) {
      d.put("to", Wording.version(n.to()));
    }
    if (n.failedStep() != null) {
      d.put("failed_step", n.failedStep());
    }
    if (n.cause() != null) {
      d.put("cause", Excerpt.truncate(n.cause(), DETAIL_MAX));
    }
    d.put("message", Excerpt.truncate(n.message(), DETAIL_MAX));
    ObjectNode facts = d.putObject("facts");
    n.facts().forEach((k, v) -> facts.put(k, Excerpt.truncate(v, DETAIL_MAX)));
    if (!n.attachments().isEmpty()) {
      ArrayNode names = d.putArray("attachments");
      for (Attachment a : n.attachments()) {
        names.add(a.name());
      }
    }
    return d;
  }
}
