package dev.rollback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollback.testkit.RecordingNotifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** The Actuator endpoint and health indicator over real HTTP, on a server on a random port. */
class ActuatorHttpTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern RUN_ID = Pattern.compile("\"runId\":\"([^\"]+)\"");

  /** An application that embeds the starter with the test kit's adapters as its own beans. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(InMemoryAdapters.class)
  static class Application {}

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(int port, String path, String json) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static final String MANUAL = """
      {"cluster": "prod-eu-1", "namespace": "shop", "name": "checkout",
       "operator": "jane@example.com", "reason": "checkout errors after v2"}""";

  @Nested
  @SpringBootTest(classes = Application.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
      "management.endpoints.web.exposure.include=rollback,health",
      "management.endpoint.health.show-details=always",
      "rollback.endpoint.manual-rollback.enabled=true"})
  class ManualRollbackEnabled {
    @LocalServerPort int port;
    @Autowired RecordingNotifier pager;

    @Test
    void aManualRollbackStartedOverHttpRunsAndItsOutcomeAndJournalAreListed() throws Exception {
      HttpResponse<String> before = get(port, "/actuator/rollback");
      assertThat(before.statusCode()).isEqualTo(200);
      assertThat(before.body()).contains("\"inProgress\":[]");

      HttpResponse<String> started = post(port, "/actuator/rollback", MANUAL);
      assertThat(started.statusCode()).isEqualTo(200);
      assertThat(started.body()).contains("\"deployment\":\"prod-eu-1/shop/checkout\"", "\"operator\":\"jane@example.com\"");

      await().atMost(Duration.ofSeconds(30))
          .until(() -> get(port, "/actuator/rollback").body().contains("\"outcome\":\"ROLLED_BACK\""));
      String runs = get(port, "/actuator/rollback").body();
      assertThat(runs).contains("\"trigger\":\"checkout errors after v2\"");
      Matcher id = RUN_ID.matcher(runs);
      assertThat(id.find()).isTrue();
      assertThat(pager.delivered()).isNotEmpty();

      HttpResponse<String> journal = get(port, "/actuator/rollback/" + id.group(1));
      assertThat(journal.statusCode()).isEqualTo(200);
      assertThat(journal.body()).contains("\"node\":\"Update service selector\"", "\"outcome\":\"ROLLED_BACK\"");
      assertThat(get(port, "/actuator/rollback/rb-nobody-knows").statusCode()).isEqualTo(404);

      HttpResponse<String> health = get(port, "/actuator/health/rollback");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"", "\"monitorLag\"");
    }

    @Test
    void aBlankOperatorIsABadRequest() throws Exception {
      HttpResponse<String> answer = post(port, "/actuator/rollback", MANUAL.replace("jane@example.com", " "));
      assertThat(answer.statusCode()).isEqualTo(400);
    }
  }

  @Nested
  @SpringBootTest(classes = Application.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties =
      "management.endpoints.web.exposure.include=rollback")
  class ManualRollbackOffByDefault {
    @LocalServerPort int port;
    @Autowired RecordingNotifier pager;

    @Test
    void theWriteOperationIsNotThere() throws Exception {
      assertThat(post(port, "/actuator/rollback", MANUAL).statusCode()).isBetween(400, 499);
      assertThat(get(port, "/actuator/rollback").body()).contains("\"recent\":[]");
      assertThat(pager.delivered()).isEmpty();
    }
  }
}
