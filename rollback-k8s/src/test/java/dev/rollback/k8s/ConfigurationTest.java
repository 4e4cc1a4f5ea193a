package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.helpers.InvalidConfigurationException;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
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
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> KubernetesAdapterConfig.builder()
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
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> JobSmokeTestConfig.fromYaml("apiVersion: batch/v1\nkind: Job\nspec: {template: {spec: {containers: []}}}\n")
            .timeout(Duration.ZERO).build());
    assertTrue(e.getMessage().contains("template must have spec.template.spec.containers"), e.getMessage());
    assertTrue(e.getMessage().contains("timeout must be positive"), e.getMessage());
  }

  @Test
  void clientFromKubeconfigUsesTheNamedContext(@TempDir Path dir) throws Exception {
    try (TestCluster cluster = TestCluster.create()) {
      // A relative certificate path resolves against the kubeconfig's folder, as kubectl does.
      Files.copy(cluster.plane.caFile(), dir.resolve("ca.crt"));
      Path kubeconfig = dir.resolve("config");
      Files.writeString(kubeconfig, """
          apiVersion: v1
          kind: Config
          current-context: elsewhere
          clusters:
            - name: real
              cluster: {server: "%s", certificate-authority: ca.crt}
            - name: nowhere
              cluster: {server: "http://127.0.0.1:9"}
          contexts:
            - name: test
              context: {cluster: real, user: rollback, namespace: %s}
            - name: elsewhere
              context: {cluster: nowhere, user: rollback}
          users:
            - name: rollback
              user: {token: "%s"}
          """.formatted(cluster.plane.server(), cluster.ns, cluster.token()));
      ApiClient client = KubernetesAdapters.clientFromKubeconfig(kubeconfig, "test");
      assertEquals(cluster.plane.server(), client.getBasePath());
      new CoreV1Api(client).createNamespacedConfigMap(cluster.ns, new V1ConfigMap().apiVersion("v1").kind("ConfigMap")
          .metadata(new V1ObjectMeta().name("reached"))).execute();
      assertEquals("reached", new CoreV1Api(cluster.plainClient()).readNamespacedConfigMap("reached", cluster.ns)
          .execute().getMetadata().getName(), "written through the kubeconfig's TLS and token");
      ApiException refused = assertThrows(ApiException.class,
          () -> new CoreV1Api(client).listNamespacedSecret(cluster.ns).execute());
      assertEquals(403, refused.getCode(), "the client is the ServiceAccount of the context's user, not an admin");
      InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
          () -> KubernetesAdapters.clientFromKubeconfig(kubeconfig, "missing"));
      assertTrue(e.getMessage().contains("no context 'missing'"), e.getMessage());
    }
  }
}
