package dev.rollback.notify.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollback.spi.Attachment;
import dev.rollback.spi.ContainerImage;
import dev.rollback.spi.Link;
import dev.rollback.spi.Notification;
import dev.rollback.spi.Version;
import org.jspecify.annotations.Nullable;

/**
 * Renders the generic webhook's body, schema version 1, exactly as {@code WEBHOOK.md} documents
 * it. Every field is always present (null when unknown) so receivers see one stable shape.
 */
final class WebhookBody {
  static final String SCHEMA = "dev.rollback.notification";
  static final int SCHEMA_VERSION = 1;

  private WebhookBody() {}

  /** Returns the idempotency id: the same for every retry and resume of one notification. */
  static String id(Notification n) {
    return n.runId().value() + ":" + n.kind().name() + ":" + n.audience().name();
  }

  static ObjectNode render(Notification n, boolean includeAttachments) {
    ObjectNode b = Json.MAPPER.createObjectNode();
    b.put("schema", SCHEMA);
    b.put("schema_version", SCHEMA_VERSION);
    b.put("id", id(n));
    b.put("run_id", n.runId().value());
    b.putObject("deployment")
        .put("cluster", n.deployment().cluster())
        .put("namespace", n.deployment().namespace())
        .put("name", n.deployment().name());
    b.put("kind", n.kind().name());
    b.put("audience", n.audience().name());
    b.put("severity", n.severity().name());
    b.put("title", n.title());
    b.put("message", n.message());
    b.put("outcome", n.outcome() == null ? null : n.outcome().name());
    version(b, "from", n.from());
    version(b, "to", n.to());
    b.put("failed_step", n.failedStep());
    b.put("cause", n.cause());
    ArrayNode facts = b.putArray("facts");
    n.facts().forEach((k, v) -> facts.addObject().put("name", k).put("value", v));
    ArrayNode links = b.putArray("links");
    for (Link link : n.links()) {
      links.addObject().put("label", link.label()).put("url", link.uri().toString());
    }
    ArrayNode attachments = b.putArray("attachments");
    for (Attachment a : n.attachments()) {
      ObjectNode o = attachments.addObject().put("name", a.name()).put("media_type", a.mediaType());
      o.put("content", includeAttachments ? a.content() : null);
    }
    b.put("created_at", n.createdAt().toString());
    return b;
  }

  private static void version(ObjectNode b, String field, @Nullable Version v) {
    if (v == null) {
      b.putNull(field);
      return;
    }
    ObjectNode o = b.putObject(field).put("id", v.id());
    ArrayNode images = o.putArray("images");
    for (ContainerImage i : v.images()) {
      images.addObject().put("container", i.container()).put("image", i.image().value());
    }
  }
}
