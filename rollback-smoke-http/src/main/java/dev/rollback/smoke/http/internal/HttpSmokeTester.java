package dev.rollback.smoke.http.internal;

import dev.rollback.spi.helpers.HttpClients;
import dev.rollback.smoke.http.HttpCheck;
import dev.rollback.smoke.http.HttpSmokeConfig;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.helpers.Causes;
import dev.rollback.spi.helpers.Redactor;
import dev.rollback.spi.helpers.Secret;
import dev.rollback.spi.helpers.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured HTTP checks in order against the restored version and reports one {@link
 * SmokeCheck} per check. A check that cannot reach the service fails with what happened; nothing
 * but an interrupt is thrown. Thread-safe.
 */
public final class HttpSmokeTester implements SmokeTester {
  private static final Logger LOG = LoggerFactory.getLogger(HttpSmokeTester.class);
  /** How many failed attempts a check's detail describes; the rest are counted. */
  private static final int FAILURES_SHOWN = 3;

  private final HttpSmokeConfig config;
  private final Sleeper sleeper;
  private final HttpClient client;
  private final Redactor redactor;

  /** Creates the tester for {@code config}, waiting between a check's attempts with {@code sleeper}. */
  public HttpSmokeTester(HttpSmokeConfig config, Sleeper sleeper) {
    this.config = config;
    this.sleeper = sleeper;
    // No redirects: one would carry the check's headers (a token) to a place nobody configured,
    // and a check may expect a 3xx.
    this.client = HttpClients.client(config.timeouts());
    List<Secret> secrets = new ArrayList<>();
    config.checks().forEach(c -> secrets.addAll(c.headers().values()));
    this.redactor = Redactor.of(secrets);
  }

  @Override
  public SmokeResult run(RollbackManifest manifest) throws InterruptedException {
    List<SmokeCheck> results = new ArrayList<>();
    for (HttpCheck check : config.checks()) {
      results.add(run(check, manifest));
    }
    return new SmokeResult(results);
  }

  private SmokeCheck run(HttpCheck check, RollbackManifest manifest) throws InterruptedException {
    HttpRequest request = request(check, UrlTemplate.render(check.urlTemplate(), manifest));
    ResponseExpectations expectations = new ResponseExpectations(check);
    long start = System.nanoTime();
    int passed = 0;
    long slowest = 0;
    List<String> failures = new ArrayList<>();
    for (int attempt = 1; attempt <= check.repeat(); attempt++) {
      if (attempt > 1) {
        sleeper.sleep(check.interval());
      }
      long sent = System.nanoTime();
      List<String> broken;
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        Duration latency = Duration.ofNanos(System.nanoTime() - sent);
        slowest = Math.max(slowest, latency.toMillis());
        broken = expectations.broken(response.statusCode(), response.body(), latency, redactor);
      } catch (HttpTimeoutException e) {
        broken = List.of("no response within " + millis(System.nanoTime() - sent) + " ("
            + Causes.describe(e, redactor) + ")");
      } catch (IOException e) {
        broken = List.of("request failed after " + millis(System.nanoTime() - sent) + ": "
            + Causes.describe(e, redactor));
      }
      if (broken.isEmpty()) {
        passed++;
      } else {
        failures.add((check.repeat() > 1 ? "attempt " + attempt + ": " : "") + String.join("; ", broken));
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    boolean ok = passed >= Math.ceil(check.requiredPassRatio() * check.repeat() - 1e-9);
    String detail = detail(check, passed, slowest, failures, took);
    if (!ok) {
      LOG.info("smoke check '{}' failed: {}", check.displayName(), detail);
    }
    return new SmokeCheck(check.displayName(), ok, detail, took);
  }

  private HttpRequest request(HttpCheck check, URI uri) {
    String body = check.body();
    HttpRequest.Builder b =
        HttpClients.request(uri, config.timeouts())
            .method(
                check.method(),
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    b.setHeader("User-Agent", "rollback-smoke");
    check.headers().forEach((name, value) -> b.setHeader(name, value.reveal()));
    return b.build();
  }

  private static String detail(
      HttpCheck check, int passed, long slowestMillis, List<String> failures, Duration took) {
    String timing = "in " + took.toMillis() + " ms";
    if (check.repeat() == 1) {
      return failures.isEmpty()
          ? "status " + check.expectedStatus() + " " + timing
          : failures.get(0) + " (" + timing + ")";
    }
    String head = passed + "/" + check.repeat() + " attempts passed, "
        + String.format(Locale.ROOT, "%.0f%%", check.requiredPassRatio() * 100) + " required, slowest "
        + slowestMillis + " ms, " + timing;
    if (failures.isEmpty()) {
      return head;
    }
    List<String> shown = failures.subList(0, Math.min(FAILURES_SHOWN, failures.size()));
    String more = failures.size() > shown.size()
        ? "; " + (failures.size() - shown.size()) + " more failed" : "";
    return head + "; " + String.join("; ", shown) + more;
  }

  private static String millis(long nanos) {
    return Duration.ofNanos(nanos).toMillis() + " ms";
  }
}
