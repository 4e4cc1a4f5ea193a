package dev.rollback.core.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.RunOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17: the page and the charts are written beside the Markdown, which links the charts. */
class PostmortemFilesTest {

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theDirectoryGetsTheHtmlTheChartsAndTheWorkflow(@TempDir Path dir) throws IOException {
    Postmortem pm = OutcomePostmortems.of(RunOutcome.ROLLED_BACK);
    DirectoryPublisher publisher = DirectoryPublisher.into(dir);
    assertTrue(publisher.writesPage());
    assertEquals(dir.resolve(pm.fileName("md")).toUri(), publisher.publish(pm).orElseThrow());
    String base = "20260101T000610Z-prod-eu-1-shop-checkout-rb-20260101T000610Z-1-postmortem";
    assertEquals(List.of(base + "-error_ratio.svg", base + ".html", base + ".json", base + ".md",
        base + ".workflow.svg"), names(dir));
    assertEquals(pm.html(), Files.readString(dir.resolve(base + ".html")));
    assertEquals(pm.charts().get(0).svg(), Files.readString(dir.resolve(base + "-error_ratio.svg")));
    assertEquals(pm.workflowSvg(), Files.readString(dir.resolve(base + ".workflow.svg")));
  }

  @Test
  void markdownAndJsonOnlyWritesJustThoseTwo(@TempDir Path dir) throws IOException {
    Postmortem pm = OutcomePostmortems.of(RunOutcome.ROLLED_BACK);
    assertFalse(DirectoryPublisher.into(dir).markdownAndJsonOnly().writesPage());
    DirectoryPublisher.into(dir).markdownAndJsonOnly().publish(pm);
    assertEquals(List.of(pm.fileName("json"), pm.fileName("md")), names(dir));
  }

  @Test
  void aManualRunsPageComesWithoutCharts(@TempDir Path dir) throws IOException {
    Postmortem pm = OutcomePostmortems.of(RunOutcome.MANUAL_NEEDED);
    DirectoryPublisher.into(dir).publish(pm);
    assertEquals(List.of(pm.fileName("html"), pm.fileName("json"), pm.fileName("md"), pm.workflowFileName()),
        names(dir));
  }

  @Test
  void theMarkdownsDetectionSectionLinksEachChart() {
    Postmortem pm = OutcomePostmortems.of(RunOutcome.ROLLED_BACK);
    String md = pm.markdown();
    String detection = md.substring(md.indexOf("## Detection"), md.indexOf("## Decision"));
    assertTrue(detection.contains("Charts of the samples the detector judged (SVG files beside this one):\n\n"
        + "![error\\_ratio around the release](" + pm.charts().get(0).fileName() + ")\n\n"), detection);
    assertFalse(OutcomePostmortems.of(RunOutcome.MANUAL_NEEDED).markdown().contains("Charts of the samples"));
  }

  @Test
  void theJsonCarriesTheSamples() {
    String json = OutcomePostmortems.of(RunOutcome.ROLLED_BACK).json();
    assertTrue(json.contains("\"trace\": {"), json);
    assertTrue(json.contains("\"baselineFrom\": \"2025-12-31T23:30:00Z\""), json);
    assertTrue(json.contains("\"alarmLimit\": 0.02"), json);
    assertEquals(37, json.split("\"value\": ", -1).length - 1, "every sample");
    assertFalse(OutcomePostmortems.of(RunOutcome.MANUAL_NEEDED).json().contains("\"trace\""));
  }

  @Test
  void aChartsFileNameIsSafeAndBounded() {
    Postmortem pm = OutcomePostmortems.of(RunOutcome.ROLLED_BACK);
    assertTrue(pm.chartFileName("http_request_duration_seconds{quantile=\"0.99\"}")
        .endsWith("-postmortem-http_request_duration_seconds-quantile-0.99-.svg"));
    String longName = pm.chartFileName("m".repeat(300));
    assertTrue(longName.length() <= Postmortem.MAX_FILE_NAME, longName);
    assertTrue(longName.matches("[A-Za-z0-9._-]+"), longName);
    assertTrue(longName.matches(".*-postmortem-m{47}-[0-9a-f]{16}\\.svg"), longName);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> pm.chartFileName(" "));
    assertEquals("metric must not be blank", e.getMessage());
  }
}
