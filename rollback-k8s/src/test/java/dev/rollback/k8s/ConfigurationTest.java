package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.spi.helpers.RollbackException;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation of the configurations, their value semantics, and client construction from a kubeconfig. */
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
  void adapterConfigIsAValueWhoseToStringNamesEverySetting() {
    KubernetesAdapterConfig c = KubernetesAdapterConfig.builder().serviceName("web").maxAttempts(7).build();
    KubernetesAdapterConfig same = KubernetesAdapterConfig.builder().serviceName("web").maxAttempts(7).build();
    assertEquals(c, same);
    assertEquals(c.hashCode(), same.hashCode());
    assertNotEquals(c, KubernetesAdapterConfig.builder(c).maxAttempts(8).build());
    assertNotEquals(c, KubernetesAdapterConfig.builder(c).argoCdInstanceLabel("app.kubernetes.io/instance").build());
    String text = c.toString();
    assertTrue(text.startsWith("KubernetesAdapterConfig[shape=BLUE_GREEN, serviceName=web, "), text);
    for (String setting : List.of("maxAttempts=7", "initialBackoff=PT0.2S", "maxBackoff=PT5S", "runRetention=PT168H",
        "gitOpsPolicy=HALT", "argoCdInstanceLabel=null", "survivalWindow=PT10S")) {
      assertTrue(text.contains(setting), setting + " in " + text);
    }
  }

  @Test
  void adapterConfigListsEachProblemOnItsOwn() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> KubernetesAdapterConfig
        .builder().maxAttempts(0).restartThreshold(-1).watchTimeout(Duration.ofMillis(10)).build());
    assertEquals("KubernetesAdapterConfig", e.configuration());
    assertEquals(List.of("restartThreshold must be >= 0 but was -1", "maxAttempts must be >= 1 but was 0",
        "watchTimeout must be at least PT1S but was PT0.01S"), e.problems());
  }

  @Test
  void everyExceptionOfTheAdaptersIsARollbackException() {
    for (Class<?> type : List.of(KubernetesAdapterException.class, ClusterStateException.class,
        RunTooLargeException.class, InvalidConfigurationException.class)) {
      assertTrue(RollbackException.class.isAssignableFrom(type), type.getName());
    }
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> KubernetesAdapters.create(new ApiClient(), KubernetesAdapterConfig.ofDefaults()).runStore("Not_A_Namespace"));
    assertTrue(e.getMessage().contains("namespace 'Not_A_Namespace' must be a DNS-1123 label"), e.getMessage());
  }

  @Test
  void jobConfigCopiesFromAnExistingOneAndKeepsItsTemplateOutOfToString() {
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
                  env:
                    - name: TOKEN
                      value: s3cr3t-t0ken
        """).logTailLines(5).cleanup(JobCleanup.NEVER).build();
    JobSmokeTestConfig copy = JobSmokeTestConfig.builder(c).build();
    assertEquals(c, copy);
    assertEquals(c.hashCode(), copy.hashCode());
    assertNotEquals(c, JobSmokeTestConfig.builder(c).logTailLines(6).build());
    assertEquals("JobSmokeTestConfig[job=smoke, timeout=PT5M, pollInterval=PT1S, logTailLines=5, cleanup=NEVER]",
        c.toString());
    assertFalse(c.toString().contains("s3cr3t"), c.toString());
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
