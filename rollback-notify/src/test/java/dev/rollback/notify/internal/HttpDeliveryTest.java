package dev.rollback.notify.internal;

import static dev.rollback.notify.testing.LoopbackServer.Reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.notify.DeliveryPolicy;
import dev.rollback.notify.NotificationDeliveryException;
import dev.rollback.notify.Secret;
import dev.rollback.notify.testing.Fixtures;
import dev.rollback.notify.testing.LoopbackServer;
import dev.rollback.notify.testing.RecordingSleeper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpDeliveryTest {
  private static final Instant NOW = Instant.parse("2026-11-27T07:18:00Z");
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private LoopbackServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpDelivery delivery(DeliveryPolicy policy, Secret... secrets) {
    return new HttpDelivery("test-destination", policy, Redactor.of(List.of(secrets)), () -> 0.5,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private HttpRequest post(HttpDelivery delivery, String path) {
    return delivery.request(URI.create(server.url(path)))
        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build();
  }

  @Test
  void waitsAsLongAsRetryAfterSecondsThenDelivers() throws Exception {
    server = LoopbackServer.start().then(Reply.tooMany("7"));
    HttpDelivery d = delivery(Fixtures.fastPolicy(sleeper).maxRetryAfter(Duration.ofSeconds(10)).build());

    assertEquals(200, d.send(post(d, "/hook")).statusCode());

    assertEquals(List.of(Duration.ofSeconds(7)), sleeper.delays());
    assertEquals(2, server.requests().size());
  }

  @Test
  void honoursRetryAfterAsHttpDate() throws Exception {
    server = LoopbackServer.start().then(Reply.tooMany("Fri, 27 Nov 2026 07:18:04 GMT"));
    HttpDelivery d = delivery(Fixtures.fastPolicy(sleeper).build());

    d.send(post(d, "/hook"));

    assertEquals(List.of(Duration.ofSeconds(4)), sleeper.delays());
  }

  @Test
  void retryAfterShorterThanBackoffKeepsTheBackoff() throws Exception {
    server = LoopbackServer.start().then(Reply.tooMany("0"));
    HttpDelivery d = delivery(Fixtures.fastPolicy(sleeper).build());

    d.send(post(d, "/hook"));

    assertEquals(List.of(Duration.ofMillis(100)), sleeper.delays());
  }

  @Test
  void retryAfterBeyondTheCapEndsAtOnceInsteadOfRetryingEarly() throws Exception {
    server = LoopbackServer.start().then(Reply.tooMany("120"));
    HttpDelivery d = delivery(Fixtures.fastPolicy(sleeper).maxRetryAfter(Duration.ofSeconds(30)).build());

    NotificationDeliveryException e =
        assertThrows(NotificationDeliveryException.class, () -> d.send(post(d, "/hook")));

    assertEquals(1, e.attempts());
    assertEquals(429, e.lastStatus().getAsInt());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("Retry-After 120 s exceeds maxRetryAfter 30 s"), e.getMessage());
    assertEquals(List.of(), sleeper.delays());
  }

  @Test
  void retries5xxWithDoublingBackoffAndGivesUpAfterTheBudget() throws Exception {
    server = LoopbackServer.start(Reply.of(503, "upstream down"));
    HttpDelivery d = delivery(Fixtures.fastPolicy(sleeper).maxAttempts(4).maxBackoff(Duration.ofMillis(300)).build());

    NotificationDeliveryException e =
        assertThrows(NotificationDeliveryException.class, () -> d.send(post(d, "/hook")));

    assertEquals(4, server.requests().size());
    assertEquals(4, e.attempts());
    assertEquals(503, e.lastStatus().getAsInt());
    assertEquals("test-destination", e.destination());
    assertEquals(
        "test-destination did not accept the notification after 4 attempt(s): status 503: upstream down",
        e.getMessage());
    assertEquals(
        List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300)), sleeper.delays());
  }

  @Test
  void doesNotRetryOther4xx() throws Exception {
    server = LoopbackServer.start().then(Reply.of(400, "invalid_payload"));
    HttpDelivery d = delivery(Fixtures.fastPolicy(sleeper).build());

    NotificationDeliveryException e =
        assertThrows(NotificationDeliveryException.class, () -> d.send(post(d, "/hook")));

    assertEquals(1, server.requests().size());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("status 400: invalid_payload (not retried)"), e.getMessage());
    assertEquals(List.of(), sleeper.delays());
  }

  @Test
  void retriesADroppedConnection() throws Exception {
    server = LoopbackServer.start().then(Reply.dropConnection());
    HttpDelivery d = delivery(Fixtures.fastPolicy(sleeper).build());

    assertEquals(200, d.send(post(d, "/hook")).statusCode());

    assertEquals(2, server.requests().size());
    assertEquals(1, sleeper.delays().size());
  }

  @Test
  void aSlowAnswerTimesOutAndIsRetried() throws Exception {
    server = LoopbackServer.start().then(Reply.noAnswer());
    HttpDelivery d = delivery(Fixtures.fastPolicy(sleeper).requestTimeout(Duration.ofMillis(300)).build());

    long start = System.nanoTime();
    assertEquals(200, d.send(post(d, "/hook")).statusCode());

    assertEquals(2, server.requests().size());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
  }

  @Test
  void allTimeoutsEndInAnExceptionSayingWhat() throws Exception {
    server = LoopbackServer.start(Reply.noAnswer());
    HttpDelivery d = delivery(Fixtures.fastPolicy(sleeper).maxAttempts(2).requestTimeout(Duration.ofMillis(200)).build());

    NotificationDeliveryException e =
        assertThrows(NotificationDeliveryException.class, () -> d.send(post(d, "/hook")));

    assertEquals(2, e.attempts());
    assertTrue(e.lastStatus().isEmpty());
    assertTrue(e.getMessage().contains("HttpTimeoutException"), e.getMessage());
  }

  @Test
  void connectionRefusedIsRetriedThenReported() throws Exception {
    server = LoopbackServer.start();
    String url = server.url("/hook");
    server.close();
    HttpDelivery d = delivery(Fixtures.fastPolicy(sleeper).build());

    NotificationDeliveryException e = assertThrows(NotificationDeliveryException.class,
        () -> d.send(d.request(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build()));

    assertEquals(3, e.attempts());
    assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
    server = null;
  }

  @Test
  void secretsEchoedByTheServerAreRedacted() throws Exception {
    server = LoopbackServer.start().then(Reply.of(403, "no such key R0UT1NGKEY99 for /services/T1/B2/sekrit"));
    Secret key = Secret.of("R0UT1NGKEY99");
    Secret url = Secret.of(server.url("/services/T1/B2/sekrit"));
    HttpDelivery d = delivery(Fixtures.fastPolicy(sleeper).build(), key, url);

    NotificationDeliveryException e =
        assertThrows(NotificationDeliveryException.class, () -> d.send(post(d, "/hook")));

    assertFalse(e.getMessage().contains("R0UT1NGKEY99"), e.getMessage());
    assertFalse(e.getMessage().contains("sekrit"), e.getMessage());
    assertTrue(e.getMessage().contains("no such key **** for ****"), e.getMessage());
    assertNull(e.getCause());
  }

  @Test
  void anInterruptDuringTheBackoffPropagates() throws Exception {
    server = LoopbackServer.start(Reply.of(500, "boom"));
    HttpDelivery d = delivery(DeliveryPolicy.builder(Fixtures.fastPolicy(sleeper).build())
        .sleeper(duration -> {
          throw new InterruptedException("stop");
        }).build());

    assertThrows(InterruptedException.class, () -> d.send(post(d, "/hook")));
    assertEquals(1, server.requests().size());
  }
}
