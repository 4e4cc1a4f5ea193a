package dev.rollback.examples.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.k8s.TestCluster;
import dev.rollback.testkit.http.LoopbackServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "one end-to-end run on real parts": the rollback agent, started from its flags as a
 * platform team would run it, with nothing mocked. The real control plane of rollback-k8s's tests
 * (kube-apiserver, etcd, the controllers, kwok's nodes) runs a Deployment; a real Prometheus
 * (Debian's package) scrapes its traffic every second from a loopback endpoint whose error ratio
 * follows the version the cluster's Ready pods run ({@link CheckoutTraffic}); the agent
 * authenticates with a kubeconfig as a ServiceAccount holding only the shipped Roles. The test
 * releases v3 through the Kubernetes API, and the agent finds the release, detects the regression
 * through Prometheus with the default detection, rolls the Deployment back to v2 on the cluster,
 * notifies a local webhook receiver and writes the postmortem to a directory.
 */
class RollbackAgentEndToEndTest {
  static final String APP = "checkout";
  static final String NAME_LABEL = "app.kubernetes.io/name";
  static final String VERSION_LABEL = "app.kubernetes.io/version";
  static final String IMAGE_V2 = "registry.example.com/shop/checkout:2.0";
  static final String IMAGE_V3 = "registry.example.com/shop/checkout:3.0";
  static final String ERROR_RATIO = "sum(rate(http_requests_total{namespace=\"{namespace}\",app=\"{name}\",code=~\"5..\"}[5s]))"
      + " / sum(rate(http_requests_total{namespace=\"{namespace}\",app=\"{name}\"}[5s]))";
  static final String LATENCY = "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{"
      + "namespace=\"{namespace}\",app=\"{name}\"}[5s])))";
  /** The baseline before the release: at least the 20 samples the default detection calibrates from. */
  static final Duration BASELINE = Duration.ofSeconds(40);
  static final Duration SETUP = Duration.ofSeconds(60);
  static final Duration ROLLBACK = Duration.ofSeconds(90);

  static {
    // What the agent logs at INFO (releases found, judgements, steps) shows in the test's output.
    if (System.getProperty("org.slf4j.simpleLogger.log.dev.rollback.agent") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.dev.rollback.agent", "info");
    }
  }

  final ObjectMapper json = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void aReleaseThatRaisesTheErrorRatioIsRolledBackNotifiedAndWrittenUp() throws Exception {
    try (TestCluster cluster = TestCluster.create()) {
      String ns = cluster.ns;
      ApiClient admin = cluster.plainClient();
      AppsV1Api apps = new AppsV1Api(admin);
      apps.createNamespacedDeployment(ns, deployment(ns)).execute();
      new CoreV1Api(admin).createNamespacedService(ns, new V1Service().metadata(new V1ObjectMeta().name(APP))
          .spec(new V1ServiceSpec().selector(Map.of(NAME_LABEL, APP)).ports(List.of(new V1ServicePort().port(80)))))
          .execute();
      awaitRolledOut(apps, ns, IMAGE_V2);

      try (CheckoutTraffic traffic = CheckoutTraffic.start(admin, ns, APP, NAME_LABEL, VERSION_LABEL,
              Map.of("v2", 0.01, "v3", 0.30));
          ScrapingPrometheus prometheus = ScrapingPrometheus.start(traffic.target(), Files.createDirectory(dir.resolve("prom")));
          LoopbackServer receiver = LoopbackServer.start(LoopbackServer.Reply.of(202, "accepted"))) {
        String errorRatio = ERROR_RATIO.replace("{namespace}", ns).replace("{name}", APP);
        await("Prometheus holds " + BASELINE.toSeconds() / 2 + " s of the error ratio for the baseline", SETUP,
            () -> prometheus.points(errorRatio, BASELINE) >= BASELINE.toSeconds() / 2 + 5,
            () -> "traffic: " + traffic.lastError() + "; Prometheus: " + prometheus.logTail());

        Path postmortems = dir.resolve("postmortems");
        String[] args = {"--kubeconfig", AgentKubeconfig.write(cluster, dir).toString(), "--cluster", "e2e", "--namespace", ns,
            "--selector", NAME_LABEL + "=" + APP, "--shape", "in-place",
            "--prometheus-url", prometheus.baseUrl().toString(),
            "--error-ratio-query", ERROR_RATIO, "--latency-query", LATENCY,
            "--step", "1s", "--baseline", BASELINE.toSeconds() + "s", "--interval", "1s", "--judgement-window", "10m",
            "--webhook-url", "env:ROLLBACK_WEBHOOK_URL", "--webhook-signing-secret", "env:ROLLBACK_WEBHOOK_SECRET",
            "--postmortem-dir", postmortems.toString()};
        Map<String, String> env = Map.of("ROLLBACK_WEBHOOK_URL", receiver.url("/hook"),
            "ROLLBACK_WEBHOOK_SECRET", "e2e-signing-secret");
        RollbackAgent agent = RollbackAgent.start(AgentConfig.fromArgs(args, env));
        try {
          await("the agent's watcher found v2", SETUP,
              () -> agent.releases().stream().anyMatch(r -> r.versionId().equals("v2")), () -> "" + agent.releases());

          // The release, as a pipeline makes it: a new image and version label in the pod template.
          V1Deployment d = apps.readNamespacedDeployment(APP, ns).execute();
          d.getSpec().setTemplate(template("v3", IMAGE_V3));
          apps.replaceNamespacedDeployment(APP, ns, d).execute();

          JsonNode finished = awaitNotification(receiver, "RUN_FINISHED", ROLLBACK);
          assertEquals("ROLLED_BACK", finished.path("outcome").asText(), finished::toPrettyString);
          assertEquals("v3", finished.path("from").path("id").asText());
          assertEquals("v2", finished.path("to").path("id").asText());
          assertEquals(ns, finished.path("deployment").path("namespace").asText());
          assertEquals(APP, finished.path("deployment").path("name").asText());
          assertEquals("e2e", finished.path("deployment").path("cluster").asText());
          JsonNode alert = awaitNotification(receiver, "ROLLBACK_ALERT", Duration.ZERO);
          assertTrue(alert.path("message").asText().contains("error_ratio"), alert::toPrettyString);
          for (LoopbackServer.Received hook : receiver.requests()) {
            assertTrue(Objects.requireNonNullElse(hook.header("X-Rollback-Signature-256"), "").startsWith("sha256="),
                "every delivery is signed");
          }

          // On the cluster: the Deployment is back on v2's image and rolled out.
          awaitRolledOut(apps, ns, IMAGE_V2);
          V1Deployment back = apps.readNamespacedDeployment(APP, ns).execute();
          assertEquals("v2", back.getSpec().getTemplate().getMetadata().getLabels().get(VERSION_LABEL));

          assertPostmortem(postmortems, ns);
        } finally {
          agent.close();
        }
      }
    }
  }

  private void assertPostmortem(Path postmortems, String ns) throws Exception {
    // The Markdown is written last, once every other file of the document is there.
    await("the postmortem's Markdown is in " + postmortems, Duration.ofSeconds(30),
        () -> files(postmortems, "-postmortem.md").size() == 1, () -> "files: " + files(postmortems, ""));
    Path md = files(postmortems, "-postmortem.md").get(0);
    assertTrue(md.getFileName().toString().contains("e2e-" + ns + "-" + APP), md.toString());
    String markdown = Files.readString(md, StandardCharsets.UTF_8);
    assertTrue(markdown.contains("ROLLED_BACK"), markdown);
    assertTrue(markdown.contains(IMAGE_V3) && markdown.contains(IMAGE_V2), "both versions' images: " + markdown);
    assertTrue(markdown.contains("error_ratio"), "the detection's evidence: " + markdown);
    Path jsonFile = md.resolveSibling(md.getFileName().toString().replace(".md", ".json"));
    JsonNode doc = json.readTree(Files.readString(jsonFile, StandardCharsets.UTF_8));
    assertEquals("ROLLED_BACK", doc.path("outcome").asText());
    assertEquals(1, files(postmortems, "-postmortem.html").size(), "the HTML page");
    assertTrue(files(postmortems, ".svg").stream().anyMatch(f -> f.getFileName().toString().contains("-postmortem-error")),
        "the error ratio's chart: " + files(postmortems, ""));
  }

  private JsonNode awaitNotification(LoopbackServer receiver, String kind, Duration timeout) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    await("the webhook received a " + kind + " notification", timeout, () -> {
      for (LoopbackServer.Received r : receiver.requests()) {
        JsonNode body = json.readTree(r.text());
        if (r.uri().getPath().equals("/hook") && kind.equals(body.path("kind").asText())) {
          found.add(body);
          return true;
        }
      }
      return false;
    }, () -> receiver.requests().size() + " deliveries: " + receiver.requests().stream().map(LoopbackServer.Received::text)
        .toList());
    return found.get(0);
  }

  private static List<Path> files(Path dir, String suffix) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  static V1Deployment deployment(String ns) {
    return new V1Deployment().metadata(new V1ObjectMeta().name(APP).namespace(ns).labels(Map.of(NAME_LABEL, APP)))
        .spec(new V1DeploymentSpec().replicas(3).selector(new V1LabelSelector().matchLabels(Map.of(NAME_LABEL, APP)))
            .template(template("v2", IMAGE_V2)));
  }

  private static V1PodTemplateSpec template(String version, String image) {
    return new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(Map.of(NAME_LABEL, APP, VERSION_LABEL, version)))
        .spec(new V1PodSpec().terminationGracePeriodSeconds(0L)
            .containers(List.of(new V1Container().name("app").image(image))));
  }

  /** Waits until the Deployment runs {@code image} on all its replicas, every one available, no old one left. */
  private static void awaitRolledOut(AppsV1Api apps, String ns, String image) throws Exception {
    await("Deployment " + ns + "/" + APP + " rolled out on " + image, ROLLBACK, () -> {
      V1Deployment d = apps.readNamespacedDeployment(APP, ns).execute();
      var status = d.getStatus();
      int want = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
      return image.equals(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          && status != null && status.getObservedGeneration() != null
          && status.getObservedGeneration() >= d.getMetadata().getGeneration()
          && Objects.requireNonNullElse(status.getUpdatedReplicas(), 0) == want
          && Objects.requireNonNullElse(status.getReplicas(), 0) == want
          && Objects.requireNonNullElse(status.getAvailableReplicas(), 0) == want;
    }, () -> {
      try {
        return "status " + apps.readNamespacedDeployment(APP, ns).execute().getStatus();
      } catch (ApiException e) {
        return "unreadable: " + e.getCode();
      }
    });
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  interface State {
    String describe() throws Exception;
  }

  /** Polls {@code condition} until it holds; fails with {@code state} once {@code timeout} has passed. */
  static void await(String what, Duration timeout, Condition condition, State state) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what + "; " + state.describe());
      }
      Thread.sleep(100); // poll interval, bounded by the deadline
    }
  }
}
