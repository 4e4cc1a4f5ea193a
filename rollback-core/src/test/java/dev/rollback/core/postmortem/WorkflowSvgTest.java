package dev.rollback.core.postmortem;

import static dev.rollback.core.postmortem.SvgDocuments.elements;
import static dev.rollback.core.postmortem.SvgDocuments.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Edge;
import dev.rollback.core.Node;
import dev.rollback.spi.RunOutcome;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Issue 17: the workflow drawn, with the run's path, failed and skipped steps marked. */
class WorkflowSvgTest {

  private static Map<String, Element> nodes(Document d) {
    Map<String, Element> out = new HashMap<>();
    for (Element g : elements(d, "g", "node")) {
      out.put(g.getAttribute("data-node"), g);
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(RunOutcome.class)
  void every21NodeIsDrawnInItsLaneAndThePathIsHighlighted(RunOutcome outcome) {
    Postmortem pm = OutcomePostmortems.of(outcome);
    Document d = SvgDocuments.parse(pm.workflowSvg());
    Map<String, Element> nodes = nodes(d);
    assertEquals(21, nodes.size());
    assertEquals(4, elements(d, "g", "lane").size());
    Set<Node> onPath = new HashSet<>(pm.path());
    for (Node n : Node.values()) {
      Element g = nodes.get(n.seedId());
      String status = g.getAttribute("class").split(" ")[1];
      Postmortem.TimelineRow row = pm.timeline().stream().filter(r -> r.node() == n).findFirst().orElse(null);
      String expected = row == null ? "unvisited" : switch (row.result()) {
        case FAILED -> "failed";
        case SKIPPED -> "skipped";
        default -> "visited";
      };
      assertEquals(expected, status, n.seedId());
      assertEquals(onPath.contains(n), hasDuration(g),
          n.seedId() + " has a duration label exactly when visited");
      // The lane band: a node's centre lies within its lane's rows.
      double top = WorkflowSvg.HEADER + n.lane().ordinal() * WorkflowSvg.LANE_HEIGHT;
      assertTrue(WorkflowSvg.y(n) > top && WorkflowSvg.y(n) < top + WorkflowSvg.LANE_HEIGHT, n.seedId());
    }
    Set<String> taken = new HashSet<>();
    for (Element e : elements(d, "polyline", "edge", "taken")) {
      taken.add(e.getAttribute("data-from") + ">" + e.getAttribute("data-to"));
    }
    Set<String> expectedTaken = new HashSet<>();
    for (Postmortem.TimelineRow r : pm.timeline()) {
      Edge e = r.edge();
      if (e != null) {
        expectedTaken.add(e.from().seedId() + ">" + e.to().seedId());
      }
    }
    assertEquals(expectedTaken, taken);
    assertEquals(pm.graph().allEdges().size(), elements(d, "polyline", "edge").size());
    assertEquals(pm.graph().faultEdges().size(), elements(d, "polyline", "fault").size());
  }

  private static boolean hasDuration(Element g) {
    var texts = g.getElementsByTagNameNS("*", "text");
    for (int i = 0; i < texts.getLength(); i++) {
      if (((Element) texts.item(i)).getAttribute("class").equals("duration")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void failedAndSkippedStepsAreLabelledWithTheirStepAndDuration() {
    Document d = SvgDocuments.parse(OutcomePostmortems.of(RunOutcome.ROLLBACK_FAILED).workflowSvg());
    Map<String, Element> nodes = nodes(d);
    assertEquals("failed", nodes.get("n12").getAttribute("class").split(" ")[1]);
    assertEquals("skipped", nodes.get("n13").getAttribute("class").split(" ")[1]);
    assertTrue(nodes.get("n12").getTextContent().contains("#9 FAILED 500ms"), nodes.get("n12").getTextContent());
    assertTrue(nodes.get("n13").getTextContent().contains("#10 skipped 0ms"), nodes.get("n13").getTextContent());
    assertTrue(nodes.get("n15").getTextContent().contains("not on this run's path"));
  }

  @Test
  void theLayoutFollowsTheSeedAndIsTheSameForEveryRun() {
    // Each lane's nodes left to right in the seed's order; a decision's No below it; the lanes
    // after the first starting under the step that hands over to the second.
    for (Node[] pair : new Node[][] {{Node.START, Node.DETECT_ANOMALY}, {Node.DETECT_ANOMALY, Node.TRIGGER_ALERT},
        {Node.TRIGGER_ALERT, Node.NOTIFY_ON_CALL}, {Node.NOTIFY_ON_CALL, Node.END},
        {Node.IDENTIFY_CURRENT, Node.FETCH_PREVIOUS}, {Node.FETCH_PREVIOUS, Node.PREVIOUS_AVAILABLE},
        {Node.PREVIOUS_AVAILABLE, Node.PREPARE_MANIFEST}, {Node.SCALE_DOWN, Node.DEPLOY_PREVIOUS},
        {Node.DEPLOY_PREVIOUS, Node.WAIT_READY}, {Node.WAIT_READY, Node.PODS_HEALTHY},
        {Node.PODS_HEALTHY, Node.UPDATE_SELECTOR}, {Node.RUN_SMOKE_TESTS, Node.TESTS_PASSING},
        {Node.TESTS_PASSING, Node.UPDATE_STATUS}, {Node.UPDATE_STATUS, Node.CLEANUP}}) {
      assertEquals(WorkflowSvg.COLUMN_WIDTH, WorkflowSvg.x(pair[1]) - WorkflowSvg.x(pair[0]), 1e-9,
          pair[0] + " then " + pair[1]);
      assertEquals(WorkflowSvg.y(pair[0]), WorkflowSvg.y(pair[1]), 1e-9);
    }
    for (Node first : new Node[] {Node.IDENTIFY_CURRENT, Node.SCALE_DOWN, Node.RUN_SMOKE_TESTS}) {
      assertEquals(WorkflowSvg.x(Node.TRIGGER_ALERT), WorkflowSvg.x(first), 1e-9, first.toString());
    }
    assertTrue(WorkflowSvg.x(Node.UPDATE_SELECTOR) + WorkflowSvg.NODE_WIDTH / 2.0 < WorkflowSvg.WIDTH, "fits");
    for (Node[] no : new Node[][] {{Node.PREVIOUS_AVAILABLE, Node.HALT_MANUAL}, {Node.PODS_HEALTHY, Node.MARK_FAILED},
        {Node.TESTS_PASSING, Node.ESCALATE}}) {
      assertEquals(WorkflowSvg.x(no[0]), WorkflowSvg.x(no[1]));
      assertEquals(WorkflowSvg.ROW_HEIGHT, WorkflowSvg.y(no[1]) - WorkflowSvg.y(no[0]), 1e-9);
    }
    Set<String> places = new HashSet<>();
    for (Node n : Node.values()) {
      assertTrue(places.add(n.lane() + " " + WorkflowSvg.x(n) + " " + WorkflowSvg.y(n)), "no two nodes share a place");
    }
    for (RunOutcome outcome : RunOutcome.values()) {
      Document d = SvgDocuments.parse(OutcomePostmortems.of(outcome).workflowSvg());
      for (Element g : elements(d, "g", "node")) {
        Node n = List.of(Node.values()).stream().filter(x -> x.seedId().equals(g.getAttribute("data-node")))
            .findFirst().orElseThrow();
        Element shape = (Element) g.getElementsByTagNameNS("*", "text").item(0);
        assertEquals(WorkflowSvg.x(n), number(shape, "x"), 0.051, n.seedId() + " label centred on its place");
      }
    }
  }
}
