package dev.rollback.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InMemoryDemoTest {

  record Output(int status, String out, String err) {}

  static Output run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = InMemoryDemo.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @CsvSource({
      "rolled-back, ROLLED_BACK, Cleanup old resources -> Notify on-call engineer -> End",
      "no-previous-version, MANUAL_NEEDED, Halt manual rollback -> Notify on-call engineer -> End",
      "pods-unhealthy, ROLLBACK_FAILED, Mark rollback failed -> Notify on-call engineer -> End",
      "smoke-tests-fail, NEEDS_ATTENTION, Escalate to team lead -> Notify on-call engineer -> End"})
  void everyScenarioPrintsItsOutcomePathAndTimeline(String scenario, String outcome, String pathEnd) {
    Output output = run("--scenario", scenario);
    assertEquals(0, output.status(), output.err());
    assertTrue(output.out().contains("\nOutcome: " + outcome + "\n"), output.out());
    assertTrue(output.out().contains(pathEnd + "\n"), output.out());
    assertTrue(output.out().contains("Timeline (UTC):"), output.out());
    assertTrue(output.out().contains("n4    Notify on-call engineer"), output.out());
    assertTrue(output.out().contains("\nPostmortem (Markdown):\n\n# Postmortem: "), output.out());
    assertTrue(output.out().contains("| Outcome | **" + outcome + "** |"), output.out());
    assertTrue(output.out().contains("```mermaid\nflowchart LR\n"), output.out());
    assertTrue(output.out().contains("\n## Action items\n"), output.out());
  }

  @Test
  void withAPostmortemDirItWritesTheMarkdownTheJsonThePageAndTheDrawings(@TempDir Path dir) throws IOException {
    Output output = run("--scenario", "pods-unhealthy", "--postmortem-dir", dir.toString());
    assertEquals(0, output.status(), output.err());
    List<String> names;
    try (Stream<Path> files = Files.list(dir)) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    String base = "20260101T000000Z-prod-eu-1-shop-checkout-rb-20260101T000000Z-1-postmortem";
    assertEquals(List.of(base + "-error_ratio.svg", base + "-latency_seconds.svg", base + ".html", base + ".json",
        base + ".md", base + ".workflow.svg"), names);
    String markdown = Files.readString(dir.resolve(base + ".md"));
    assertTrue(output.out().contains(markdown), "the printed postmortem is the written one");
    assertTrue(Files.readString(dir.resolve(base + ".json")).contains("\"outcome\": \"ROLLBACK_FAILED\""));
    assertTrue(output.out().contains("Postmortem written to " + dir.resolve(base + ".md")), output.out());
  }

  @Test
  void aPostmortemDirWithoutAValueIsAnUnknownArgument() {
    Output output = run("--postmortem-dir");
    assertEquals(2, output.status());
    assertTrue(output.err().startsWith("unknown argument '--postmortem-dir'"), output.err());
  }

  @Test
  void theDefaultScenarioRollsBack() {
    Output output = run();
    assertEquals(0, output.status());
    assertTrue(output.out().startsWith("Scenario: rolled-back"), output.out());
    assertTrue(output.out().contains("\nOutcome: ROLLED_BACK\n"), output.out());
  }

  @Test
  void anUnknownScenarioPrintsTheValidNamesAndFails() {
    Output output = run("--scenario", "meltdown");
    assertEquals(2, output.status());
    assertEquals("unknown scenario 'meltdown'; valid scenarios: rolled-back, no-previous-version,"
        + " pods-unhealthy, smoke-tests-fail\n", output.err());
    assertEquals("", output.out());
  }
}
