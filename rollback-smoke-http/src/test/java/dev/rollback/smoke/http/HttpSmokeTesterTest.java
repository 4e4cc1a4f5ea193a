package dev.rollback.smoke.http;

import static dev.rollback.testkit.http.LoopbackServer.Reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.smoke.http.testing.Fixtures;
import dev.rollback.smoke.http.testing.RecordingSleeper;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.helpers.Secret;
import dev.rollback.testkit.http.LoopbackServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpSmokeTesterTest {
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private LoopbackServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  private SmokeResult run(HttpCheck... checks) throws InterruptedException {
    HttpSmokeConfig config = HttpSmokeConfig.of(checks)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    return SmokeTesters.http(config, sleeper).run(Fixtures.manifest());
  }

  private String base() {
    return server.url("").replaceAll("/$", "");
  }

  @Test
  void rendersServiceAndVersionIntoTheUrlAndPasses() throws Exception {
    server = LoopbackServer.start(Reply.of(200, "{\"status\":\"UP\",\"version\":\"v1\",\"ready\":true}"));

    SmokeResult result = run(
        HttpCheck.get(base() + "/{service}/{version}/health?ns={namespace}&from={from}")
            .expectBodyContains("UP")
            .expectBodyMatches("\"version\"\\s*:\\s*\"v1\"")
            .expectJson("/status", "UP")
            .maxLatency(Duration.ofSeconds(2))
            .build(),
        HttpCheck.get(base() + "/ready").name("ready flag").expectJson("/ready", "true").build());

    assertTrue(result.passed(), result.summary());
    LoopbackServer.Received r = server.take();
    assertEquals("/checkout/v1/health", r.uri().getPath());
    assertEquals("ns=shop&from=v2", r.uri().getQuery());
    assertEquals("GET /{service}/{version}/health", result.checks().get(0).name());
    assertEquals("ready flag", result.checks().get(1).name());
    assertTrue(result.checks().get(0).detail().matches("status 200 in \\d+ ms"), result.checks().get(0).detail());
  }

  @Test
  void aWrongStatusSaysWhatCameAndHowLongItTook() throws Exception {
    server = LoopbackServer.start(Reply.of(503, "database unavailable"));

    SmokeResult result = run(HttpCheck.get(base() + "/healthz").build());

    assertFalse(result.passed());
    SmokeCheck check = result.checks().get(0);
    assertEquals("GET /healthz", check.name());
    assertTrue(check.detail().matches(
        "status 503, expected 200 \\(body database unavailable\\) \\(in \\d+ ms\\)"), check.detail());
    assertTrue(result.summary().contains("failed: GET /healthz (status 503"), result.summary());
  }

  @Test
  void bodyAndJsonExpectationsReportWhatTheyGot() throws Exception {
    server = LoopbackServer.start(Reply.of(200, "{\"status\":\"DEGRADED\",\"db\":{\"ok\":false}}"));

    SmokeResult result = run(
        HttpCheck.get(base() + "/a").expectBodyContains("\"UP\"").build(),
        HttpCheck.get(base() + "/b").expectBodyMatches("^OK$").build(),
        HttpCheck.get(base() + "/c").expectJson("/db/ok", "true").build(),
        HttpCheck.get(base() + "/d").expectJson("/db/latency", "3").build());

    List<SmokeCheck> checks = result.checks();
    assertTrue(checks.stream().noneMatch(SmokeCheck::passed));
    assertTrue(checks.get(0).detail().startsWith(
        "body does not contain '\"UP\"'; got '{\"status\":\"DEGRADED\""), checks.get(0).detail());
    assertTrue(checks.get(1).detail().startsWith("body does not match /^OK$/"), checks.get(1).detail());
    assertTrue(checks.get(2).detail().startsWith("JSON field /db/ok is 'false', expected 'true'"),
        checks.get(2).detail());
    assertTrue(checks.get(3).detail().startsWith("JSON field /db/latency is missing"), checks.get(3).detail());
  }

  @Test
  void aNonJsonBodyFailsTheJsonExpectation() throws Exception {
    server = LoopbackServer.start(Reply.of(200, "<html>maintenance</html>"));

    SmokeCheck check = run(HttpCheck.get(base() + "/x").expectJson("/status", "UP").build()).checks().get(0);

    assertFalse(check.passed());
    assertTrue(check.detail().startsWith("body is not JSON; got '<html>maintenance</html>'"), check.detail());
  }

  @Test
  void aSlowAnswerFailsMaxLatency() throws Exception {
    server = LoopbackServer.start(Reply.of(200, "ok").after(Duration.ofMillis(300)));

    SmokeCheck check = run(HttpCheck.get(base() + "/slow").maxLatency(Duration.ofMillis(100)).build())
        .checks().get(0);

    assertFalse(check.passed());
    assertTrue(check.detail().matches("took \\d+ ms, max 100 ms \\(in \\d+ ms\\)"), check.detail());
    assertTrue(check.duration().compareTo(Duration.ofMillis(300)) >= 0, check.duration().toString());
  }

  @Test
  void theRequiredPassRatioDecidesARepeatedCheck() throws Exception {
    server = LoopbackServer.start(Reply.of(200, "ok"))
        .then(Reply.of(200, "ok"), Reply.of(500, "oops"), Reply.of(200, "ok"), Reply.of(200, "ok"));
    HttpCheck lenient = HttpCheck.get(base() + "/a").repeat(4, 0.75).interval(Duration.ofMillis(50)).build();

    SmokeCheck check = run(lenient).checks().get(0);

    assertTrue(check.passed(), check.detail());
    assertTrue(check.detail().startsWith("3/4 attempts passed, 75% required"), check.detail());
    assertTrue(check.detail().contains("attempt 2: status 500, expected 200"), check.detail());
    assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50)), sleeper.delays());

    server.then(Reply.of(500, "oops"));
    SmokeCheck strict = run(HttpCheck.get(base() + "/a").repeat(4, 1.0).build()).checks().get(0);
    assertFalse(strict.passed());
    assertTrue(strict.detail().startsWith("3/4 attempts passed, 100% required"), strict.detail());
  }

  @Test
  void aDroppedConnectionIsAFailedCheckNotAThrow() throws Exception {
    // Two drops: the JDK client may retry an idempotent GET once on a closed connection.
    server = LoopbackServer.start().then(Reply.dropConnection(), Reply.dropConnection());

    SmokeCheck dropped = run(HttpCheck.get(base() + "/drop").build()).checks().get(0);
    assertFalse(dropped.passed());
    assertTrue(dropped.detail().startsWith("request failed after"), dropped.detail());
  }

  @Test
  void noAnswerWithinTheRequestTimeoutIsAFailedCheck() throws Exception {
    server = LoopbackServer.start(Reply.noAnswer());
    HttpSmokeConfig config = HttpSmokeConfig.of(HttpCheck.get(base() + "/hang").build())
        .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200));
    SmokeCheck hung = SmokeTesters.http(config).run(Fixtures.manifest()).checks().get(0);
    assertFalse(hung.passed());
    assertTrue(hung.detail().startsWith("no response within"), hung.detail());
  }

  @Test
  void postsABodyAndSendsHeadersWithoutReportingThem() throws Exception {
    server = LoopbackServer.start(Reply.of(401, "token tok-77aa99 is not valid"));

    SmokeCheck check = run(HttpCheck.builder("post", base() + "/orders")
            .header("Authorization", Secret.of("Bearer tok-77aa99"))
            .body("{\"dryRun\":true}")
            .expectStatus(201)
            .build())
        .checks().get(0);

    LoopbackServer.Received r = server.take();
    assertEquals("POST", r.method());
    assertEquals("{\"dryRun\":true}", r.text());
    assertEquals("Bearer tok-77aa99", r.header("Authorization"));
    assertFalse(check.passed());
    assertFalse(check.detail().contains("tok-77aa99"), check.detail());
    assertTrue(check.detail().contains("status 401, expected 201 (body token **** is not valid)"), check.detail());
  }
}
