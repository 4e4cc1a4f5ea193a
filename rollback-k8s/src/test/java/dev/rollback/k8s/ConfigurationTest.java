package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation of the configuration records and client construction from a kubeconfig. */
class ConfigurationTest {

  @Test
  void adapterConfigReportsEveryBrokenRuleAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KubernetesAdapterConfig.builder()
        .serviceName("Not_A_Name").versionLabel("bad key!").maxAttempts(0)
        .backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build());
    String m = e.getMessage();
    assertTrue(m.contains("serviceName 'Not_A_Name' must be a DNS-1123 label"), m);
    assertTrue(m.contains("versionLabel 'bad key!' must be a Kubernetes label key"), m);
    assertTrue(m.contains("maxAttempts must be >= 1 but was 0"), m);
    assertTrue(m.contains("maxBackoff PT1S must not be shorter than initialBackoff PT2S"), m);
  }

  @Test
  void builderFromExistingCopiesEveryValue() {
    KubernetesAdapterConfig c = KubernetesAdapterConfig.builder().shape(RolloutShape.IN_PLACE)
        .cleanupPolicy(CleanupPolicy.SCALE_TO_ZERO).restartThreshold(7).serviceName("web").build();
    assertEquals(c, KubernetesAdapterConfig.builder(c).build());
    assertEquals(RolloutShape.BLUE_GREEN, KubernetesAdapterConfig.ofDefaults().shape());
  }

  @Test
  void jobConfigReadsYamlAndValidates() {
    JobSmokeTestConfig c = JobSmokeTestConfig.fromYaml("""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: smoke
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: smoke
                  image: registry.example.com/smoke:1
        """).logTailLines(5).build();
    assertEquals("smoke", c.template().getMetadata().getName());
    c.template().getMetadata().setName("changed");
    assertEquals("smoke", c.template().getMetadata().getName(), "the template is copied out");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JobSmokeTestConfig.fromYaml("apiVersion: batch/v1\nkind: Job\nspec: {template: {spec: {containers: []}}}\n")
            .timeout(Duration.ZERO).build());
    assertTrue(e.getMessage().contains("template must have spec.template.spec.containers"), e.getMessage());
    assertTrue(e.getMessage().contains("timeout must be positive"), e.getMessage());
  }

  @Test
  void clientFromKubeconfigUsesTheNamedContext(@TempDir Path dir) throws Exception {
    try (TestCluster cluster = new TestCluster()) {
      Path kubeconfig = dir.resolve("config");
      Files.writeString(kubeconfig, """
          apiVersion: v1
          kind: Config
          current-context: elsewhere
          clusters:
            - name: mock
              cluster: {server: "%s"}
            - name: nowhere
              cluster: {server: "http://127.0.0.1:9"}
          contexts:
            - name: test
              context: {cluster: mock, user: tester, namespace: shop}
            - name: elsewhere
              context: {cluster: nowhere, user: tester}
          users:
            - name: tester
              user: {token: not-a-secret}
          """.formatted(cluster.baseUrl()));
      ApiClient client = KubernetesAdapters.clientFromKubeconfig(kubeconfig, "test");
      assertEquals(cluster.baseUrl(), client.getBasePath());
      new CoreV1Api(client).createNamespace(new V1Namespace().apiVersion("v1").kind("Namespace")
          .metadata(new V1ObjectMeta().name("reached"))).execute();
      assertEquals("reached", new CoreV1Api(cluster.plainClient()).readNamespace("reached").execute().getMetadata().getName());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> KubernetesAdapters.clientFromKubeconfig(kubeconfig, "missing"));
      assertTrue(e.getMessage().contains("no context 'missing'"), e.getMessage());
    }
  }
}
