package dev.rollback.examples.agent;

import dev.rollback.k8s.TestCluster;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * A kubeconfig for the agent as a platform team would hand it one: the identity of the test
 * namespace's ServiceAccount {@code rollback}, which holds the shipped Roles only.
 */
public final class AgentKubeconfig {
  private AgentKubeconfig() {}

  /**
   * Writes {@code dir/agent.kubeconfig}: the apiserver's address, its CA as the controller-manager
   * publishes it to every namespace ({@code kube-root-ca.crt}, what pods trust) and a token from
   * the TokenRequest API.
   */
  public static Path write(TestCluster cluster, Path dir) throws Exception {
    ApiClient admin = cluster.plainClient();
    CoreV1Api core = new CoreV1Api(admin);
    String ca = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (ca == null) {
      try {
        V1ConfigMap map = core.readNamespacedConfigMap("kube-root-ca.crt", cluster.ns).execute();
        ca = Objects.requireNonNull(map.getData(), "kube-root-ca.crt has no data").get("ca.crt");
      } catch (ApiException e) {
        if (e.getCode() != 404 || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100); // the controller-manager publishes it shortly after the namespace is created
      }
    }
    String token = core.createNamespacedServiceAccountToken("rollback", cluster.ns, new AuthenticationV1TokenRequest()
        .spec(new V1TokenRequestSpec().expirationSeconds(3600L))).execute().getStatus().getToken();
    String caData = Base64.getEncoder().encodeToString(ca.getBytes(StandardCharsets.UTF_8));
    return Files.writeString(dir.resolve("agent.kubeconfig"), String.join("\n",
        "apiVersion: v1", "kind: Config",
        "clusters:", "- name: e2e", "  cluster:", "    server: " + admin.getBasePath(),
        "    certificate-authority-data: " + caData,
        "contexts:", "- name: e2e", "  context:", "    cluster: e2e", "    user: rollback",
        "current-context: e2e",
        "users:", "- name: rollback", "  user:", "    token: " + token, ""));
  }
}
