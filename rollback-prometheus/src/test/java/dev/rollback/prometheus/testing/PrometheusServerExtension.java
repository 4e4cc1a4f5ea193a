package dev.rollback.prometheus.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a real Prometheus for a test class: on 127.0.0.1 and a free port, with a temporary data
 * directory into which {@code promtool tsdb create-blocks-from openmetrics} has loaded the class's
 * data before the server starts, and a configuration with no scrape targets.
 *
 * <p>When the binaries are missing the tests fail if the environment variable {@code CI} is {@code
 * true}, and are skipped with a loud reason otherwise.
 *
 * <p>Register it as a static field: {@code @RegisterExtension static final
 * PrometheusServerExtension PROMETHEUS = PrometheusServerExtension.withData(start -> ...)}.
 */
public final class PrometheusServerExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusServerExtension.class);
  private static final Duration READY_DEADLINE = Duration.ofSeconds(30);
  private static final Duration PROMTOOL_DEADLINE = Duration.ofSeconds(60);
  private static final int START_ATTEMPTS = 3;
  private static final Duration BLOCK = Duration.ofHours(2);

  private final Function<Instant, String> openMetrics;
  private final Instant dataStart;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private String skipReason = null;
  private Path dir = Path.of("");
  private Process process = null;
  private URI baseUrl = URI.create("http://127.0.0.1:1/");

  private PrometheusServerExtension(Function<Instant, String> openMetrics) {
    this.openMetrics = openMetrics;
    // Two hours before the start of the current two-hour block: far enough in the past for
    // promtool to write whole blocks that do not overlap Prometheus's (empty) head.
    long block = BLOCK.toSeconds();
    long now = Instant.now().getEpochSecond();
    this.dataStart = Instant.ofEpochSecond((now / block) * block - block);
  }

  /**
   * Returns an extension that loads the OpenMetrics text {@code openMetrics.apply(dataStart)}
   * (timestamps in seconds, ending in {@code # EOF}); {@code dataStart} is aligned to two hours
   * and lies between two and four hours in the past, so about two hours of data fit.
   */
  public static PrometheusServerExtension withData(Function<Instant, String> openMetrics) {
    return new PrometheusServerExtension(openMetrics);
  }

  /** Returns the instant the data was generated from. */
  public Instant dataStart() {
    return dataStart;
  }

  /** Returns the running server's base URL, e.g. {@code http://127.0.0.1:40123/}. */
  public URI baseUrl() {
    return baseUrl;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Optional<PrometheusBinaries> found = PrometheusBinaries.find();
    if (found.isEmpty()) {
      String reason =
          "prometheus/promtool not found on PATH or in /usr/bin (or in -D"
              + PrometheusBinaries.DIR_PROPERTY
              + "); "
              + PrometheusBinaries.INSTALL_HINT;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true and " + reason);
      }
      LOG.warn("SKIPPING every test of {}: {}", context.getDisplayName(), reason);
      skipReason = "SKIPPED, real Prometheus needed: " + reason;
      return;
    }
    PrometheusBinaries bin = found.get();
    long started = System.nanoTime();
    dir = Files.createTempDirectory("rollback-prometheus-test");
    Path data = dir.resolve("data");
    Path input = dir.resolve("data.om");
    Files.writeString(input, openMetrics.apply(dataStart), StandardCharsets.UTF_8);
    run(
        List.of(bin.promtool().toString(), "tsdb", "create-blocks-from", "openmetrics",
            input.toString(), data.toString()),
        dir.resolve("promtool.log"));
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1m\nscrape_configs: []\n");
    start(bin, config, data);
    LOG.info(
        "Prometheus ready at {} in {} ms (data loaded and server started)",
        baseUrl,
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  /** Skips each test, so that the report counts them as skipped, when the binaries are missing. */
  @Override
  public void beforeEach(ExtensionContext context) {
    if (skipReason != null) {
      Assumptions.abort(skipReason);
    }
  }

  private void start(PrometheusBinaries bin, Path config, Path data) throws Exception {
    for (int attempt = 1; ; attempt++) {
      int port = FreePort.find();
      Path log = dir.resolve("prometheus-" + attempt + ".log");
      process =
          new ProcessBuilder(
                  bin.prometheus().toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + data,
                  "--storage.tsdb.retention.time=3650d",
                  "--web.listen-address=127.0.0.1:" + port,
                  "--log.level=warn")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Process started = process;
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
      baseUrl = URI.create("http://127.0.0.1:" + port + "/");
      if (awaitReady(started)) {
        return;
      }
      String output = Files.readString(log);
      started.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      // Another process may have taken the port between probing and binding; try another one.
      if (attempt < START_ATTEMPTS && output.contains("address already in use")) {
        continue;
      }
      throw new IllegalStateException(
          "Prometheus did not become ready at " + baseUrl + " within " + READY_DEADLINE
              + "; its log:\n" + output);
    }
  }

  /** Polls {@code /-/ready} until it answers 200, the process exits, or the deadline passes. */
  private boolean awaitReady(Process p) throws InterruptedException {
    long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
    HttpRequest ready =
        HttpRequest.newBuilder(baseUrl.resolve("-/ready")).timeout(Duration.ofSeconds(2)).build();
    while (System.nanoTime() < deadline && p.isAlive()) {
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20); // poll interval, bounded by the deadline above
    }
    return false;
  }

  private static void run(List<String> command, Path log) throws Exception {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(PROMTOOL_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(command + " did not finish within " + PROMTOOL_DEADLINE);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          command + " failed with exit code " + p.exitValue() + ":\n" + Files.readString(log));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (!dir.toString().isEmpty() && Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
