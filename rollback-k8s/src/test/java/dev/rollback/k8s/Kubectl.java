package dev.rollback.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Runs the kubectl found on PATH through a throw-away kubeconfig (a real cluster's or the mock's). */
public final class Kubectl {
  /** What one invocation did. */
  public record Result(List<String> command, int exitCode, String output) {}

  private final Path kubeconfig;
  private final Path cacheDir;
  private final String executable;

  /** Writes a kubeconfig for {@code server} (plain HTTP, no credentials) into {@code dir}. */
  Kubectl(String server, Path dir) throws IOException {
    this.kubeconfig = dir.resolve("kubeconfig");
    this.cacheDir = dir.resolve("cache");
    this.executable = "kubectl";
    Files.writeString(kubeconfig, String.join("\n",
        "apiVersion: v1", "kind: Config",
        "clusters:", "- name: mock", "  cluster:", "    server: " + server,
        "contexts:", "- name: mock", "  context:", "    cluster: mock", "    user: bench",
        "current-context: mock",
        "users:", "- name: bench", "  user: {}", ""), StandardCharsets.UTF_8);
  }

  /**
   * Writes a kubeconfig for {@code cluster}'s apiserver, for the kubectl built with the control
   * plane (same release), authenticating with {@code token}, into {@code dir}.
   */
  Kubectl(TestCluster cluster, String user, String token, Path dir) throws IOException {
    this.kubeconfig = dir.resolve("kubeconfig");
    this.cacheDir = dir.resolve("cache");
    this.executable = cluster.plane.kubectl().toString();
    Files.writeString(kubeconfig, cluster.plane.kubeconfig(user, token), StandardCharsets.UTF_8);
  }

  /** Returns a kubectl acting as {@code cluster}'s ServiceAccount (the adapters' identity). */
  public static Kubectl asServiceAccount(TestCluster cluster, Path dir) throws IOException {
    return new Kubectl(cluster, TestCluster.SERVICE_ACCOUNT, cluster.token(), dir);
  }

  /** Returns a kubectl acting as a cluster admin, as an operator at the terminal would. */
  static Kubectl asAdmin(TestCluster cluster, Path dir) throws IOException {
    return new Kubectl(cluster, "admin", cluster.plane.adminToken(), dir);
  }

  /** Returns the kubectl executable on PATH, or null when there is none. */
  static @Nullable Path find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Runs {@code kubectl --kubeconfig K --cache-dir C ARGS}; fails if it runs past a minute. */
  public Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(executable, "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", cacheDir.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("kubectl did not finish within a minute: " + command);
    }
    return new Result(command, p.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
  }
}
