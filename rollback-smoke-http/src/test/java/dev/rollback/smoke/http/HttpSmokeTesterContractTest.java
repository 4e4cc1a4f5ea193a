package dev.rollback.smoke.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollback.smoke.http.testing.Fixtures;
import dev.rollback.smoke.http.testing.RecordingSleeper;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.Version;
import dev.rollback.testkit.contract.SmokeTesterContract;
import dev.rollback.testkit.http.LoopbackServer.Reply;
import dev.rollback.testkit.http.LoopbackServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The testkit's {@link SmokeTesterContract} for the HTTP smoke tester. A loopback service answers
 * each version's health path: the restored version {@code v1} is up, {@code v1-broken} answers 503.
 * The check's URL names the version, so the two manifests differ only in {@code to}.
 */
class HttpSmokeTesterContractTest extends SmokeTesterContract {
  private static final Version BROKEN =
      Version.of("v1-broken", "app", "registry.example.com/shop/checkout:1.0-broken");
  private LoopbackServer service;

  @BeforeEach
  void start() throws Exception {
    service = LoopbackServer.start(Reply.of(404, "no such version"))
        .answer("/checkout/v1/health", Reply.of(200, "{\"status\":\"UP\"}"))
        .answer("/checkout/v1-broken/health", Reply.of(503, "{\"status\":\"DOWN\"}"));
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Override
  protected SmokeTester tester() {
    HttpCheck health = HttpCheck.get(service.url("/{service}/{version}/health"))
        .expectJson("/status", "UP")
        .build();
    return SmokeTesters.http(
        HttpSmokeConfig.of(health).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)),
        new RecordingSleeper());
  }

  @Override
  protected RollbackManifest healthyManifest() {
    return Fixtures.manifest();
  }

  @Override
  protected RollbackManifest brokenManifest() {
    RollbackManifest m = Fixtures.manifest();
    return new RollbackManifest(m.runId(), m.deployment(), m.from(), BROKEN, m.scaleDown(), m.preparedAt());
  }

  /** Pins the fixture: the two manifests really reach different answers of the service. */
  @Test
  void theManifestsReachTheirOwnHealthPaths() throws Exception {
    SmokeTester tester = tester();
    tester.run(healthyManifest());
    tester.run(brokenManifest());
    assertEquals(
        List.of("/checkout/v1/health", "/checkout/v1-broken/health"),
        service.requests().stream().map(r -> r.uri().getPath()).toList());
  }
}
