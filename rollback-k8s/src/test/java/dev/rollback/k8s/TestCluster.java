package dev.rollback.k8s;

import dev.rollback.spi.DeploymentRef;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1RoleRef;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.kubernetes.client.util.Yaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;

/**
 * A namespace of its own on the JVM's real control plane ({@link ControlPlane}), with a
 * ServiceAccount {@code rollback} bound to the shipped Roles ({@code dev/rollback/k8s/rbac.yaml}),
 * all of them or chosen ones.
 * {@link #adapterClient()} authenticates as that ServiceAccount with a token from the TokenRequest
 * API, so the adapters under test get real 403s for anything the Role does not grant; {@link
 * #plainClient()} is a cluster admin for set-up and checks. Closing deletes the namespace.
 */
public final class TestCluster implements AutoCloseable {
  static final String SERVICE_ACCOUNT = "rollback";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  public final ControlPlane plane;
  public final String ns;
  private final String token;

  private TestCluster(ControlPlane plane, String ns, String token) {
    this.plane = plane;
    this.ns = ns;
    this.token = token;
  }

  /** Creates a namespace whose ServiceAccount holds the shipped Role; skips when no control plane. */
  public static TestCluster create() throws Exception {
    return create(UnaryOperator.identity());
  }

  /**
   * As {@link #create()}, with the rules of the shipped Roles, joined in one Role, changed by {@code
   * rules} (to take a permission away).
   */
  public static TestCluster create(UnaryOperator<List<V1PolicyRule>> rules) throws Exception {
    List<V1PolicyRule> all = new java.util.ArrayList<>();
    shippedRoles().forEach(r -> all.addAll(r.getRules()));
    V1Role role = new V1Role().apiVersion("rbac.authorization.k8s.io/v1").kind("Role")
        .metadata(new V1ObjectMeta().name("rollback")).rules(rules.apply(all));
    return create(List.of(role));
  }

  /** Creates a namespace whose ServiceAccount holds only the shipped Roles named {@code roles}. */
  static TestCluster createWith(String... roles) throws Exception {
    List<V1Role> chosen = new java.util.ArrayList<>();
    for (String name : roles) {
      chosen.add(shippedRoles().stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no shipped Role " + name)));
    }
    return create(chosen);
  }

  private static TestCluster create(List<V1Role> roles) throws Exception {
    ControlPlane plane = ControlPlane.shared();
    Assumptions.assumeTrue(plane != null, () -> "no real control plane: " + ControlPlane.missingReason());
    String ns = "rb-" + COUNTER.incrementAndGet() + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    ApiClient admin = plane.admin();
    CoreV1Api core = new CoreV1Api(admin);
    core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(ns))).execute();
    core.createNamespacedServiceAccount(ns, new V1ServiceAccount().metadata(new V1ObjectMeta().name(SERVICE_ACCOUNT)))
        .execute();
    RbacAuthorizationV1Api rbac = new RbacAuthorizationV1Api(admin);
    for (V1Role role : roles) {
      role.getMetadata().namespace(ns);
      rbac.createNamespacedRole(ns, role).execute();
      rbac.createNamespacedRoleBinding(ns, new V1RoleBinding().metadata(new V1ObjectMeta().name(role.getMetadata().getName()))
          .roleRef(new V1RoleRef().apiGroup("rbac.authorization.k8s.io").kind("Role").name(role.getMetadata().getName()))
          .subjects(List.of(new RbacV1Subject().kind("ServiceAccount").name(SERVICE_ACCOUNT).namespace(ns)))).execute();
    }
    String token = core.createNamespacedServiceAccountToken(SERVICE_ACCOUNT, ns, new AuthenticationV1TokenRequest()
        .spec(new V1TokenRequestSpec().expirationSeconds(3600L))).execute().getStatus().getToken();
    // Pods of the namespace need its default ServiceAccount, which the controller-manager creates.
    Await.until("namespace " + ns + " has its default ServiceAccount", Duration.ofSeconds(30), () -> {
      try {
        core.readNamespacedServiceAccount("default", ns).execute();
        return true;
      } catch (ApiException e) {
        if (e.getCode() == 404) {
          return false;
        }
        throw e;
      }
    });
    return new TestCluster(plane, ns, token);
  }

  /** Returns the Roles of the shipped manifest, one per feature, each read afresh. */
  public static List<V1Role> shippedRoles() throws IOException {
    try (InputStream in = TestCluster.class.getClassLoader().getResourceAsStream(KubernetesAdapters.RBAC_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(KubernetesAdapters.RBAC_RESOURCE + " is not on the class path");
      }
      List<V1Role> roles = new java.util.ArrayList<>();
      for (Object o : Yaml.loadAll(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        if (!(o instanceof V1Role role)) {
          throw new IllegalStateException(KubernetesAdapters.RBAC_RESOURCE + " holds a " + o.getClass() + ", not a Role");
        }
        roles.add(role);
      }
      return roles;
    }
  }

  /** The deployment reference the adapters roll back in this namespace. */
  public DeploymentRef ref(String name) {
    return DeploymentRef.of("test", ns, name);
  }

  /** Returns a client authenticated as the ServiceAccount; its requests are recorded in {@link RequestLog}. */
  public ApiClient adapterClient() {
    ApiClient client = plane.client(token);
    client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(RequestLog.INSTANCE).build());
    return client;
  }

  /** Returns the ServiceAccount's bearer token, for kubectl as the adapters' identity. */
  String token() {
    return token;
  }

  /** Returns a cluster-admin client for set-up and checks, not recorded. */
  public ApiClient plainClient() {
    return plane.admin();
  }

  /**
   * Makes kwok serve {@code lines} as the log of container {@code container} of every pod in this
   * namespace (a ClusterLogs object selecting it), as a kubelet would serve the container's output.
   */
  public void serveLogs(String container, List<String> lines) throws Exception {
    Path file = plane.directory().resolve("logs-" + ns + "-" + container + ".log");
    StringBuilder cri = new StringBuilder();
    for (String line : lines) {
      cri.append(Instant.now()).append(" stdout F ").append(line).append('\n');
    }
    Files.writeString(file, cri.toString(), StandardCharsets.UTF_8);
    Map<String, Object> body = Map.of("apiVersion", "kwok.x-k8s.io/v1alpha1", "kind", "ClusterLogs",
        "metadata", Map.of("name", ns + "-" + container),
        "spec", Map.of("selector", Map.of("matchNamespaces", List.of(ns)),
            "logs", List.of(Map.of("containers", List.of(container), "logsFile", file.toString()))));
    new CustomObjectsApi(plane.admin()).createClusterCustomObject("kwok.x-k8s.io", "v1alpha1", "clusterlogs", body)
        .execute();
  }

  /** Deletes the namespace; the namespace controller removes what is left in it in the background. */
  @Override
  public void close() {
    try {
      new CoreV1Api(plane.admin()).deleteNamespace(ns).execute();
    } catch (ApiException e) {
      throw new IllegalStateException("cannot delete namespace " + ns + ": " + e.getResponseBody(), e);
    }
  }
}
