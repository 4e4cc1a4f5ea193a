package dev.rollback.prometheus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.prometheus.PrometheusAuth;
import dev.rollback.prometheus.PrometheusConfig;
import dev.rollback.prometheus.PrometheusException.Kind;
import dev.rollback.prometheus.PrometheusException;
import dev.rollback.prometheus.testing.FreePort;
import dev.rollback.prometheus.testing.StubPrometheus.Answer;
import dev.rollback.prometheus.testing.StubPrometheus;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.TimeWindow;
import dev.rollback.spi.helpers.RollbackException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a real Prometheus cannot show: headers sent, transient failures retried with a bounded
 * backoff, timeouts, interrupts, odd answers. Runs against {@link StubPrometheus}.
 */
class PrometheusFetcherHttpTest {
  private static final MetricQuery QUERY =
      new MetricQuery("error_ratio", DeploymentRef.of("prod", "shop", "cart"), "v2");
  private static final TimeWindow WINDOW =
      new TimeWindow(
          Instant.ofEpochSecond(1_700_000_000),
          Instant.ofEpochSecond(1_700_000_060, 500_000_000),
          Duration.ofSeconds(30));
  private static final String TOKEN = "tok-3f9a2b7c";
  private static final String UNAVAILABLE_JSON =
      "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"too busy\"}";

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  private PrometheusConfig.Builder config(URI baseUrl) {
    return PrometheusConfig.builder(baseUrl)
        .metric("error_ratio", "m{namespace=\"{namespace}\",version=\"{version}\"}")
        .backoff(Duration.ofMillis(100), Duration.ofMillis(250));
  }

