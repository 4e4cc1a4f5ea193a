package dev.rollback.prometheus.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.prometheus.PrometheusAuth;
import dev.rollback.prometheus.PrometheusConfig;
import dev.rollback.prometheus.PrometheusException;
import dev.rollback.prometheus.testing.StubPrometheus.Answer;
import dev.rollback.prometheus.testing.StubPrometheus;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.TimeWindow;
import dev.rollback.spi.helpers.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Runs a fetch that logs at every level (debug request lines, retry warnings) with credentials
 * configured and a server that echoes them, and checks the log never shows them. slf4j-simple
 * writes to the current {@code System.err}, which the test captures.
 */
class CredentialsNotLoggedTest {
  private static final String PASSWORD = "pw-8d1e6f0a";

  @Test
  void neitherTheLogNorTheExceptionShowsTheCredentials() throws Exception {
    String echo =
        "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"saw {auth}\"}";
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    PrometheusException thrown;
    try (StubPrometheus stub = StubPrometheus.answering(new Answer(503, echo))) {
      PrometheusConfig config =
          PrometheusConfig.builder(stub.baseUrl())
              .metric("error_ratio", "m{namespace=\"{namespace}\"}")
              .auth(PrometheusAuth.basic("reader", PASSWORD))
              .maxAttempts(2)
              .backoff(Duration.ZERO, Duration.ZERO)
              .build();
      PrometheusFetcher fetcher =
          new PrometheusFetcher(config, HttpClient.newHttpClient(), Sleeper.system());
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        thrown =
            assertThrows(
                PrometheusException.class,
                () ->
                    fetcher.fetch(
                        new MetricQuery("error_ratio", DeploymentRef.of("c", "shop", "cart"), null),
                        TimeWindow.ending(Instant.now(), Duration.ofMinutes(5), Duration.ofMinutes(1))));
      } finally {
        System.setErr(original);
      }
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    String encoded =
        Base64.getEncoder().encodeToString(("reader:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    assertTrue(log.contains("Querying") && log.contains("retrying"), "logs were captured: " + log);
    assertTrue(log.contains("saw Basic ****"), log);
    for (String secret : new String[] {PASSWORD, encoded}) {
      assertFalse(log.contains(secret), log);
      assertFalse(thrown.getMessage().contains(secret), thrown.getMessage());
      assertFalse(String.valueOf(thrown.prometheusError()).contains(secret));
    }
  }
}
