package dev.rollback.core.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Issue 12: the directory publisher writes the postmortem of every valid deployment, however long
 * its DNS-1123 names (a cluster name of up to 253 characters, a namespace of 63, a workload of
 * 253): the file names stay within 255 bytes on the real file system, differ between deployments
 * and sort by the run's start.
 */
class DirectoryPublisherLongNamesProperties {
  private Path dir;

  @BeforeProperty
  void createDirectory() throws IOException {
    dir = Files.createTempDirectory("postmortems");
  }

  @AfterProperty
  void deleteDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Provide
  Arbitrary<String> labels() {
    return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofMinLength(1).ofMaxLength(63);
  }

  @Provide
  Arbitrary<String> subdomains() {
    return labels().list().ofMinSize(1).ofMaxSize(8).map(l -> String.join(".", l))
        .map(s -> s.length() > 253 ? s.substring(0, 253).replaceAll("\\.+$", "") : s);
  }

  @Property(tries = 100)
  void everyValidDeploymentIsWrittenUnderUniqueSortableNames(
      @ForAll("subdomains") String cluster, @ForAll("labels") String namespace, @ForAll("subdomains") String name)
      throws IOException {
    Instant start = Instant.parse("2026-11-27T07:18:00Z");
    Postmortem first = Postmortems.minimal(cluster, namespace, name, "rb-20261127T071800Z-1", start, "draft");
    Postmortem other = Postmortems.minimal(cluster, namespace, name + "x", "rb-20261127T071800Z-1", start, "draft");
    Postmortem later = Postmortems.minimal(cluster, namespace, name, "rb-20261127T071900Z-2", start.plusSeconds(60),
        "draft");
    DirectoryPublisher publisher = DirectoryPublisher.into(dir);
    for (Postmortem pm : List.of(first, other, later)) {
      publisher.publish(pm);
      for (String ext : List.of("md", "json")) {
        String file = pm.fileName(ext);
        assertTrue(file.getBytes(StandardCharsets.UTF_8).length <= 255, file.length() + ": " + file);
        assertTrue(Files.isRegularFile(dir.resolve(file)), file);
      }
      assertEquals(publisher.locate(pm).orElseThrow(), dir.resolve(pm.fileName("md")).toUri());
    }
    assertNotEquals(first.fileName("md"), other.fileName("md"));
    assertTrue(first.fileName("md").compareTo(later.fileName("md")) < 0, "sorts by start");
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
    }
  }
}
