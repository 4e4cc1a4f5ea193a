package dev.rollback.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollback.notify.testing.Fixtures;
import dev.rollback.notify.testing.Shapes;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Severity;
import dev.rollback.spi.helpers.Secret;
import dev.rollback.testkit.http.LoopbackServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {
  private static final String SHARED = "whsec-3a7c1e9b";
  /** The fields WEBHOOK.md documents for schema version 1, every one always present. */
  private static final Set<String> DOCUMENTED = Set.of("schema", "schema_version", "id", "run_id",
      "deployment", "kind", "audience", "severity", "title", "message", "outcome", "from", "to",
      "failed_step", "cause", "facts", "links", "attachments", "created_at");

  private LoopbackServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  private WebhookConfig.Builder config() {
    return WebhookConfig.builder(Secret.of(server.url("/hooks/rollback?token=abc123def")))
        .delivery(Fixtures.fastPolicy().build());
  }

  @Test
  void theBodyHasExactlyTheDocumentedFields() throws Exception {
    server = LoopbackServer.start();
    Notifiers.webhook(config().build()).send(Fixtures.finished(RunOutcome.ROLLBACK_FAILED, Severity.CRITICAL));

    LoopbackServer.Received r = server.take();
    JsonNode body = Shapes.parse(r.text());
    assertEquals(DOCUMENTED, fieldNames(body));
    assertEquals("dev.rollback.notification", body.path("schema").asText());
    assertEquals(1, body.path("schema_version").asInt());
    assertEquals("run-42:RUN_FINISHED:ON_CALL", body.path("id").asText());
    assertEquals(body.path("id").asText(), r.header("X-Rollback-Delivery"));
    assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
    assertEquals("prod-eu", body.at("/deployment/cluster").asText());
    assertEquals("ROLLBACK_FAILED", body.path("outcome").asText());
    assertEquals("v2", body.at("/from/id").asText());
    assertEquals("registry.example.com/shop/checkout:1.0", body.at("/to/images/0/image").asText());
    assertEquals("Wait for pods ready", body.path("failed_step").asText());
    assertEquals("https://wiki.example.com/postmortems/run-42", body.at("/links/0/url").asText());
    assertEquals("text/markdown", body.at("/attachments/0/media_type").asText());
    assertTrue(body.at("/attachments/0/content").asText().startsWith("# Postmortem"));
    assertEquals("2026-11-27T07:23:00Z", body.path("created_at").asText());
    assertNull(r.header(WebhookConfig.DEFAULT_SIGNATURE_HEADER));
  }

  @Test
  void unknownValuesAreNullAndFactsKeepTheirOrder() throws Exception {
    server = LoopbackServer.start();
    Notifiers.webhook(config().includeAttachments(false).build()).send(Fixtures.alert());

    JsonNode body = Shapes.parse(server.take().text());
    assertEquals(DOCUMENTED, fieldNames(body));
    for (String field : List.of("outcome", "to", "failed_step", "cause")) {
      assertTrue(body.path(field).isNull(), field);
    }
    assertEquals("detector", body.at("/facts/0/name").asText());
    assertEquals("p99 latency", body.at("/facts/1/name").asText());
    assertEquals("830 ms", body.at("/facts/1/value").asText());
  }

  @Test
  void attachmentContentsCanBeLeftOut() throws Exception {
    server = LoopbackServer.start();
    Notifiers.webhook(config().includeAttachments(false).build())
        .send(Fixtures.finished(RunOutcome.ROLLED_BACK, Severity.INFO));

    JsonNode body = Shapes.parse(server.take().text());
    assertEquals("run-42-postmortem.md", body.at("/attachments/0/name").asText());
    assertTrue(body.at("/attachments/0/content").isNull());
  }

  @Test
  void theSignatureVerifiesOverTheReceivedBytesAndHeadersAreSent() throws Exception {
    server = LoopbackServer.start();
    Notifiers.webhook(config()
            .signingSecret(Secret.of(SHARED))
            .header("Authorization", Secret.of("Bearer tok-981"))
            .header("X-Team", Secret.of("payments"))
            .build())
        .send(Fixtures.escalation());

    LoopbackServer.Received r = server.take();
    String signature = r.header("X-Rollback-Signature-256");
    assertTrue(signature.matches("sha256=[0-9a-f]{64}"), signature);
    assertTrue(verify(r.body(), signature, SHARED));
    assertFalse(verify(r.body(), signature, "another-secret"));
    assertEquals("Bearer tok-981", r.header("Authorization"));
    assertEquals("payments", r.header("X-Team"));
    assertEquals("token=abc123def", r.uri().getQuery());
  }

  @Test
  void aRetriedDeliveryCarriesTheSameBodyAndSignature() throws Exception {
    server = LoopbackServer.start().then(LoopbackServer.Reply.of(502, "bad gateway"));
    var webhook =
        Notifiers.webhook(config().signatureHeader("X-Signature").signingSecret(Secret.of(SHARED)).build());

    NotificationDeliveryException e =
        assertThrows(NotificationDeliveryException.class, () -> webhook.send(Fixtures.alert()));
    assertTrue(e.retryable(), "a 502 is worth retrying");
    assertEquals(1, server.requests().size());
    webhook.send(Fixtures.alert()); // what the engine's retry does

    List<LoopbackServer.Received> rs = server.requests();
    assertEquals(2, rs.size());
    assertEquals(rs.get(0).text(), rs.get(1).text());
    assertEquals(rs.get(0).header("X-Signature"), rs.get(1).header("X-Signature"));
    assertTrue(verify(rs.get(1).body(), rs.get(1).header("X-Signature"), SHARED));
  }

  @Test
  void failuresNameTheWebhookButNotItsUrlOrHeaders() throws Exception {
    server = LoopbackServer.start(LoopbackServer.Reply.of(503, "token abc123def and Bearer tok-981 rejected"));
    var webhook = Notifiers.webhook(config().name("audit-hook")
        .header("Authorization", Secret.of("Bearer tok-981")).build());

    NotificationDeliveryException e =
        assertThrows(NotificationDeliveryException.class, () -> webhook.send(Fixtures.alert()));

    assertEquals("audit-hook", e.destination());
    assertEquals(1, server.requests().size(), "one request per send");
    assertTrue(e.retryable());
    assertFalse(e.getMessage().contains("abc123def"), e.getMessage());
    assertFalse(e.getMessage().contains("tok-981"), e.getMessage());
    assertFalse(e.getMessage().contains("/hooks/rollback"), e.getMessage());
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static boolean verify(byte[] body, String header, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
  }
}
