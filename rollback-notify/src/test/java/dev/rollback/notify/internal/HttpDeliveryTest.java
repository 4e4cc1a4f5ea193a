package dev.rollback.notify.internal;

import static dev.rollback.testkit.http.LoopbackServer.Reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.notify.DeliveryPolicy;
import dev.rollback.notify.NotificationDeliveryException;
import dev.rollback.notify.testing.Fixtures;
import dev.rollback.spi.helpers.Redactor;
import dev.rollback.spi.helpers.Secret;
import dev.rollback.testkit.http.LoopbackServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One attempt per send (issue 13: the engine owns retrying): each failure says whether a later
 * attempt may succeed and carries the server's {@code Retry-After}, parsed in both its forms.
 */
class HttpDeliveryTest {
  private static final Instant NOW = Instant.parse("2026-11-27T07:18:00Z");
  private LoopbackServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpDelivery delivery(DeliveryPolicy policy, Secret... secrets) {
    return new HttpDelivery("test-destination", policy, Redactor.of(List.of(secrets)),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private HttpRequest post(HttpDelivery delivery, String path) {
    return delivery.request(URI.create(server.url(path)))
        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build();
  }

  private NotificationDeliveryException fails(HttpDelivery d, String path) {
    return assertThrows(NotificationDeliveryException.class, () -> d.send(post(d, path)));
  }

  @Test
  void a429IsOneRequestRetryableWithRetryAfterSecondsAndTheNextSendDelivers() throws Exception {
    server = LoopbackServer.start().then(Reply.tooMany("7"));
    HttpDelivery d = delivery(Fixtures.fastPolicy().build());

    NotificationDeliveryException e = fails(d, "/hook");

    assertEquals(1, server.requests().size());
    assertTrue(e.retryable());
    assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
    assertEquals(1, e.attempts());
    assertEquals(429, e.lastStatus().getAsInt());
    assertEquals("test-destination did not accept the notification: status 429: rate limited;"
        + " Retry-After 7 s", e.getMessage());
    assertEquals(200, d.send(post(d, "/hook")).statusCode(), "the engine's retry is delivered");
    assertEquals(2, server.requests().size());
  }

  @Test
  void retryAfterAsAnHttpDateIsMeasuredFromTheClock() throws Exception {
    server = LoopbackServer.start().then(Reply.tooMany("Fri, 27 Nov 2026 07:18:04 GMT"));

    NotificationDeliveryException e = fails(delivery(Fixtures.fastPolicy().build()), "/hook");

    assertEquals(Optional.of(Duration.ofSeconds(4)), e.retryAfter());
  }

  @Test
  void retryAfterInThePastAsksForNoWaitAndAMalformedOneForNone() throws Exception {
    server = LoopbackServer.start()
        .then(Reply.tooMany("Fri, 27 Nov 2026 07:00:00 GMT"), Reply.tooMany("soon"), Reply.tooMany("-3"));
    HttpDelivery d = delivery(Fixtures.fastPolicy().build());

    assertEquals(Optional.of(Duration.ZERO), fails(d, "/hook").retryAfter());
    assertEquals(Optional.empty(), fails(d, "/hook").retryAfter());
    assertEquals(Optional.empty(), fails(d, "/hook").retryAfter());
  }

  @Test
  void aLongRetryAfterIsCarriedForTheEngineToJudge() throws Exception {
    server = LoopbackServer.start().then(Reply.tooMany("120"));

    NotificationDeliveryException e = fails(delivery(Fixtures.fastPolicy().build()), "/hook");

    assertEquals(1, e.attempts());
    assertEquals(429, e.lastStatus().getAsInt());
    assertTrue(e.retryable());
    assertEquals(Optional.of(Duration.ofSeconds(120)), e.retryAfter());
    assertEquals(1, server.requests().size());
  }

  @Test
  void a5xxIsOneRequestAndRetryable() throws Exception {
    server = LoopbackServer.start(Reply.of(503, "upstream down"));

    NotificationDeliveryException e = fails(delivery(Fixtures.fastPolicy().build()), "/hook");

    assertEquals(1, server.requests().size());
    assertEquals(1, e.attempts());
    assertEquals(503, e.lastStatus().getAsInt());
    assertTrue(e.retryable());
    assertEquals(Optional.empty(), e.retryAfter());
    assertEquals("test-destination", e.destination());
    assertEquals("test-destination did not accept the notification: status 503: upstream down",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404})
  void aRefusalIsOneRequestAndNotRetryable(int status) throws Exception {
    server = LoopbackServer.start().then(Reply.of(status, "invalid_payload"));

    NotificationDeliveryException e = fails(delivery(Fixtures.fastPolicy().build()), "/hook");

    assertEquals(1, server.requests().size());
    assertFalse(e.retryable());
    assertEquals(Optional.empty(), e.retryAfter());
    assertTrue(e.getMessage().contains("status " + status + ": invalid_payload (not retried)"), e.getMessage());
  }

  @Test
  void aDroppedConnectionIsRetryable() throws Exception {
    server = LoopbackServer.start().then(Reply.dropConnection());
    HttpDelivery d = delivery(Fixtures.fastPolicy().build());

    NotificationDeliveryException e = fails(d, "/hook");

    assertTrue(e.retryable());
    assertTrue(e.lastStatus().isEmpty());
    assertEquals(1, server.requests().size());
    assertEquals(200, d.send(post(d, "/hook")).statusCode(), "the engine's retry is delivered");
  }

  @Test
  void aSlowAnswerTimesOutRetryableWithinTheRequestTimeout() throws Exception {
    server = LoopbackServer.start(Reply.noAnswer());
    HttpDelivery d = delivery(Fixtures.fastPolicy().requestTimeout(Duration.ofMillis(300)).build());

    long start = System.nanoTime();
    NotificationDeliveryException e = fails(d, "/hook");

    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
    assertEquals(1, e.attempts());
    assertTrue(e.retryable());
    assertTrue(e.lastStatus().isEmpty());
    assertTrue(e.getMessage().contains("HttpTimeoutException"), e.getMessage());
    assertEquals(1, server.requests().size());
  }

  @Test
  void connectionRefusedIsRetryableAndReported() throws Exception {
    server = LoopbackServer.start();
    String url = server.url("/hook");
    server.close();
    HttpDelivery d = delivery(Fixtures.fastPolicy().build());

    NotificationDeliveryException e = assertThrows(NotificationDeliveryException.class,
        () -> d.send(d.request(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build()));

    assertEquals(1, e.attempts());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
    server = null;
  }

  @Test
  void secretsEchoedByTheServerAreRedacted() throws Exception {
    server = LoopbackServer.start().then(Reply.of(403, "no such key R0UT1NGKEY99 for /services/T1/B2/sekrit"));
    Secret key = Secret.of("R0UT1NGKEY99");
    Secret url = Secret.of(server.url("/services/T1/B2/sekrit"));
    HttpDelivery d = delivery(Fixtures.fastPolicy().build(), key, url);

    NotificationDeliveryException e = fails(d, "/hook");

    assertFalse(e.getMessage().contains("R0UT1NGKEY99"), e.getMessage());
    assertFalse(e.getMessage().contains("sekrit"), e.getMessage());
    assertTrue(e.getMessage().contains("no such key **** for ****"), e.getMessage());
    assertNull(e.getCause());
  }

  @Test
  void anInterruptWhileWaitingForTheAnswerPropagates() throws Exception {
    server = LoopbackServer.start(Reply.noAnswer());
    HttpDelivery d = delivery(Fixtures.fastPolicy().requestTimeout(Duration.ofSeconds(30)).build());
    Thread.currentThread().interrupt();
    try {
      assertThrows(InterruptedException.class, () -> d.send(post(d, "/hook")));
    } finally {
      Thread.interrupted();
    }
  }
}
