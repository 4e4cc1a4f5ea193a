package dev.rollback.prometheus.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Locates the {@code prometheus} and {@code promtool} executables: on PATH, then in /usr/bin. */
public record PrometheusBinaries(Path prometheus, Path promtool) {

  /** The package that provides both binaries on Debian and Ubuntu. */
  public static final String INSTALL_HINT =
      "install Debian's package: apt-get install -y --no-install-recommends prometheus";

  /** System property naming the only directory to search, instead of PATH and /usr/bin. */
  public static final String DIR_PROPERTY = "rollback.prometheus.binDir";

  /** Returns both binaries, or empty when either is missing. */
  public static Optional<PrometheusBinaries> find() {
    Optional<Path> prometheus = which("prometheus");
    Optional<Path> promtool = which("promtool");
    if (prometheus.isEmpty() || promtool.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PrometheusBinaries(prometheus.get(), promtool.get()));
  }

  private static Optional<Path> which(String name) {
    List<String> dirs = new ArrayList<>();
    String override = System.getProperty(DIR_PROPERTY);
    if (override != null) {
      // Lets a test run check the skip/fail path on a machine that has the binaries.
      Path p = Path.of(override, name);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.add("/usr/bin");
    dirs.add("/usr/local/bin");
    return dirs.stream()
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, name))
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
        .findFirst();
  }
}
