package dev.rollback.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Finds the control plane for a benchmark's {@code main}, which runs through {@code exec:java}
 * inside Maven's JVM, whose working directory is wherever Maven was started rather than the
 * module (as for surefire): the module's directory comes from the system property {@code
 * rollback.k8s.basedir} (set by the {@code k8s-bench} profile), and {@code controlplane/build.sh
 * --print-dir} there names the bin directory that {@link ControlPlane} reads from {@code
 * rollback.controlplane.bin}.
 */
final class BenchControlPlane {
  private BenchControlPlane() {}

  /** Starts the JVM's control plane, or throws saying why there is none. */
  static ControlPlane require() throws IOException, InterruptedException {
    if (System.getProperty("rollback.controlplane.bin") == null) {
      Path module = Path.of(System.getProperty("rollback.k8s.basedir", "."));
      Path script = module.resolve("controlplane").resolve("build.sh");
      if (!Files.isRegularFile(script)) {
        throw new IllegalStateException(script.toAbsolutePath() + " does not exist: run the benchmark with "
            + "-Dk8s.bench from the repository (the k8s-bench profile sets rollback.k8s.basedir), or set "
            + "-Drollback.controlplane.bin to the control plane's bin directory");
      }
      Process p = new ProcessBuilder("bash", script.toString(), "--print-dir").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(script + " --print-dir failed: " + out);
      }
      System.setProperty("rollback.controlplane.bin", out);
    }
    ControlPlane plane = ControlPlane.shared();
    if (plane == null) {
      throw new IllegalStateException("no control plane: " + ControlPlane.missingReason());
    }
    return plane;
  }
}
