package dev.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The graph data must be exactly the seed file: every node, lane, label and labelled edge. */
class WorkflowGraphTest {
  private static final Pattern LANE = Pattern.compile("^(\\w+) \\{ # (.+)$");
  private static final Pattern NODE = Pattern.compile("^(n\\d+): (circle|rectangle|diamond) label:\"([^\"]+)\"$");
  private static final Pattern EDGE = Pattern.compile(
      "^(?:(\\w+)\\.)?(n\\d+)\\.handle\\(\\w+\\) -> (?:(\\w+)\\.)?(n\\d+)\\.handle\\(\\w+\\)(?: \\[label=\"([^\"]+)\"\\])?$");

  record SeedNode(String id, String lane, String laneTitle, String shape, String label) {}

  record SeedEdge(String from, String to, String label) {}

  record Seed(Map<String, SeedNode> nodes, Set<SeedEdge> edges) {}

  static Seed parse(String text) {
    Map<String, SeedNode> nodes = new LinkedHashMap<>();
    Set<SeedEdge> edges = new HashSet<>();
    String lane = null;
    String title = null;
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      Matcher m;
      if ((m = LANE.matcher(line)).matches()) {
        lane = m.group(1);
        title = m.group(2);
      } else if ((m = NODE.matcher(line)).matches()) {
        nodes.put(m.group(1), new SeedNode(m.group(1), lane, title, m.group(2), m.group(3)));
      } else if ((m = EDGE.matcher(line)).matches()) {
        edges.add(new SeedEdge(m.group(2), m.group(4), m.group(5) == null ? "" : m.group(5)));
      }
    }
    return new Seed(nodes, edges);
  }

  static String seedText() throws IOException {
    try (InputStream in = WorkflowGraphTest.class.getResourceAsStream("/seed/deployment-rollback-workflow.flowzap")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theCopiedSeedIsTheSharedSeedWhereThatIsPresent() throws IOException {
    Optional<Path> shared = findShared();
    if (shared.isPresent()) {
      assertEquals(Files.readString(shared.get()), seedText(),
          "rollback-core/src/test/resources/seed must be a copy of shared/seed");
    }
  }

  @Test
  void nodesAreExactlyTheSeedNodes() throws IOException {
    Seed seed = parse(seedText());
    assertEquals(21, seed.nodes().size(), "the parser found every seed node");
    assertEquals(21, Node.values().length);
    for (Node node : Node.values()) {
      SeedNode s = seed.nodes().get(node.seedId());
      assertEquals(s.label(), node.label(), node + " label");
      assertEquals(s.lane(), node.lane().seedId(), node + " lane");
      assertEquals(s.laneTitle(), node.lane().title(), node + " lane title");
      String shape = switch (node.kind()) {
        case TERMINAL -> "circle";
        case STEP -> "rectangle";
        case DECISION -> "diamond";
      };
      assertEquals(s.shape(), shape, node + " shape");
    }
  }

  @Test
  void seedEdgesAreExactlyTheSeedEdges() throws IOException {
    Seed seed = parse(seedText());
    assertEquals(23, seed.edges().size(), "the parser found every seed edge");
    Set<SeedEdge> ours = new HashSet<>();
    for (Edge edge : WorkflowGraph.seed().seedEdges()) {
      ours.add(new SeedEdge(edge.from().seedId(), edge.to().seedId(), edge.label() == null ? "" : edge.label()));
    }
    assertEquals(seed.edges(), ours);
  }

  @Test
  void faultEdgesLeaveOnlyStepsAfterTheirLanesDecisionAndReachTheLanesFailureNode() {
    WorkflowGraph graph = WorkflowGraph.seed();
    for (Edge fault : graph.faultEdges()) {
      assertEquals(NodeKind.STEP, fault.from().kind());
      assertTrue(graph.laneDecisionAhead(fault.from()).isEmpty(), fault + " leaves a step with a decision ahead");
      Node failureNode = switch (fault.from().lane()) {
        case ORCHESTRATOR -> Node.HALT_MANUAL;
        case KUBERNETES -> Node.MARK_FAILED;
        case VERIFICATION -> Node.ESCALATE;
        case ALERT_SYSTEM -> throw new AssertionError("no fault edge leaves the alert lane: " + fault);
      };
      assertEquals(failureNode, fault.to(), fault.toString());
    }
    assertEquals(4, graph.faultEdges().size());
  }

  @Test
  void everyStepWithoutAFaultEdgeReachesItsLaneDecisionOrTheAlertLane() {
    WorkflowGraph graph = WorkflowGraph.seed();
    List<Node> stranded = new ArrayList<>();
    for (Node node : Node.values()) {
      if (node.kind() == NodeKind.STEP && node.lane() != Lane.ALERT_SYSTEM
          && graph.faultEdge(node).isEmpty() && graph.laneDecisionAhead(node).isEmpty()
          && !Set.of(Node.HALT_MANUAL, Node.MARK_FAILED, Node.ESCALATE).contains(node)) {
        stranded.add(node);
      }
    }
    assertEquals(List.of(), stranded, "steps whose failure has no route to their lane's failure node");
  }

  @Test
  void everyNodeIsReachableFromStartAndReachesEndThroughNotify() {
    WorkflowGraph graph = WorkflowGraph.seed();
    Set<Node> seen = new HashSet<>();
    List<Node> frontier = new ArrayList<>(List.of(Node.START));
    while (!frontier.isEmpty()) {
      Node n = frontier.remove(frontier.size() - 1);
      if (seen.add(n)) {
        graph.outgoing(n).forEach(e -> frontier.add(e.to()));
      }
    }
    assertEquals(Set.of(Node.values()), seen);
    assertEquals(List.of(new Edge(Node.NOTIFY_ON_CALL, Node.END, null, EdgeKind.SEED)), graph.incomingOf(Node.END));
  }

  @Test
  void decisionsRouteByTheirYesAndNoLabels() {
    WorkflowGraph graph = WorkflowGraph.seed();
    assertEquals(Node.PREPARE_MANIFEST, graph.next(Node.PREVIOUS_AVAILABLE, true).to());
    assertEquals(Node.HALT_MANUAL, graph.next(Node.PREVIOUS_AVAILABLE, false).to());
    assertEquals(Node.MARK_FAILED, graph.next(Node.PODS_HEALTHY, false).to());
    assertEquals(Node.ESCALATE, graph.next(Node.TESTS_PASSING, false).to());
    assertThrows(IllegalTransitionException.class, () -> graph.next(Node.END, true));
    assertThrows(IllegalTransitionException.class,
        () -> graph.edgesOf(List.of(Node.START, Node.NOTIFY_ON_CALL)));
  }

  static Optional<Path> findShared() {
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolve("../shared/seed/deployment-rollback-workflow.flowzap").normalize();
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