  private PrometheusFetcher fetcher(PrometheusConfig config) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .build();
    return new PrometheusFetcher(config, client, sleeps::add);
  }

  @Test
  void postsTheRenderedQueryAndWindowToQueryRange() throws Exception {
    try (StubPrometheus stub = StubPrometheus.answering(new Answer(200, StubPrometheus.ONE_SERIES))) {
      MetricSeries series =
          fetcher(config(stub.baseUrl()).requestTimeout(Duration.ofSeconds(7)).build())
              .fetch(QUERY, WINDOW);

      StubPrometheus.Request request = stub.requests().get(0);
      assertEquals("POST", request.method());
      assertEquals("/api/v1/query_range", request.path());
      assertEquals(
          "query=m{namespace=\"shop\",version=\"v2\"}&start=1700000000&end=1700000060.5"
              + "&step=30&timeout=7000ms",
          URLDecoder.decode(request.body(), StandardCharsets.UTF_8));
      assertEquals("", request.authorization());
      assertEquals(2, series.samples().size());
      assertEquals(Instant.ofEpochSecond(1_700_000_060, 500_000_000), series.samples().get(1).at());
      assertTrue(Double.isNaN(series.samples().get(1).value()));
    }
  }

  @Test
  void aWindowOfOneInstantUsesTheInstantQueryEndpoint() throws Exception {
    String vector =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
            + "\"value\":[1700000000,\"+Inf\"]}]}}";
    try (StubPrometheus stub = StubPrometheus.answering(new Answer(200, vector))) {
      Instant t = Instant.ofEpochSecond(1_700_000_000);
      MetricSeries series =
          fetcher(config(stub.baseUrl()).build())
              .fetch(QUERY, new TimeWindow(t, t, Duration.ofMinutes(1)));

      assertEquals("/api/v1/query", stub.requests().get(0).path());
      assertTrue(stub.requests().get(0).body().contains("time=1700000000"));
      assertEquals(Double.POSITIVE_INFINITY, series.samples().get(0).value());
    }
  }

  @Test
  void bearerTokenIsSentAsAuthorizationHeader() throws Exception {
    try (StubPrometheus stub = StubPrometheus.answering(new Answer(200, StubPrometheus.ONE_SERIES))) {
      fetcher(config(stub.baseUrl()).auth(PrometheusAuth.bearer(TOKEN)).build()).fetch(QUERY, WINDOW);

      assertEquals("Bearer " + TOKEN, stub.requests().get(0).authorization());
    }
  }

  @Test
  void basicCredentialsAreSentAsAuthorizationHeader() throws Exception {
    try (StubPrometheus stub = StubPrometheus.answering(new Answer(200, StubPrometheus.ONE_SERIES))) {
      fetcher(config(stub.baseUrl()).auth(PrometheusAuth.basic("reader", "pä ss:w0rd")).build())
          .fetch(QUERY, WINDOW);

      String expected =
          Base64.getEncoder()
              .encodeToString("reader:pä ss:w0rd".getBytes(StandardCharsets.UTF_8));
      assertEquals("Basic " + expected, stub.requests().get(0).authorization());
    }
  }

  @Test
  void a503ThenSuccessIsRetriedAfterTheInitialBackoff() throws Exception {
    try (StubPrometheus stub =
        StubPrometheus.answering(
            new Answer(503, UNAVAILABLE_JSON), new Answer(200, StubPrometheus.ONE_SERIES))) {
      MetricSeries series = fetcher(config(stub.baseUrl()).build()).fetch(QUERY, WINDOW);

      assertEquals(2, series.samples().size());
      assertEquals(2, stub.requests().size());
      assertEquals(List.of(Duration.ofMillis(100)), sleeps);
    }
  }

  @Test
  void retriesAreBoundedAndBackoffDoublesUpToItsCap() throws Exception {
    try (StubPrometheus stub = StubPrometheus.answering(new Answer(503, UNAVAILABLE_JSON))) {
      PrometheusException e =
          assertThrows(
              PrometheusException.class,
              () -> fetcher(config(stub.baseUrl()).maxAttempts(4).build()).fetch(QUERY, WINDOW));

      assertEquals(4, stub.requests().size());
      assertEquals(
          List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250)), sleeps);
      assertEquals(Kind.UNAVAILABLE, e.kind());
      assertEquals("unavailable", e.errorType());
      assertTrue(e.getMessage().contains("gave up after 4 attempts"), e.getMessage());
      assertTrue(e.getMessage().contains("too busy"), e.getMessage());
    }
  }

  @Test
  void aRejectedQueryIsNotRetried() throws Exception {
    String badData = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}";
    try (StubPrometheus stub = StubPrometheus.answering(new Answer(400, badData))) {
      PrometheusException e =
          assertThrows(
              PrometheusException.class,
              () -> fetcher(config(stub.baseUrl()).build()).fetch(QUERY, WINDOW));

      assertEquals(Kind.QUERY_REJECTED, e.kind());
      assertInstanceOf(RollbackException.class, e, "every library exception shares the root");
      assertEquals(1, stub.requests().size());
      assertEquals(List.of(), sleeps);
    }
  }

  @Test
  void refusedCredentialsFailAtOnceWithoutShowingThem() throws Exception {
    try (StubPrometheus stub = StubPrometheus.answering(new Answer(401, "no: {auth}"))) {
      PrometheusException e =
          assertThrows(
              PrometheusException.class,
              () ->
                  fetcher(config(stub.baseUrl()).auth(PrometheusAuth.bearer(TOKEN)).build())
                      .fetch(QUERY, WINDOW));

      assertEquals(Kind.AUTHENTICATION_FAILED, e.kind());
      assertEquals(1, stub.requests().size());
      assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
      assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    }
  }

  @Test
  void credentialsEchoedByAProxyAreMaskedInTheMessage() throws Exception {
    String echo = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"header was {auth}\"}";
    try (StubPrometheus stub = StubPrometheus.answering(new Answer(400, echo))) {
      PrometheusException e =
          assertThrows(
              PrometheusException.class,
              () ->
                  fetcher(config(stub.baseUrl()).auth(PrometheusAuth.basic("u", "hunter2")).build())
                      .fetch(QUERY, WINDOW));

      String encoded = Base64.getEncoder().encodeToString("u:hunter2".getBytes(StandardCharsets.UTF_8));
      assertEquals("header was Basic ****", e.prometheusError());
      assertFalse(e.getMessage().contains(encoded), e.getMessage());
      assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
  }

  @Test
  void anAnswerThatNeverComesTimesOutEachAttempt() throws Exception {
    try (StubPrometheus stub = StubPrometheus.answering(Answer.HANG)) {
      PrometheusConfig config =
          config(stub.baseUrl()).requestTimeout(Duration.ofMillis(200)).maxAttempts(2).build();
      long start = System.nanoTime();

      PrometheusException e =
          assertThrows(PrometheusException.class, () -> fetcher(config).fetch(QUERY, WINDOW));

      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(Kind.UNAVAILABLE, e.kind());
      assertTrue(e.getMessage().contains("no answer within PT0.2S"), e.getMessage());
      assertEquals(2, stub.requests().size());
      assertTrue(millis >= 400 && millis < 10_000, "took " + millis + " ms");
    }
  }

  @Test
  void anUnreachableServerIsUnavailableAfterEveryAttempt() {
    URI closed = URI.create("http://127.0.0.1:" + FreePort.find() + "/");

    PrometheusException e =
        assertThrows(
            PrometheusException.class,
            () -> fetcher(config(closed).maxAttempts(3).build()).fetch(QUERY, WINDOW));

    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertTrue(e.getMessage().contains("could not connect"), e.getMessage());
    assertTrue(e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
    assertEquals(2, sleeps.size());
  }

  @Test
  void interruptingTheCallerStopsTheFetchWithInterruptedException() throws Exception {
    try (StubPrometheus stub = StubPrometheus.answering(Answer.HANG)) {
      PrometheusFetcher fetcher =
          fetcher(config(stub.baseUrl()).requestTimeout(Duration.ofSeconds(60)).build());
      CompletableFuture<Throwable> outcome = new CompletableFuture<>();
      Thread caller =
          new Thread(
              () -> {
                try {
                  fetcher.fetch(QUERY, WINDOW);
                  outcome.complete(null);
                } catch (Throwable t) {
                  outcome.complete(t);
                }
              });
      caller.start();
      assertNotNull(stub.awaitRequest(10), "the request reached the stub");

      caller.interrupt();

      assertInstanceOf(InterruptedException.class, outcome.get(10, TimeUnit.SECONDS));
      assertEquals(1, stub.requests().size());
    }
  }

  @Test
  void anAnswerThatIsNotPrometheusJsonIsMalformed() throws Exception {
    try (StubPrometheus stub = StubPrometheus.answering(new Answer(200, "<html>proxy</html>"))) {
      PrometheusException e =
          assertThrows(
              PrometheusException.class,
              () -> fetcher(config(stub.baseUrl()).build()).fetch(QUERY, WINDOW));

      assertEquals(Kind.MALFORMED_RESPONSE, e.kind());
      assertTrue(e.getMessage().contains("<html>proxy</html>"), e.getMessage());
    }
  }

  @Test
  void aWrongBasePathSaysSo() throws Exception {
    try (StubPrometheus stub = StubPrometheus.answering(new Answer(404, "404 page not found"))) {
      PrometheusException e =
          assertThrows(
              PrometheusException.class,
              () -> fetcher(config(stub.baseUrl().resolve("prom")).build()).fetch(QUERY, WINDOW));

      assertEquals("/prom/api/v1/query_range", stub.requests().get(0).path());
      assertTrue(e.getMessage().contains("is the base URL"), e.getMessage());
    }
  }
}
