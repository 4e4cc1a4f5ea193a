package dev.rollback.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.ClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A real Kubernetes control plane on loopback, started once per test JVM: etcd, kube-apiserver
 * (RBAC, service-account tokens signed by a key made at start, static admin token),
 * kube-controller-manager and kube-scheduler (leader election off), and kwok playing the kubelets
 * of fake nodes with the stages in {@code kwok-stages.yaml} (test resources). The binaries come
 * from {@code controlplane/build.sh}, which the module's build runs before the tests; the bin
 * directory is passed as the system property {@code rollback.controlplane.bin}.
 *
 * <p>Where the binaries are missing, {@link #shared()} fails under {@code CI=true} and otherwise
 * answers null, for the tests to be skipped with the reason in {@link #missingReason()}.
 */
public final class ControlPlane implements AutoCloseable {
  static final String NODE_PREFIX = "kwok-node-";
  static final int NODES = 2;
  private static final String ADMIN_TOKEN = "rollback-test-admin-" + Long.toHexString(System.nanoTime());
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private static @Nullable ControlPlane shared;
  private static @Nullable String missing;

  private final Path dir;
  private final Path bin;
  private final List<Process> processes = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final int etcdPort;
  private final int apiPort;
  private final Duration startTime;
  private @Nullable ApiClient admin;

  /** Returns the control plane of this JVM, starting it on first use; null when it cannot be had. */
  public static synchronized @Nullable ControlPlane shared() {
    if (shared != null || missing != null) {
      return shared;
    }
    Path bin = binDirectory();
    List<String> absent = Stream.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl", "kwok")
        .filter(b -> !Files.isExecutable(bin.resolve(b))).toList();
    if (!absent.isEmpty()) {
      missing = "the control plane binaries " + absent + " are not in " + bin
          + "; run rollback-k8s/controlplane/build.sh (needs Go) or build the module with Maven, which runs it";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true and " + missing);
      }
      System.err.println("SKIPPING the real-cluster tests: " + missing);
      return null;
    }
    try {
      shared = new ControlPlane(bin);
    } catch (Exception e) {
      throw new IllegalStateException("the control plane did not start: " + e.getMessage(), e);
    }
    ControlPlane started = shared;
    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "control-plane-stop"));
    return started;
  }

  /** Stops the JVM's control plane, if one was started (at the end of the JUnit run). */
  static synchronized void stopShared() {
    if (shared != null) {
      System.err.printf("control plane stopped (it started in %.1f s)%n", shared.startTime.toMillis() / 1000.0);
      shared.close();
    }
  }

  public static @Nullable String missingReason() {
    return missing;
  }

  /**
   * Returns the bin directory: the system property {@code rollback.controlplane.bin}, else what
   * {@code controlplane/build.sh --print-dir} names, in the module's directory: the system property
   * {@code rollback.k8s.basedir} (set where the tests run outside the module, as the benchmarks
   * module's do), else the working directory (surefire's, the module's).
   */
  private static Path binDirectory() {
    String property = System.getProperty("rollback.controlplane.bin");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    Path script = Path.of(System.getProperty("rollback.k8s.basedir", ".")).resolve("controlplane").resolve("build.sh");
    try {
      Process p = new ProcessBuilder("bash", script.toString(), "--print-dir").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(30, TimeUnit.SECONDS);
      return Path.of(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script + " --print-dir: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private ControlPlane(Path bin) throws Exception {
    long t0 = System.nanoTime();
    this.bin = bin;
    this.dir = Files.createTempDirectory("rollback-control-plane-");
    try {
      etcdPort = freePort();
      int peerPort = freePort();
      apiPort = freePort();
      start("etcd", List.of("--data-dir", dir.resolve("etcd").toString(),
          "--name", "default",
          "--listen-client-urls", "http://127.0.0.1:" + etcdPort,
          "--advertise-client-urls", "http://127.0.0.1:" + etcdPort,
          "--listen-peer-urls", "http://127.0.0.1:" + peerPort,
          "--initial-advertise-peer-urls", "http://127.0.0.1:" + peerPort,
          "--initial-cluster", "default=http://127.0.0.1:" + peerPort,
          "--unsafe-no-fsync", "--log-level", "warn"));
      awaitHttp("etcd", "http://127.0.0.1:" + etcdPort + "/health", null);

      KeyPair sa = KeyPairGenerator.getInstance("RSA").genKeyPair();
      Path saKey = write("sa.key", pem("PRIVATE KEY", sa.getPrivate().getEncoded()));
      Path saPub = write("sa.pub", pem("PUBLIC KEY", sa.getPublic().getEncoded()));
      Path tokens = write("tokens.csv", ADMIN_TOKEN + ",admin,admin-uid,\"system:masters\"\n");
      start("kube-apiserver", List.of(
          "--etcd-servers", "http://127.0.0.1:" + etcdPort,
          "--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1",
          "--secure-port", String.valueOf(apiPort),
          "--cert-dir", dir.resolve("certs").toString(),
          "--token-auth-file", tokens.toString(),
          "--authorization-mode", "RBAC",
          "--service-account-issuer", "https://kubernetes.default.svc.cluster.local",
          "--service-account-key-file", saPub.toString(),
          "--service-account-signing-key-file", saKey.toString(),
          "--service-cluster-ip-range", "10.96.0.0/24",
          "--allow-privileged=true",
          "--kubelet-preferred-address-types", "InternalIP",
          // The readiness watch's relist after 410 Gone needs watches served by etcd itself, whose
          // compaction the test can force; every other resource keeps the watch cache.
          "--watch-cache-sizes", "pods#0",
          "--profiling=false", "--v=1"));
      awaitHttp("kube-apiserver", server() + "/readyz", ADMIN_TOKEN);

      Path kubeconfig = write("admin.kubeconfig", kubeconfig("admin", ADMIN_TOKEN));
      start("kube-controller-manager", List.of("--kubeconfig", kubeconfig.toString(),
          "--leader-elect=false", "--secure-port=0",
          "--service-account-private-key-file", saKey.toString(),
          "--root-ca-file", caFile().toString(),
          "--controllers", "*",
          // kwok's nodes are never down; under load (two cores) a late heartbeat would let the
          // node lifecycle controller mark every pod of the node unready, which kwok never undoes.
          "--node-monitor-grace-period", "10m",
          "--concurrent-deployment-syncs", "10", "--concurrent-replicaset-syncs", "10",
          "--v=1"));
      start("kube-scheduler", List.of("--kubeconfig", kubeconfig.toString(), "--leader-elect=false",
          "--secure-port=0", "--v=1"));
      Path stages = dir.resolve("kwok-stages.yaml");
      try (InputStream in = ControlPlane.class.getResourceAsStream("/kwok-stages.yaml")) {
        if (in == null) {
          throw new IllegalStateException("kwok-stages.yaml is not on the test class path");
        }
        Files.copy(in, stages);
      }
      installKwokCrd();
      int kwokPort = freePort();
      start("kwok", List.of("--kubeconfig", kubeconfig.toString(),
          // Serves the fake kubelets' API (pods/log) on loopback, where the nodes say it is.
          "--server-address", "127.0.0.1:" + kwokPort, "--node-port", String.valueOf(kwokPort),
          "--enable-crds", "ClusterLogs",
          "--manage-all-nodes=false",
          "--manage-nodes-with-annotation-selector", "kwok.x-k8s.io/node=fake",
          "--config", stages.toString(),
          "--cidr", "10.244.0.0/16",
          // The node's address is loopback: the apiserver dials it for pods/log, and nothing
          // outside loopback may be a target. Pod IPs are never dialled.
          "--node-ip", "127.0.0.1"));
      createNodes();
      startTime = Duration.ofNanos(System.nanoTime() - t0);
      System.err.printf("control plane (%s) started in %.1f s: apiserver %s, etcd :%d, data %s%n",
          bin, startTime.toMillis() / 1000.0, server(), etcdPort, dir);
    } catch (Exception e) {
      String logs = tails();
      close();
      throw new IllegalStateException(e.getMessage() + "\n" + logs, e);
    }
  }

  /** Returns how long the start took. */
  Duration startTime() {
    return startTime;
  }

  String server() {
    return "https://127.0.0.1:" + apiPort;
  }

  /** The etcd client URL, for tests that force a compaction. */
  String etcd() {
    return "http://127.0.0.1:" + etcdPort;
  }

  /** The apiserver's self-signed serving certificate and its CA, as the apiserver wrote them. */
  Path caFile() {
    return dir.resolve("certs").resolve("apiserver.crt");
  }

  /** The kubectl built from the same Kubernetes release as the apiserver. */
  Path kubectl() {
    return bin.resolve("kubectl");
  }

  Path directory() {
    return dir;
  }

  /** Returns a kubeconfig for {@code user} authenticating with {@code token}. */
  String kubeconfig(String user, String token) {
    return String.join("\n",
        "apiVersion: v1", "kind: Config",
        "clusters:", "- name: test", "  cluster:", "    server: " + server(),
        "    certificate-authority: " + caFile(),
        "contexts:", "- name: test", "  context:", "    cluster: test", "    user: " + user,
        "current-context: test",
        "users:", "- name: " + user, "  user:", "    token: " + token, "");
  }

  /** The cluster admin's bearer token (system:masters), for kubectl as an operator. */
  String adminToken() {
    return ADMIN_TOKEN;
  }

  /** Returns a client authenticated as a cluster admin (system:masters). */
  synchronized ApiClient admin() {
    if (admin == null) {
      admin = client(ADMIN_TOKEN);
    }
    return admin;
  }

  /** Returns a new client verifying the apiserver's certificate and sending {@code token}. */
  ApiClient client(String token) {
    try {
      ApiClient client = new ClientBuilder().setBasePath(server())
          .setCertificateAuthority(Files.readAllBytes(caFile())).build();
      client.setApiKeyPrefix("Bearer");
      client.setApiKey(token);
      return client;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + caFile(), e);
    }
  }

  private void createNodes() throws Exception {
    CoreV1Api core = new CoreV1Api(admin());
    for (int i = 0; i < NODES; i++) {
      String name = NODE_PREFIX + i;
      core.createNode(new V1Node().apiVersion("v1").kind("Node")
          .metadata(new V1ObjectMeta().name(name)
              .annotations(Map.of("kwok.x-k8s.io/node", "fake", "node.alpha.kubernetes.io/ttl", "0"))
              .labels(Map.of("kubernetes.io/hostname", name, "kubernetes.io/os", "linux",
                  "kubernetes.io/role", "agent", "type", "kwok"))))
          .execute();
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      long ready = core.listNode().execute().getItems().stream()
          .filter(n -> n.getStatus() != null && n.getStatus().getConditions() != null
              && n.getStatus().getConditions().stream().anyMatch(ControlPlane::isReady))
          .count();
      if (ready == NODES) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("kwok did not make the nodes Ready within " + START_TIMEOUT);
      }
      checkAlive();
      Thread.sleep(100);
    }
  }

  private void installKwokCrd() throws Exception {
    Path crd = bin.resolveSibling("crds").resolve("kwok.x-k8s.io_clusterlogs.yaml");
    // Sent as the YAML says, not through the typed model, which would add empty fields.
    Map<String, Object> definition = new org.yaml.snakeyaml.Yaml().load(Files.readString(crd, StandardCharsets.UTF_8));
    new CustomObjectsApi(admin()).createClusterCustomObject("apiextensions.k8s.io", "v1", "customresourcedefinitions",
        definition).execute();
    @SuppressWarnings("unchecked")
    String name = (String) ((Map<String, Object>) definition.get("metadata")).get("name");
    ApiextensionsV1Api api = new ApiextensionsV1Api(admin());
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      var status = api.readCustomResourceDefinition(name).execute().getStatus();
      if (status != null && status.getConditions() != null && status.getConditions().stream()
          .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("CRD " + name + " was not established within " + START_TIMEOUT);
      }
      Thread.sleep(50);
    }
  }

  private static boolean isReady(V1NodeCondition c) {
    return "Ready".equals(c.getType()) && "True".equals(c.getStatus());
  }

  private void start(String name, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(bin.resolve(name).toString());
    command.addAll(args);
    Path log = dir.resolve(name + ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    processes.add(p);
    names.add(name);
  }

  private void checkAlive() {
    for (int i = 0; i < processes.size(); i++) {
      if (!processes.get(i).isAlive()) {
        throw new IllegalStateException(names.get(i) + " exited with " + processes.get(i).exitValue());
      }
    }
  }

  private void awaitHttp(String what, String url, @Nullable String token) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    javax.net.ssl.SSLContext trustAll = null;
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      checkAlive();
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        if (c instanceof javax.net.ssl.HttpsURLConnection https) {
          if (trustAll == null && Files.exists(caFile())) {
            trustAll = sslTrusting(caFile());
          }
          if (trustAll == null) {
            Thread.sleep(100);
            continue;
          }
          https.setSSLSocketFactory(trustAll.getSocketFactory());
        }
        if (token != null) {
          c.setRequestProperty("Authorization", "Bearer " + token);
        }
        c.setConnectTimeout(1000);
        c.setReadTimeout(5000);
        int code = c.getResponseCode();
        if (code == 200) {
          return;
        }
        last = "HTTP " + code;
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(what + " was not ready within " + START_TIMEOUT + ": " + last);
  }

  private static javax.net.ssl.SSLContext sslTrusting(Path pemFile) throws Exception {
    var factory = java.security.cert.CertificateFactory.getInstance("X.509");
    var store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (var cert : factory.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pemFile)))) {
      store.setCertificateEntry("ca-" + i++, cert);
    }
    var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  /** Returns the last lines of every component's log, for a failed start. */
  String tails() {
    StringBuilder sb = new StringBuilder();
    for (String name : names) {
      Path log = dir.resolve(name + ".log");
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        sb.append("--- ").append(name).append(" (last lines of ").append(log).append(")\n");
        lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> sb.append(l).append('\n'));
      } catch (IOException e) {
        sb.append("--- ").append(name).append(": no log (").append(e.getMessage()).append(")\n");
      }
    }
    return sb.toString();
  }

  /** Stops every process, newest first, and removes the data directory. */
  @Override
  public synchronized void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
    if (System.getenv("ROLLBACK_KEEP_CONTROL_PLANE_DATA") == null) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temp directory left behind is harmless; the processes are stopped
      }
    }
  }
}
