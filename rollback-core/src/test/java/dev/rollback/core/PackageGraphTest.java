package dev.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two packages of rollback-core depend on each other, directly or through others (issue 13).
 * The dependencies are read from the compiled classes' constant pools, where every class a class
 * refers to (in code, field and method types, generic signatures and annotations) is named, the
 * way {@code jdeps} reads them.
 */
class PackageGraphTest {

  private static final Pattern CORE_CLASS =
      Pattern.compile("dev/rollback/(core(?:/[a-z][a-z0-9]*)*)/[A-Z][\\w$]*");

  @Test
  void theCorePackagesFormNoCycle() throws IOException, URISyntaxException {
    Map<String, Map<String, Set<String>>> graph = packageGraph(classesDirectory());

    assertTrue(
        graph.keySet().containsAll(List.of(
            "dev.rollback.core",
            "dev.rollback.core.engine",
            "dev.rollback.core.detect",
            "dev.rollback.core.internal",
            "dev.rollback.core.internal.format",
            "dev.rollback.core.postmortem")),
        () -> "the packages read from the compiled classes: " + graph.keySet());
    assertTrue(
        graph.get("dev.rollback.core.engine").containsKey("dev.rollback.core.internal"),
        () -> "the engine's dependencies as read: " + graph.get("dev.rollback.core.engine").keySet());
    assertEquals(List.of(), cycles(graph), "package cycles, each with the classes that close it");
  }

  @Test
  void theBottomPackageDependsOnNoOtherPackageOfTheCore() throws IOException, URISyntaxException {
    Map<String, Map<String, Set<String>>> graph = packageGraph(classesDirectory());

    assertEquals(Map.of(), graph.get("dev.rollback.core"), "what dev.rollback.core depends on");
    assertEquals(
        Map.of(),
        graph.get("dev.rollback.core.internal.format"),
        "what dev.rollback.core.internal.format depends on");
  }

  @Test
  void theCycleFinderFindsACycleThroughAThirdPackage() {
    Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
    graph.computeIfAbsent("a", k -> new TreeMap<>()).put("b", Set.of("a.X -> b.Y"));
    graph.computeIfAbsent("b", k -> new TreeMap<>()).put("c", Set.of("b.Y -> c.Z"));
    graph.computeIfAbsent("c", k -> new TreeMap<>()).put("a", Set.of("c.Z -> a.X"));
    graph.computeIfAbsent("d", k -> new TreeMap<>()).put("a", Set.of("d.W -> a.X"));

    List<String> cycles = cycles(graph);

    assertEquals(1, cycles.size(), () -> "cycles: " + cycles);
    assertTrue(cycles.get(0).startsWith("a <-> b <-> c\n"), cycles.get(0));
    assertTrue(cycles.get(0).contains("c -> a: [c.Z -> a.X]"), cycles.get(0));
    assertTrue(!cycles.get(0).contains("d.W"), cycles.get(0));
  }

  private static Path classesDirectory() throws URISyntaxException {
    return Path.of(WorkflowGraph.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Package to the packages it refers to, each with example class-to-class references. */
  private static Map<String, Map<String, Set<String>>> packageGraph(Path classes) throws IOException {
    Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(p -> p.toString().endsWith(".class")).toList();
    }
    for (Path file : files) {
      String relative = classes.relativize(file).toString().replace('\\', '/');
      if (relative.endsWith("module-info.class") || relative.endsWith("package-info.class")) {
        continue;
      }
      String className = relative.substring(0, relative.length() - ".class".length());
      String from = className.substring(0, className.lastIndexOf('/')).replace('/', '.');
      Map<String, Set<String>> edges = graph.computeIfAbsent(from, k -> new TreeMap<>());
      for (String text : utf8Constants(file)) {
        Matcher m = CORE_CLASS.matcher(text);
        while (m.find()) {
          String to = "dev.rollback." + m.group(1).replace('/', '.');
          if (!to.equals(from)) {
            edges
                .computeIfAbsent(to, k -> new TreeSet<>())
                .add(simple(className) + " -> " + simple(m.group()));
          }
        }
      }
    }
    return graph;
  }

  private static String simple(String internalName) {
    return internalName.substring(internalName.lastIndexOf('/') + 1);
  }

  /** The UTF-8 entries of a class file's constant pool (JVMS 4.4). */
  private static List<String> utf8Constants(Path file) throws IOException {
    List<String> texts = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(raw)) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException(file + " is not a class file");
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> texts.add(in.readUTF());
          case 7, 8, 16, 19, 20 -> in.skipBytes(2);
          case 15 -> in.skipBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
          case 5, 6 -> {
            in.skipBytes(8);
            i++;
          }
          default -> throw new IOException(file + ": unknown constant pool tag " + tag);
        }
      }
    }
    return texts;
  }

  /** Every strongly connected set of two or more packages (Tarjan), with the edges inside it. */
  private static List<String> cycles(Map<String, Map<String, Set<String>>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    List<String> stack = new ArrayList<>();
    List<String> found = new ArrayList<>();
    for (String node : graph.keySet()) {
      if (!index.containsKey(node)) {
        connect(node, graph, index, low, stack, found);
      }
    }
    return found;
  }

  private static void connect(
      String node,
      Map<String, Map<String, Set<String>>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      List<String> stack,
      List<String> found) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.add(node);
    for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
      if (!index.containsKey(next)) {
        connect(next, graph, index, low, stack, found);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (stack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      List<String> component = new ArrayList<>();
      String member;
      do {
        member = stack.remove(stack.size() - 1);
        component.add(member);
      } while (!member.equals(node));
      if (component.size() > 1) {
        StringBuilder text = new StringBuilder(String.join(" <-> ", new TreeSet<>(component)));
        for (String from : component) {
          graph.getOrDefault(from, Map.of()).forEach((to, refs) -> {
            if (component.contains(to)) {
              text.append("\n  ").append(from).append(" -> ").append(to).append(": ")
                  .append(refs.stream().limit(5).toList());
            }
          });
        }
        found.add(text.toString());
      }
    }
  }
}
