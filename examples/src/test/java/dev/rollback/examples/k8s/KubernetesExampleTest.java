package dev.rollback.examples.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
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
import io.kubernetes.client.util.ClientBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Kubernetes example against a fabric8 CRUD mock on loopback, through a kubeconfig file. */
class KubernetesExampleTest {
  static final String NS = "shop";
  KubernetesMockServer server;
  ApiClient client;
  @TempDir Path dir;

  record Output(int status, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    // CRUD mode, plain HTTP (the constructor's last argument: no TLS), as rollback-k8s's tests do
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false);
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    client = new ClientBuilder().setBasePath("http://127.0.0.1:" + server.getPort()).build();
    AppsV1Api apps = new AppsV1Api(client);
    apps.createNamespacedDeployment(NS, deployment("v1", "registry.example.com/shop/checkout:1.0", 0)).execute();
    apps.createNamespacedDeployment(NS, deployment("v2", "registry.example.com/shop/checkout:2.0", 2)).execute();
    new CoreV1Api(client).createNamespacedService(NS, new V1Service().apiVersion("v1").kind("Service")
        .metadata(new V1ObjectMeta().name("checkout").namespace(NS))
        .spec(new V1ServiceSpec().selector(Map.of("app.kubernetes.io/name", "checkout", "app.kubernetes.io/version", "v2"))
            .ports(List.of(new V1ServicePort().port(80))))).execute();
  }

  @AfterEach
  void stop() {
    server.shutdown();
  }

  private static V1Deployment deployment(String version, String image, int replicas) {
    Map<String, String> labels = Map.of("app.kubernetes.io/name", "checkout", "app.kubernetes.io/version", version);
    return new V1Deployment().apiVersion("apps/v1").kind("Deployment")
        .metadata(new V1ObjectMeta().name("checkout-" + version).namespace(NS).labels(labels))
        .spec(new V1DeploymentSpec().replicas(replicas).selector(new V1LabelSelector().matchLabels(labels))
            .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(labels))
                .spec(new V1PodSpec().containers(List.of(new V1Container().name("app").image(image))))));
  }

  private Path kubeconfig() throws Exception {
    Path file = dir.resolve("kubeconfig");
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: http://127.0.0.1:%d
        users:
        - name: tester
          user:
            token: not-a-secret
        contexts:
        - name: mock
          context: {cluster: mock, user: tester, namespace: shop}
        current-context: mock
        """.formatted(server.getPort()));
    return file;
  }

  private static Output run(String... args) throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = KubernetesExample.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void rollsBackABlueGreenDeploymentOfTheKubeconfigsCluster() throws Exception {
    Output output;
    try (PodSimulator sim = new PodSimulator(client, NS)) {
      output = run("--kubeconfig", kubeconfig().toString(), "--context", "mock", "--namespace", NS,
          "--deployment", "checkout", "--operator", "jane", "--reason", "checkout errors after v2",
          "--scale-down-delay", "0");
    }
    assertEquals(0, output.status(), output.out() + output.err());
    assertTrue(output.out().contains("Outcome: ROLLED_BACK"), output.out());
    assertTrue(output.out().contains("From: v2  To: v1"), output.out());
    assertTrue(output.out().contains("no smoke test configured"), output.out());
    assertEquals("v1", new CoreV1Api(client).readNamespacedService("checkout", NS).execute()
        .getSpec().getSelector().get("app.kubernetes.io/version"), "traffic goes to v1");
    List<String> reasons = new CoreV1Api(client).listNamespacedEvent(NS).execute().getItems().stream()
        .map(CoreV1Event::getReason).toList();
    assertTrue(reasons.contains("RollbackComplete"), "Events: " + reasons);
  }

  @Test
  void badArgumentsAreRefusedWithUsage() throws Exception {
    Output missing = run("--kubeconfig", kubeconfig().toString(), "--namespace", NS);
    assertEquals(2, missing.status());
    assertTrue(missing.err().contains("--deployment is required"), missing.err());
    Output shape = run("--kubeconfig", kubeconfig().toString(), "--namespace", NS, "--deployment", "checkout",
        "--shape", "canary");
    assertEquals(2, shape.status());
    assertTrue(shape.err().contains("--shape must be blue-green or in-place"), shape.err());
    Output delay = run("--kubeconfig", kubeconfig().toString(), "--namespace", NS, "--deployment", "checkout",
        "--scale-down-delay", "soon");
    assertEquals(2, delay.status());
    assertTrue(delay.err().contains("--scale-down-delay must be a whole number of seconds, not soon"), delay.err());
    Output context = run("--kubeconfig", kubeconfig().toString(), "--context", "nope", "--namespace", NS,
        "--deployment", "checkout");
    assertEquals(2, context.status());
    assertTrue(context.err().contains("has no context 'nope'"), context.err());
  }
}
