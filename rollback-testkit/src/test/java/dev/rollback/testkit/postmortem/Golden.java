package dev.rollback.testkit.postmortem;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Compares a generated document with its golden file under {@code src/test/resources}. With
 * {@code -Dgolden.update=true} it rewrites the golden file instead; review the diff by eye then.
 */
final class Golden {
  static final String UPDATE = "golden.update";
  private static final Path ROOT = Path.of("src", "test", "resources");

  private Golden() {}

  static void check(String resource, String actual) throws IOException {
    Path file = ROOT.resolve(resource);
    if (Boolean.getBoolean(UPDATE)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    String how = "\nRegenerate with: ./mvnw -pl rollback-testkit -am verify -Dgolden.update=true"
        + " -Dtest='PostmortemGoldenTest' -Dsurefire.failIfNoSpecifiedTests=false, then review the diff.";
    if (!Files.exists(file)) {
      fail("golden file " + file.toAbsolutePath() + " is missing." + how);
    }
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      fail("the generated " + resource + " differs from its golden file " + file.toAbsolutePath() + ":\n"
          + diff(expected, actual) + how);
    }
  }

  /** A line diff: the first differing lines with context, '-' golden, '+' generated. */
  static String diff(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    int first = 0;
    while (first < e.size() && first < a.size() && e.get(first).equals(a.get(first))) {
      first++;
    }
    int endE = e.size() - 1;
    int endA = a.size() - 1;
    while (endE >= first && endA >= first && e.get(endE).equals(a.get(endA))) {
      endE--;
      endA--;
    }
    StringBuilder out = new StringBuilder();
    out.append("@@ line ").append(first + 1).append(" @@\n");
    for (int i = Math.max(0, first - 2); i < first; i++) {
      out.append("  ").append(e.get(i)).append('\n');
    }
    int shown = 0;
    for (int i = first; i <= endE && shown++ < 40; i++) {
      out.append("- ").append(e.get(i)).append('\n');
    }
    shown = 0;
    for (int i = first; i <= endA && shown++ < 40; i++) {
      out.append("+ ").append(a.get(i)).append('\n');
    }
    if (expected.lines().count() == actual.lines().count() && endE < first) {
      out.append("(the texts differ only in line endings or a trailing newline)\n");
    }
    return out.toString();
  }
}
