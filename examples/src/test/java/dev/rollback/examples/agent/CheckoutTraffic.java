package dev.rollback.examples.agent;

import dev.rollback.testkit.http.LoopbackServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The traffic of the application under test, as its pods would export it: every tick, each Ready
 * pod the cluster runs (read from the API, by the version label of its template) serves {@link
 * #REQUESTS_PER_TICK} requests, failing with the error ratio the test set for its version and
 * taking a log-normally distributed time; the counters and the latency histogram are served in
 * Prometheus' text format on a loopback {@code /metrics} for Prometheus to scrape. The error ratio
 * so follows what the cluster really runs: a release of a failing version raises it, and the
 * rollback brings it down again.
 */
final class CheckoutTraffic implements AutoCloseable {
  static final int REQUESTS_PER_TICK = 25;
  static final long TICK_MILLIS = 250;
  /** Upper bounds of the latency histogram's buckets, in seconds. */
  static final double[] BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  private final CoreV1Api core;
  private final String namespace;
  private final String app;
  private final String nameLabel;
  private final String versionLabel;
  private final Map<String, Double> errorRatios;
  private final LoopbackServer server;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "checkout-traffic");
    t.setDaemon(true);
    return t;
  });
  private final Random random = new Random(14);
  /** Per version: requests by code, and the latency histogram. */
  private final Map<String, long[]> requests = new TreeMap<>();
  private final Map<String, long[]> latencyBuckets = new TreeMap<>();
  private final Map<String, Double> latencySums = new TreeMap<>();
  private final AtomicReference<String> lastError = new AtomicReference<>("");

  private CheckoutTraffic(ApiClient client, String namespace, String app, String nameLabel, String versionLabel,
      Map<String, Double> errorRatios) throws IOException {
    this.core = new CoreV1Api(client);
    this.namespace = namespace;
    this.app = app;
    this.nameLabel = nameLabel;
    this.versionLabel = versionLabel;
    this.errorRatios = Map.copyOf(errorRatios);
    this.server = LoopbackServer.start(LoopbackServer.Reply.of(404, "not found"));
    server.answer("/metrics", LoopbackServer.Reply.of(200, "# no traffic yet\n"));
  }

  /**
   * Starts serving the traffic of the pods of {@code app} in {@code namespace}, whose versions fail
   * as {@code errorRatios} says (a version not named never fails).
   */
  static CheckoutTraffic start(ApiClient client, String namespace, String app, String nameLabel, String versionLabel,
      Map<String, Double> errorRatios) throws IOException {
    CheckoutTraffic traffic = new CheckoutTraffic(client, namespace, app, nameLabel, versionLabel, errorRatios);
    traffic.ticker.scheduleAtFixedRate(traffic::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    return traffic;
  }

  /** Returns the scrape target, {@code 127.0.0.1:PORT}. */
  String target() {
    return server.url("").substring("http://".length());
  }

  /** Returns the last failure to read the pods, empty when none. */
  String lastError() {
    return lastError.get();
  }

  private void tick() {
    try {
      Map<String, Integer> ready = new TreeMap<>();
      for (V1Pod pod : core.listNamespacedPod(namespace).labelSelector(nameLabel + "=" + app).execute().getItems()) {
        boolean isReady = pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
            && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        String version = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(versionLabel);
        if (isReady && version != null) {
          ready.merge(version, 1, Integer::sum);
        }
      }
      ready.forEach(this::serve);
      server.answer("/metrics", LoopbackServer.Reply.of(200, exposition()));
    } catch (Exception e) {
      lastError.set(e.toString()); // the next tick tries again; a test failing to detect shows it
    }
  }

  private void serve(String version, int pods) {
    double ratio = errorRatios.getOrDefault(version, 0.0);
    long[] byCode = requests.computeIfAbsent(version, v -> new long[2]);
    long[] buckets = latencyBuckets.computeIfAbsent(version, v -> new long[BUCKETS.length + 1]);
    double sum = latencySums.getOrDefault(version, 0.0);
    for (int i = 0; i < pods * REQUESTS_PER_TICK; i++) {
      byCode[random.nextDouble() < ratio ? 1 : 0]++;
      double seconds = 0.04 * Math.exp(0.5 * random.nextGaussian());
      sum += seconds;
      int b = 0;
      while (b < BUCKETS.length && seconds > BUCKETS[b]) {
        b++;
      }
      buckets[b]++;
    }
    latencySums.put(version, sum);
  }

  private String exposition() {
    StringBuilder out = new StringBuilder();
    out.append("# TYPE http_requests_total counter\n");
    requests.forEach((version, byCode) -> {
      line(out, "http_requests_total", version, "code=\"200\"", byCode[0]);
      line(out, "http_requests_total", version, "code=\"500\"", byCode[1]);
    });
    out.append("# TYPE http_request_duration_seconds histogram\n");
    latencyBuckets.forEach((version, buckets) -> {
      long cumulative = 0;
      for (int b = 0; b < buckets.length; b++) {
        cumulative += buckets[b];
        String le = b < BUCKETS.length ? String.valueOf(BUCKETS[b]) : "+Inf";
        line(out, "http_request_duration_seconds_bucket", version, "le=\"" + le + "\"", cumulative);
      }
      line(out, "http_request_duration_seconds_count", version, null, cumulative);
      out.append(String.format(Locale.ROOT, "http_request_duration_seconds_sum{namespace=\"%s\",app=\"%s\",version=\"%s\"}"
          + " %.6f%n", namespace, app, version, latencySums.get(version)));
    });
    return out.toString();
  }

  private void line(StringBuilder out, String metric, String version, String extra, long value) {
    out.append(metric).append("{namespace=\"").append(namespace).append("\",app=\"").append(app)
        .append("\",version=\"").append(version).append('"');
    if (extra != null) {
      out.append(',').append(extra);
    }
    out.append("} ").append(value).append('\n');
  }

  @Override
  public void close() throws InterruptedException {
    ticker.shutdownNow();
    ticker.awaitTermination(10, TimeUnit.SECONDS);
    server.close();
  }
}
