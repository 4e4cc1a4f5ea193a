package dev.rollback.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: every jar has a {@code module-info.java} that exports only API and SPI packages. The
 * examples module itself is compiled on the module path by the build; this test compiles a user's
 * module against the library's modules and shows that the API compiles and an {@code internal}
 * package does not.
 */
class ModulePathTest {

  /** The library's own modules (their classes directories or jars) and the few jars they require. */
  private static String modulePath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.contains("rollback-spi") || e.contains("rollback-core") || e.contains("jspecify")
            || e.contains("slf4j-api"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String compile(Path dir, String moduleInfo, String source) throws IOException {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("com/example/app"));
    Files.writeString(src.resolve("module-info.java"), moduleInfo);
    Files.writeString(src.resolve("com/example/app/App.java"), source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter out = new StringWriter();
    List<String> options = List.of("--module-path", modulePath(), "-d", dir.resolve("out").toString());
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      boolean ok = javac.getTask(out, files, null, options, null,
          files.getJavaFileObjects(src.resolve("module-info.java"), src.resolve("com/example/app/App.java"))).call();
      return ok ? "" : out.toString();
    }
  }

  @Test
  void aUserModuleCompilesAgainstTheApi(@TempDir Path dir) throws IOException {
    String errors = compile(dir, "module com.example.app { requires dev.rollback.core; }",
        "package com.example.app;\n"
            + "import dev.rollback.core.RollbackPolicy;\n"
            + "import dev.rollback.core.WorkflowGraph;\n"
            + "import dev.rollback.core.detect.DeploymentMonitor;\n"
            + "import dev.rollback.core.engine.RollbackEngine;\n"
            + "import dev.rollback.core.postmortem.Postmortem;\n"
            + "import dev.rollback.spi.helpers.Backoff;\n"
            + "class App { Object[] all = {RollbackPolicy.ofDefaults(), WorkflowGraph.seed(),"
            + " Backoff.exponential(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2))};"
            + " Class<?>[] types = {RollbackEngine.class, DeploymentMonitor.class, Postmortem.class}; }\n");
    assertEquals("", errors, "the API and the SPI helpers are exported (requires transitive spi)");
  }

  @Test
  void anInternalPackageIsNotExported(@TempDir Path dir) throws IOException {
    String errors = compile(dir, "module com.example.app { requires dev.rollback.core; }",
        "package com.example.app;\n"
            + "import dev.rollback.core.internal.RunExecution;\n"
            + "class App { RunExecution execution; }\n");
    assertTrue(errors.contains("package dev.rollback.core.internal is not visible")
        || errors.contains("does not export dev.rollback.core.internal"), errors);
  }
}
