package dev.rollback.benchmarks.k8s;

import dev.rollback.k8s.ControlPlane;

/**
 * Starts the control plane for a benchmark's {@code main}, which runs outside surefire: {@link
 * ControlPlane} finds its binaries through {@code rollback-k8s/controlplane/build.sh}, in the
 * directory the system property {@code rollback.k8s.basedir} names (see BENCHMARKS.md for the
 * command line), or in the directory the property {@code rollback.controlplane.bin} names.
 */
final class BenchControlPlane {
  private BenchControlPlane() {}

  /** Starts the JVM's control plane, or throws saying why there is none. */
  static ControlPlane require() {
    ControlPlane plane = ControlPlane.shared();
    if (plane == null) {
      throw new IllegalStateException("no control plane: " + ControlPlane.missingReason()
          + " (run the benchmark with -Drollback.k8s.basedir=<the rollback-k8s directory>, or set"
          + " -Drollback.controlplane.bin to the control plane's bin directory)");
    }
    return plane;
  }
}
