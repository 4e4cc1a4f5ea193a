package dev.rollback.micrometer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the README's meter table honest: it lists every meter the binding registers, and no other. */
class MeterTableTest {
  private static final Pattern ROW = Pattern.compile("^\\| `(rollback\\.[a-z.]+)` \\| `([a-z_]+)` \\|", Pattern.MULTILINE);

  @Test
  void theReadmeTableNamesEveryMeterAndItsPrometheusName() throws IOException, IllegalAccessException {
    String readme = Files.readString(readme());
    int start = readme.indexOf("## Metrics and traces (rollback-micrometer)");
    assertTrue(start >= 0, "the README has the section");
    int end = readme.indexOf("\n## ", start + 1);
    Matcher rows = ROW.matcher(readme.substring(start, end < 0 ? readme.length() : end));
    Set<String> documented = new TreeSet<>();
    while (rows.find()) {
      documented.add(rows.group(1));
      String prometheus = rows.group(1).replace('.', '_');
      assertTrue(rows.group(2).equals(prometheus) || rows.group(2).equals(prometheus + "_total")
          || rows.group(2).equals(prometheus + "_seconds"), rows.group(1) + " is " + rows.group(2) + " in Prometheus?");
    }
    Set<String> registered = new TreeSet<>();
    for (Class<?> meters : new Class<?>[] {RunMeters.class, JudgementMeters.class}) {
      for (Field field : meters.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
          registered.add((String) field.get(null));
        }
      }
    }
    assertEquals(registered, documented);
  }

  private static Path readme() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    assertNotNull(dir, "README.md not found above " + Path.of("").toAbsolutePath());
    // the module's directory has no README of its own; the first one above it is the project's
    return dir.resolve("README.md");
  }
}
