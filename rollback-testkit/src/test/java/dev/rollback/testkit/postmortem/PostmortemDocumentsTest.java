package dev.rollback.testkit.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollback.core.JournalEntry;
import dev.rollback.core.RunResult;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.spi.RunOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Issue 3: the Markdown parsed by a CommonMark parser and the JSON parsed by Jackson carry the facts. */
class PostmortemDocumentsTest {
  static final List<String> HEADINGS = List.of(
      "## Summary", "## Impact", "## Detection", "## Decision", "## Versions", "## Timeline", "## Path",
      "## Verification", "### Pod health", "### Smoke tests", "## Notifications", "## Action items",
      "## Root cause", "## Lessons learned", "### What went well", "### What went badly",
      "### Where we got lucky");

  @ParameterizedTest
  @EnumSource(RunOutcome.class)
  void markdownHasEveryHeadingAndOneTimelineRowPerJournalEntry(RunOutcome outcome) {
    RunResult result = Runs.run(outcome);
    Documents.Markdown md = Documents.markdown(Postmortem.of(result).markdown());

    assertTrue(md.headings().get(0).startsWith("# Postmortem: "), md.headings().get(0));
    assertEquals(HEADINGS, md.headings().subList(1, md.headings().size()));
    List<List<String>> timeline = md.table("#", "Start (UTC)", "Node", "Lane", "Step", "Duration", "Result", "Detail");
    assertEquals(result.journal().size(), timeline.size());
    for (int i = 0; i < timeline.size(); i++) {
      JournalEntry e = result.journal().get(i);
      List<String> row = timeline.get(i);
      assertEquals(List.of(String.valueOf(i + 1), e.start().toString(), e.node().seedId(), e.lane().title(),
          e.node().label()), row.subList(0, 5));
      assertTrue(row.get(6).startsWith(e.result().name()), row.toString());
      assertTrue(row.get(7).startsWith(e.detail()), row.get(7) + " vs " + e.detail());
    }
    List<List<String>> facts = md.table("Field", "Value");
    assertTrue(facts.contains(List.of("Outcome", outcome.name())), facts.toString());
    assertTrue(facts.contains(List.of("Status", "draft")), facts.toString());
    assertEquals(result.notifications().size(),
        md.table("Time (UTC)", "Notification", "Audience", "Via", "Attempt", "Result").size());
    List<List<String>> actions = md.table("Type", "Action", "Owner");
    assertFalse(actions.isEmpty());
    for (List<String> action : actions) {
      assertTrue(List.of("mitigate", "prevent", "investigate").contains(action.get(0)), action.toString());
      assertEquals("", action.get(2), "owners are left empty");
    }
    assertTrue(actions.stream().anyMatch(a -> a.get(1).startsWith("Find the root cause of the regression in v2")));
    assertEquals(1, md.code().stream().filter(c -> "mermaid".equals(c.getInfo())).count());
  }

  @Test
  void theDiagramIsDrawnFromTheGraphAndHighlightsThePath() {
    RunResult result = Runs.run(RunOutcome.NEEDS_ATTENTION);
    String mermaid = Documents.markdown(Postmortem.of(result).markdown()).code().get(0).getLiteral();
    assertTrue(mermaid.startsWith("flowchart LR\n"), mermaid);
    for (dev.rollback.core.Node node : dev.rollback.core.Node.values()) {
      assertTrue(mermaid.contains(node.seedId() + "[\"" + node.label() + "\"]")
          || mermaid.contains(node.seedId() + "{\"" + node.label() + "\"}")
          || mermaid.contains(node.seedId() + "((\"" + node.label() + "\"))"), node.toString());
    }
    assertTrue(mermaid.contains("  n20 -.->|\"Cleanup failed\"| n21\n"), "fault edges are dotted");
    assertTrue(mermaid.contains("  n18 -->|\"No\"| n21\n"));
    String visited = mermaid.lines().filter(l -> l.endsWith(" visited")).findFirst().orElseThrow();
    List<String> onPath = List.of(visited.strip().split(" ")[1].split(","));
    assertEquals(result.path().stream().map(dev.rollback.core.Node::seedId).sorted().toList(),
        onPath.stream().sorted().toList());
    List<dev.rollback.core.Edge> all = dev.rollback.core.WorkflowGraph.seed().allEdges();
    String linkStyle = mermaid.lines().filter(l -> l.startsWith("  linkStyle ")).findFirst().orElseThrow();
    List<Integer> highlighted = new ArrayList<>();
    for (String i : linkStyle.split(" ")[3].split(",")) {
      highlighted.add(Integer.parseInt(i));
    }
    assertEquals(result.edges().stream().map(all::indexOf).distinct().sorted().toList(), highlighted);
  }

