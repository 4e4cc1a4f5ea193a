package dev.rollback.examples.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.examples.agent.AgentKubeconfig;
import dev.rollback.k8s.Await;
import dev.rollback.k8s.TestCluster;
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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Kubernetes example against the real control plane of rollback-k8s's tests (kube-apiserver,
 * the Deployment controller, the scheduler, kwok's nodes), through a kubeconfig file that holds the
 * identity of a ServiceAccount bound only to the shipped Roles, as a platform team would hand it.
 */
class KubernetesExampleTest {
  TestCluster cluster;
  String ns;
  ApiClient admin;
  @TempDir Path dir;

  record Output(int status, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    cluster = TestCluster.create();
    ns = cluster.ns;
    admin = cluster.plainClient();
    AppsV1Api apps = new AppsV1Api(admin);
    apps.createNamespacedDeployment(ns, deployment("v1", "registry.example.com/shop/checkout:1.0", 0)).execute();
    apps.createNamespacedDeployment(ns, deployment("v2", "registry.example.com/shop/checkout:2.0", 2)).execute();
    new CoreV1Api(admin).createNamespacedService(ns, new V1Service().apiVersion("v1").kind("Service")
        .metadata(new V1ObjectMeta().name("checkout").namespace(ns))
        .spec(new V1ServiceSpec().selector(Map.of("app.kubernetes.io/name", "checkout", "app.kubernetes.io/version", "v2"))
            .ports(List.of(new V1ServicePort().port(80))))).execute();
    awaitReady(apps, "checkout-v2", 2);
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private V1Deployment deployment(String version, String image, int replicas) {
    Map<String, String> labels = Map.of("app.kubernetes.io/name", "checkout", "app.kubernetes.io/version", version);
    return new V1Deployment().apiVersion("apps/v1").kind("Deployment")
        .metadata(new V1ObjectMeta().name("checkout-" + version).namespace(ns).labels(labels))
        .spec(new V1DeploymentSpec().replicas(replicas).selector(new V1LabelSelector().matchLabels(labels))
            .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(labels))
                .spec(new V1PodSpec().containers(List.of(new V1Container().name("app").image(image))))));
  }

  /** Waits until the Deployment controller and kwok report {@code replicas} ready pods of {@code name}. */
  private void awaitReady(AppsV1Api apps, String name, int replicas) throws Exception {
    Await.until(name + " has " + replicas + " ready pods", Duration.ofSeconds(60), () -> {
      V1Deployment d = apps.readNamespacedDeployment(name, ns).execute();
      return d.getStatus() != null && Integer.valueOf(replicas).equals(d.getStatus().getReadyReplicas());
    }, () -> {
      try {
        return "status " + apps.readNamespacedDeployment(name, ns).execute().getStatus();
      } catch (Exception e) {
        return "status unreadable: " + e;
      }
    });
  }

  private Path kubeconfig() throws Exception {
    return AgentKubeconfig.write(cluster, dir);
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
    Output output = run("--kubeconfig", kubeconfig().toString(), "--context", "e2e", "--namespace", ns,
        "--deployment", "checkout", "--operator", "jane", "--reason", "checkout errors after v2",
        "--scale-down-delay", "0");

    assertEquals(0, output.status(), output.out() + output.err());
    assertTrue(output.out().contains("Outcome: ROLLED_BACK"), output.out());
    assertTrue(output.out().contains("From: v2  To: v1"), output.out());
    assertTrue(output.out().contains("no smoke test configured"), output.out());
    assertEquals("v1", new CoreV1Api(admin).readNamespacedService("checkout", ns).execute()
        .getSpec().getSelector().get("app.kubernetes.io/version"), "traffic goes to v1");
    V1Deployment v1 = new AppsV1Api(admin).readNamespacedDeployment("checkout-v1", ns).execute();
    assertEquals(2, v1.getStatus().getReadyReplicas(), "v1 serves with v2's 2 replicas: " + v1.getStatus());
    List<String> reasons = new CoreV1Api(admin).listNamespacedEvent(ns).execute().getItems().stream()
        .map(CoreV1Event::getReason).toList();
    assertTrue(reasons.contains("RollbackComplete"), "Events: " + reasons);
  }

  @Test
  void badArgumentsAreRefusedWithUsage() throws Exception {
    Output missing = run("--kubeconfig", kubeconfig().toString(), "--namespace", ns);
    assertEquals(2, missing.status());
    assertTrue(missing.err().contains("--deployment is required"), missing.err());
    Output shape = run("--kubeconfig", kubeconfig().toString(), "--namespace", ns, "--deployment", "checkout",
        "--shape", "canary");
    assertEquals(2, shape.status());
    assertTrue(shape.err().contains("--shape must be blue-green or in-place"), shape.err());
    Output delay = run("--kubeconfig", kubeconfig().toString(), "--namespace", ns, "--deployment", "checkout",
        "--scale-down-delay", "soon");
    assertEquals(2, delay.status());
    assertTrue(delay.err().contains("--scale-down-delay must be a whole number of seconds, not soon"), delay.err());
    Output context = run("--kubeconfig", kubeconfig().toString(), "--context", "nope", "--namespace", ns,
        "--deployment", "checkout");
    assertEquals(2, context.status());
    assertTrue(context.err().contains("has no context 'nope'"), context.err());
  }
}
