package dev.rollback.examples.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus (Debian's package, found on PATH or in /usr/bin) on loopback
 * that scrapes one target every second. Missing binaries fail the test under {@code CI=true} and
 * skip it with the reason otherwise, like the other real-component tests.
 */
final class ScrapingPrometheus implements AutoCloseable {
  private static final Duration READY_DEADLINE = Duration.ofSeconds(60);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final URI baseUrl;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();

  private ScrapingPrometheus(Process process, URI baseUrl, Path log) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.log = log;
  }

  /** Starts Prometheus in {@code dir}, scraping {@code target} ({@code host:port}, path /metrics) every second. */
  static ScrapingPrometheus start(String target, Path dir) throws Exception {
    Optional<Path> found = binary("prometheus");
    if (found.isEmpty()) {
      String reason = "prometheus not found on PATH or in /usr/bin; install Debian's package: apt-get install -y"
          + " --no-install-recommends prometheus";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true and " + reason);
      }
      Assumptions.abort("SKIPPED, real Prometheus needed: " + reason);
    }
    Path config = Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "scrape_configs:",
        "  - job_name: checkout",
        "    static_configs:",
        "      - targets: ['" + target + "']", ""));
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      Path log = dir.resolve("prometheus-" + attempt + ".log");
      Process p = new ProcessBuilder(found.get().toString(),
          "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("data-" + attempt),
          "--web.listen-address=127.0.0.1:" + port,
          "--log.level=warn")
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      ScrapingPrometheus prometheus = new ScrapingPrometheus(p, URI.create("http://127.0.0.1:" + port + "/"), log);
      if (prometheus.awaitReady()) {
        return prometheus;
      }
      String output = Files.readString(log);
      prometheus.close();
      if (attempt < START_ATTEMPTS && output.contains("address already in use")) {
        continue; // another process took the port between probing and binding
      }
      throw new IllegalStateException("Prometheus did not become ready within " + READY_DEADLINE + "; its log:\n"
          + output);
    }
  }

  /** Finds an executable on PATH, then in /usr/bin (where Debian's package puts it). */
  private static Optional<Path> binary(String name) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.add("/usr/bin");
    return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, name))
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private boolean awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
    HttpRequest ready = HttpRequest.newBuilder(baseUrl.resolve("-/ready")).timeout(Duration.ofSeconds(2)).build();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50); // poll interval, bounded by the deadline
    }
    return false;
  }

  /** Returns the base URL, e.g. {@code http://127.0.0.1:40123/}. */
  URI baseUrl() {
    return baseUrl;
  }

  /** Returns how many points of {@code promql} that are numbers (not NaN) Prometheus has in the last {@code span}. */
  int points(String promql, Duration span) throws IOException, InterruptedException {
    Instant end = Instant.now();
    String query = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&start=" + end.minus(span).getEpochSecond()
        + "&end=" + end.getEpochSecond() + "&step=1";
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(baseUrl.resolve("api/v1/query_range?" + query))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("Prometheus answered " + answer.statusCode() + ": " + answer.body());
    }
    int count = 0;
    for (JsonNode series : json.readTree(answer.body()).path("data").path("result")) {
      for (JsonNode point : series.path("values")) {
        if (!point.get(1).asText().equals("NaN")) {
          count++;
        }
      }
    }
    return count;
  }

  /** Returns the end of Prometheus' log, for a failure message. */
  String logTail() {
    try {
      String text = Files.readString(log);
      return text.substring(Math.max(0, text.length() - 2000));
    } catch (IOException e) {
      return "no log: " + e;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