  @ParameterizedTest
  @EnumSource(RunOutcome.class)
  void jsonCarriesTheSameFacts(RunOutcome outcome) {
    RunResult result = Runs.run(outcome);
    JsonNode json = Documents.json(Postmortem.of(result).json());

    assertEquals(Postmortem.SCHEMA_VERSION, json.get("schemaVersion").asInt());
    assertEquals("draft", json.get("status").asText());
    assertEquals(outcome.name(), json.get("outcome").asText());
    assertEquals(result.runId().value(), json.get("runId").asText());
    assertEquals("prod-eu-1", json.at("/deployment/cluster").asText());
    assertEquals("checkout", json.at("/deployment/name").asText());
    assertEquals("2026-01-01", json.get("date").asText());
    assertEquals(result.journal().size(), json.get("timeline").size());
    for (int i = 0; i < result.journal().size(); i++) {
      JournalEntry e = result.journal().get(i);
      JsonNode row = json.get("timeline").get(i);
      assertEquals(e.node().seedId(), row.get("node").asText());
      assertEquals(e.start(), java.time.Instant.parse(row.get("start").asText()));
      assertEquals(e.duration(), java.time.Duration.parse(row.get("duration").asText()));
      assertEquals(e.result().name(), row.get("result").asText());
      assertEquals(e.detail(), row.get("detail").asText());
    }
    assertEquals(result.path().stream().map(dev.rollback.core.Node::seedId).toList(),
        StreamSupport.stream(json.get("path").spliterator(), false).map(JsonNode::asText).toList());
    assertEquals(result.notifications().size(), json.get("notifications").size());
    assertEquals("v2", json.at("/versions/from/id").asText());
    assertEquals("registry.example.com/shop/checkout:1.5.0", json.at("/versions/from/images/0/image").asText());
    java.time.Instant.parse(json.at("/impact/start").asText());
    java.time.Duration.parse(json.at("/impact/duration").asText());
    for (JsonNode item : json.get("actionItems")) {
      assertTrue(List.of("mitigate", "prevent", "investigate").contains(item.get("type").asText()));
      assertEquals("", item.get("owner").asText());
    }
    assertTrue(json.get("humanSections").size() >= 4);
  }

  @Test
  void aManualRunsImpactStartsAtTheRunAndSaysSo() {
    RunResult result = Runs.run(RunOutcome.MANUAL_NEEDED);
    JsonNode json = Documents.json(Postmortem.of(result).json());
    assertEquals("manual", json.at("/detection/trigger").asText());
    assertEquals("jane@example.com", json.at("/detection/operator").asText());
    assertEquals(result.startedAt().toString(), json.at("/impact/start").asText());
    assertTrue(json.at("/impact/startBasis").asText().contains("triggered by hand"));
    assertFalse(json.at("/impact/trafficRestored").asBoolean());
    assertEquals(result.endedAt().toString(), json.at("/impact/end").asText());
    assertTrue(json.at("/versions/to").isNull());
  }

  @Test
  void aDetectedRunsImpactRunsFromTheFirstBadSampleToTrafficShiftedBack() {
    RunResult result = Runs.run(RunOutcome.ROLLED_BACK);
    Postmortem pm = Postmortem.of(result);
    assertEquals(java.time.Instant.parse("2025-12-31T23:58:30Z"), pm.impact().start());
    JournalEntry shifted = result.journal().stream()
        .filter(e -> e.node() == dev.rollback.core.Node.UPDATE_SELECTOR).findFirst().orElseThrow();
    assertEquals(shifted.end(), pm.impact().end());
    assertTrue(pm.impact().trafficRestored());
    assertEquals(java.time.Duration.ofMinutes(1), pm.detection().timeToDetect());
  }
}
