package dev.rollback.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the README honest: its embedding sample compiles, and CI runs its test command. */
class ReadmeSampleTest {
  private static final Pattern SAMPLE =
      Pattern.compile("<!-- embed-sample[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern QUICK_START =
      Pattern.compile("## Quick start.*?```sh\\n(.*?)```", Pattern.DOTALL);

  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    assertNotNull(dir, "README.md not found above " + Path.of("").toAbsolutePath());
    return dir;
  }

  @Test
  void theEmbeddingSampleCompiles(@TempDir Path tmp) throws IOException {
    String readme = Files.readString(repoRoot().resolve("README.md"));
    Matcher m = SAMPLE.matcher(readme);
    assertTrue(m.find(), "the README has an embed-sample block");
    Path source = tmp.resolve("Embedding.java");
    Files.writeString(source, m.group(1));
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean ok = javac.getTask(diagnostics, null, null,
        List.of("-classpath", classpath, "-d", tmp.toString(), "--release", "17"), null,
        javac.getStandardFileManager(null, null, null).getJavaFileObjects(source)).call();
    assertTrue(ok, "the README's sample does not compile:\n" + diagnostics);
  }

  @Test
  void ciRunsBothQuickStartCommandsOfTheReadme() throws IOException {
    Path root = repoRoot();
    Matcher m = QUICK_START.matcher(Files.readString(root.resolve("README.md")));
    assertTrue(m.find(), "the README has a quick start block");
    List<String> commands = m.group(1).lines().filter(l -> !l.isBlank()).toList();
    assertEquals(2, commands.size(), "two commands: " + commands);
    assertTrue(commands.get(0).contains("-pl examples") && commands.get(0).contains("exec:java"), commands.get(0));
    String ci = Files.readString(root.resolve(".ci/run"));
    assertTrue(ci.lines().anyMatch(l -> l.strip().equals(commands.get(1))),
        ".ci/run must run exactly '" + commands.get(1) + "'");
    // The demo too: a change elsewhere (an exec:java turned on in a module it builds) broke it once.
    assertTrue(ci.lines().anyMatch(l -> l.strip().equals(commands.get(0))),
        ".ci/run must run exactly '" + commands.get(0) + "'");
  }
}
