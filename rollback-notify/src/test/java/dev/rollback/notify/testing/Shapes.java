package dev.rollback.notify.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/**
 * Checks received bodies against the documented shapes of Slack's Block Kit (incoming webhooks)
 * and PagerDuty's Events API v2.
 */
public final class Shapes {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> BLOCK_TYPES = Set.of("header", "section", "context", "divider", "actions");
  private static final Set<String> PD_SEVERITIES = Set.of("critical", "error", "warning", "info");

  private Shapes() {}

  public static JsonNode parse(String body) throws IOException {
    return JSON.readTree(body);
  }

  /** Asserts {@code message} is a valid incoming-webhook Block Kit message. */
  public static void assertSlackMessage(JsonNode message) {
    assertTrue(message.path("text").isTextual(), "fallback text");
    assertBlocks(message.path("blocks"));
    for (JsonNode attachment : message.path("attachments")) {
      assertTrue(attachment.path("color").asText().matches("#[0-9A-Fa-f]{6}"), "attachment color");
      assertBlocks(attachment.path("blocks"));
    }
  }

  private static void assertBlocks(JsonNode blocks) {
    assertTrue(blocks.isArray() && blocks.size() > 0 && blocks.size() <= 50, "1 to 50 blocks: " + blocks);
    for (JsonNode block : blocks) {
      String type = block.path("type").asText();
      assertTrue(BLOCK_TYPES.contains(type), "block type " + type);
      switch (type) {
        case "header" -> {
          assertEquals("plain_text", block.at("/text/type").asText());
          assertTrue(block.at("/text/text").asText().length() <= 150, "header at most 150");
        }
        case "section" -> {
          JsonNode text = block.path("text");
          JsonNode fields = block.path("fields");
          assertTrue(text.isObject() || fields.isArray(), "section needs text or fields");
          if (text.isObject()) {
            assertTextObject(text, 3000);
          }
          if (fields.isArray()) {
            assertTrue(fields.size() >= 1 && fields.size() <= 10, "1 to 10 fields");
            fields.forEach(f -> assertTextObject(f, 2000));
          }
        }
        case "context" -> {
          JsonNode elements = block.path("elements");
          assertTrue(elements.size() >= 1 && elements.size() <= 10, "1 to 10 context elements");
          elements.forEach(e -> assertTextObject(e, 3000));
        }
        default -> { }
      }
    }
  }

  private static void assertTextObject(JsonNode text, int max) {
    String type = text.path("type").asText();
    assertTrue(type.equals("mrkdwn") || type.equals("plain_text"), "text type " + type);
    String t = text.path("text").asText();
    assertFalse(t.isEmpty(), "text must not be empty");
    assertTrue(t.length() <= max, "text at most " + max);
  }

  /** Asserts {@code event} is a valid Events API v2 trigger. */
  public static void assertPagerDutyTrigger(JsonNode event) {
    assertFalse(event.path("routing_key").asText().isEmpty(), "routing_key");
    assertEquals("trigger", event.path("event_action").asText());
    String dedup = event.path("dedup_key").asText();
    assertTrue(!dedup.isEmpty() && dedup.length() <= 255, "dedup_key");
    JsonNode payload = event.path("payload");
    String summary = payload.path("summary").asText();
    assertTrue(!summary.isEmpty() && summary.length() <= 1024, "payload.summary");
    assertFalse(payload.path("source").asText().isEmpty(), "payload.source");
    assertTrue(PD_SEVERITIES.contains(payload.path("severity").asText()), "payload.severity");
    if (payload.has("custom_details")) {
      assertTrue(payload.path("custom_details").isObject(), "custom_details is an object");
    }
    for (JsonNode link : event.path("links")) {
      assertTrue(link.path("href").isTextual(), "links[].href");
    }
  }

  /** Asserts {@code event} is a valid Events API v2 resolve. */
  public static void assertPagerDutyResolve(JsonNode event) {
    assertFalse(event.path("routing_key").asText().isEmpty(), "routing_key");
    assertEquals("resolve", event.path("event_action").asText());
    assertFalse(event.path("dedup_key").asText().isEmpty(), "dedup_key");
  }
}
