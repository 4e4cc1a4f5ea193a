package dev.rollback.spring.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Starts the example on a random port and rolls checkout back through its Actuator endpoint. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ExampleApplicationTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  @Test
  void theExampleAnswersItsRollbackEndpointAndRollsCheckoutBack() throws Exception {
    HttpResponse<String> runs = send(HttpRequest.newBuilder(uri("/actuator/rollback")).GET());
    assertThat(runs.statusCode()).isEqualTo(200);
    assertThat(runs.body()).contains("\"inProgress\":[]", "\"recent\":[]");

    HttpResponse<String> started = send(HttpRequest.newBuilder(uri("/actuator/rollback"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"cluster": "prod-eu-1", "namespace": "shop", "name": "checkout",
             "operator": "jane@example.com", "reason": "checkout errors after v2"}""")));
    assertThat(started.statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(30)).until(() ->
        send(HttpRequest.newBuilder(uri("/actuator/rollback")).GET()).body().contains("\"outcome\":\"ROLLED_BACK\""));
    HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health/rollback")).GET());
    assertThat(health.body()).contains("\"status\":\"UP\"");
    HttpResponse<String> meters = send(HttpRequest.newBuilder(uri("/actuator/metrics/rollback.runs.ended")).GET());
    assertThat(meters.statusCode()).isEqualTo(200);
  }
}
