package dev.rollback.notify.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollback.spi.Audience;
import dev.rollback.spi.Link;
import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.helpers.Excerpt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders a notification as a Slack incoming-webhook message in Block Kit: top-level {@code
 * blocks} (header with an emoji by severity, an escalation banner for the team lead, the message)
 * and one {@code attachments} entry coloured by severity that holds the facts, the links and the
 * run's context. Texts are cut to Slack's limits and mrkdwn-escaped.
 */
final class SlackMessage {
  private static final int HEADER_MAX = 150;
  private static final int SECTION_MAX = 3000;
  private static final int FIELD_MAX = 2000;
  private static final int FIELDS_PER_SECTION = 10;

  private SlackMessage() {}

  static ObjectNode render(Notification n, @Nullable String teamLeadMention) {
    boolean escalation = isEscalation(n);
    String headline = emoji(n) + " " + (escalation ? "Team lead: " : "") + n.title();
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("text", Excerpt.truncate(headline, SECTION_MAX));

    ArrayNode blocks = root.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", Excerpt.truncate(headline, HEADER_MAX)).put("emoji", true);
    if (escalation) {
      String mention = teamLeadMention == null ? "" : " " + teamLeadMention;
      section(blocks, ":sos: *Escalated to the team lead*" + mention
          + ": the rolled-back version needs attention.");
    }
    if (!n.message().isBlank()) {
      section(blocks, escape(n.message()));
    }

    ObjectNode attachment = root.putArray("attachments").addObject();
    attachment.put("color", color(n));
    attachment.put("fallback", Excerpt.truncate(headline, SECTION_MAX));
    ArrayNode details = attachment.putArray("blocks");
    fields(details, summaryFields(n));
    if (n.cause() != null) {
      section(details, "*Cause*\n" + escape(n.cause()));
    }
    fields(details, factFields(n.facts()));
    if (!n.links().isEmpty()) {
      List<String> links = new ArrayList<>();
      for (Link link : n.links()) {
        links.add("<" + link.uri() + "|" + escape(link.label()) + ">");
      }
      section(details, ":page_facing_up: " + String.join("  ·  ", links));
    }
    ObjectNode context = details.addObject().put("type", "context");
    context.putArray("elements").addObject().put("type", "mrkdwn").put("text",
        Excerpt.truncate(escape("Run " + n.runId() + " · " + n.kind() + " · for "
            + (n.audience() == Audience.TEAM_LEAD ? "team lead" : "on-call") + " · "
            + n.severity() + " · " + n.createdAt()), SECTION_MAX));
    return root;
  }

  private static boolean isEscalation(Notification n) {
    return n.kind() == NotificationKind.ESCALATION || n.audience() == Audience.TEAM_LEAD;
  }

  private static List<String> summaryFields(Notification n) {
    List<String> fields = new ArrayList<>();
    if (n.outcome() != null) {
      fields.add("*Outcome*\n" + Wording.outcome(n.outcome()));
    }
    fields.add("*Deployment*\n" + escape(n.deployment().toString()));
    if (n.from() != null) {
      fields.add("*From*\n" + escape(Wording.version(n.from())));
    }
    if (n.to() != null) {
      fields.add("*To*\n" + escape(Wording.version(n.to())));
    }
    if (n.failedStep() != null) {
      fields.add("*Failed step*\n" + escape(n.failedStep()));
    }
    return fields;
  }

  private static List<String> factFields(Map<String, String> facts) {
    List<String> fields = new ArrayList<>();
    facts.forEach((k, v) -> fields.add("*" + escape(k) + "*\n" + escape(v)));
    return fields;
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    blocks.addObject().put("type", "section").putObject("text")
        .put("type", "mrkdwn").put("text", Excerpt.truncate(mrkdwn, SECTION_MAX));
  }

  private static void fields(ArrayNode blocks, List<String> texts) {
    for (int i = 0; i < texts.size(); i += FIELDS_PER_SECTION) {
      ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
      for (String t : texts.subList(i, Math.min(texts.size(), i + FIELDS_PER_SECTION))) {
        fields.addObject().put("type", "mrkdwn").put("text", Excerpt.truncate(t, FIELD_MAX));
      }
    }
  }

  static String emoji(Notification n) {
    if (n.kind() == NotificationKind.ESCALATION) {
      return ":sos:";
    }
    if (n.outcome() == RunOutcome.ROLLED_BACK) {
      return ":white_check_mark:";
    }
    return switch (n.severity()) {
      case CRITICAL -> ":rotating_light:";
      case WARNING -> ":warning:";
      case INFO -> ":information_source:";
    };
  }

  static String color(Notification n) {
    return switch (n.severity()) {
      case CRITICAL -> "#D32F2F";
      case WARNING -> "#F9A825";
      case INFO -> "#2E7D32";
    };
  }

  /** Escapes the three characters Slack's mrkdwn treats as control characters. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
