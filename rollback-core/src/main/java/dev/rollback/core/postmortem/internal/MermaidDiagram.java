package dev.rollback.core.postmortem.internal;

import dev.rollback.core.Edge;
import dev.rollback.core.EdgeKind;
import dev.rollback.core.Lane;
import dev.rollback.core.Node;
import dev.rollback.core.StepResult;
import dev.rollback.core.WorkflowGraph;
import dev.rollback.core.postmortem.Postmortem;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Draws the workflow as a Mermaid flowchart from the {@link WorkflowGraph}'s data, with the run's
 * path highlighted: visited nodes and taken edges in amber, failed steps in red, skipped steps
 * dashed, and fault edges (which the seed does not draw) dotted.
 */
final class MermaidDiagram {
  private MermaidDiagram() {}

  static String render(Postmortem pm) {
    WorkflowGraph graph = pm.graph();
    Map<Node, StepResult> results = new EnumMap<>(Node.class);
    for (Postmortem.TimelineRow row : pm.timeline()) {
      results.merge(row.node(), row.result(), (a, b) -> b == StepResult.FAILED ? b : a);
    }
    Set<Edge> taken = new HashSet<>();
    pm.timeline().forEach(row -> {
      if (row.edge() != null) {
        taken.add(row.edge());
      }
    });
    StringBuilder out = new StringBuilder("flowchart LR\n");
    for (Lane lane : Lane.values()) {
      out.append("  subgraph ").append(lane.seedId()).append("[\"").append(lane.title()).append("\"]\n");
      for (Node node : graph.nodes()) {
        if (node.lane() == lane) {
          out.append("    ").append(shape(node)).append('\n');
        }
      }
      out.append("  end\n");
    }
    List<Integer> highlighted = new ArrayList<>();
    List<Edge> edges = graph.allEdges();
    for (int i = 0; i < edges.size(); i++) {
      Edge e = edges.get(i);
      String arrow = e.kind() == EdgeKind.FAULT ? "-.->" : "-->";
      out.append("  ").append(e.from().seedId()).append(' ').append(arrow);
      if (e.label() != null) {
        out.append("|\"").append(e.label()).append("\"|");
      }
      out.append(' ').append(e.to().seedId()).append('\n');
      if (taken.contains(e)) {
        highlighted.add(i);
      }
    }
    out.append("  classDef visited fill:#fde68a,stroke:#b45309,stroke-width:2px\n");
    out.append("  classDef failed fill:#fecaca,stroke:#b91c1c,stroke-width:3px\n");
    out.append("  classDef skipped fill:#f3f4f6,stroke:#9ca3af,stroke-dasharray:4 3\n");
    appendClass(out, "visited", results, r -> r != StepResult.FAILED && r != StepResult.SKIPPED);
    appendClass(out, "failed", results, r -> r == StepResult.FAILED);
    appendClass(out, "skipped", results, r -> r == StepResult.SKIPPED);
    if (!highlighted.isEmpty()) {
      out.append("  linkStyle ")
          .append(highlighted.stream().map(String::valueOf).collect(Collectors.joining(",")))
          .append(" stroke:#b45309,stroke-width:3px\n");
    }
    return out.toString();
  }

  private static String shape(Node node) {
    String label = "\"" + node.label() + "\"";
    return switch (node.kind()) {
      case TERMINAL -> node.seedId() + "((" + label + "))";
      case DECISION -> node.seedId() + "{" + label + "}";
      case STEP -> node.seedId() + "[" + label + "]";
    };
  }

  private static void appendClass(StringBuilder out, String name, Map<Node, StepResult> results,
      java.util.function.Predicate<StepResult> which) {
    String nodes = results.entrySet().stream().filter(e -> which.test(e.getValue()))
        .map(e -> e.getKey().seedId()).collect(Collectors.joining(","));
    if (!nodes.isEmpty()) {
      out.append("  class ").append(nodes).append(' ').append(name).append('\n');
    }
  }
}
