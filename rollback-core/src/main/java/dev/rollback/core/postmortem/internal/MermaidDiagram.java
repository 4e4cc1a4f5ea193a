package dev.rollback.core.postmortem.internal;

import dev.rollback.core.Edge;
import dev.rollback.core.EdgeKind;
import dev.rollback.core.Lane;
import dev.rollback.core.Node;
import dev.rollback.core.StepResult;
import dev.rollback.core.WorkflowGraph;
import dev.rollback.core.postmortem.Postmortem;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Draws the workflow as a Mermaid flowchart from the {@link WorkflowGraph}'s data, with the run's
 * path highlighted: visited nodes and taken edges in amber, failed steps in red, skipped steps
 * dashed, and fault edges (which the seed does not draw) dotted.
 *
 * <p>The drawing of the graph itself (lanes, nodes, edges, styles) is the same for every run on a
 * graph; it is drawn once per graph and kept. Thread-safe.
 */
final class MermaidDiagram {
  /** The drawing of the last graph drawn; graphs are immutable, so it is kept while that graph is used. */
  private static volatile @Nullable Drawing last;

  private MermaidDiagram() {}

  /** The part of the diagram that depends on the graph alone, and the edges in drawing order. */
  private record Drawing(WorkflowGraph graph, String text, List<Edge> edges) {}

  /** Appends the diagram of {@code pm} to {@code out}. */
  static void render(StringBuilder out, Postmortem pm) {
    Drawing drawing = drawing(pm.graph());
    out.append(drawing.text());
    Map<Node, StepResult> results = new EnumMap<>(Node.class);
    Set<Edge> taken = new HashSet<>();
    for (Postmortem.TimelineRow row : pm.timeline()) {
      results.merge(row.node(), row.result(), (a, b) -> b == StepResult.FAILED ? b : a);
      Edge edge = row.edge();
      if (edge != null) {
        taken.add(edge);
      }
    }
    appendClass(out, "visited", results, 0);
    appendClass(out, "failed", results, 1);
    appendClass(out, "skipped", results, 2);
    List<Edge> edges = drawing.edges();
    boolean any = false;
    for (int i = 0; i < edges.size(); i++) {
      if (taken.contains(edges.get(i))) {
        out.append(any ? "," : "  linkStyle ").append(i);
        any = true;
      }
    }
    if (any) {
      out.append(" stroke:#b45309,stroke-width:3px\n");
    }
  }

  /** Returns the drawing of {@code graph}: the kept one when it is of this graph, else a new one. */
  private static Drawing drawing(WorkflowGraph graph) {
    Drawing drawing = last;
    if (drawing == null || drawing.graph() != graph) {
      List<Edge> edges = graph.allEdges();
      drawing = new Drawing(graph, draw(graph, edges), edges);
      last = drawing;
    }
    return drawing;
  }

  private static String draw(WorkflowGraph graph, List<Edge> edges) {
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
    for (Edge e : edges) {
      String arrow = e.kind() == EdgeKind.FAULT ? "-.->" : "-->";
      out.append("  ").append(e.from().seedId()).append(' ').append(arrow);
      if (e.label() != null) {
        out.append("|\"").append(e.label()).append("\"|");
      }
      out.append(' ').append(e.to().seedId()).append('\n');
    }
    out.append("  classDef visited fill:#fde68a,stroke:#b45309,stroke-width:2px\n");
    out.append("  classDef failed fill:#fecaca,stroke:#b91c1c,stroke-width:3px\n");
    out.append("  classDef skipped fill:#f3f4f6,stroke:#9ca3af,stroke-dasharray:4 3\n");
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

  /**
   * Appends the {@code class} line of the nodes whose result is in group {@code group}: 0 visited
   * (neither failed nor skipped), 1 failed, 2 skipped; nothing when no node is.
   */
  private static void appendClass(StringBuilder out, String name, Map<Node, StepResult> results, int group) {
    boolean any = false;
    for (Map.Entry<Node, StepResult> e : results.entrySet()) {
      StepResult r = e.getValue();
      int g = r == StepResult.FAILED ? 1 : r == StepResult.SKIPPED ? 2 : 0;
      if (g == group) {
        out.append(any ? "," : "  class ").append(e.getKey().seedId());
        any = true;
      }
    }
    if (any) {
      out.append(' ').append(name).append('\n');
    }
  }
}
