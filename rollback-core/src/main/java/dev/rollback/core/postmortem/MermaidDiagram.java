package dev.rollback.core.postmortem;

import dev.rollback.core.Edge;
import dev.rollback.core.EdgeKind;
import dev.rollback.core.Lane;
import dev.rollback.core.Node;
import dev.rollback.core.StepResult;
import dev.rollback.core.WorkflowGraph;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  private static final Node[] NODES = Node.values();

  private MermaidDiagram() {}

  /**
   * The part of the diagram that depends on the graph alone, the edges in drawing order, and for
   * each edge the positions it is drawn at (one, unless the graph lists an edge twice).
   */
  private record Drawing(WorkflowGraph graph, String text, List<Edge> edges, Map<Edge, int[]> positions) {}

  /** Appends the diagram of {@code pm} to {@code doc}; the graph's part is kept as one string. */
  static void render(Doc doc, Postmortem pm) {
    Drawing drawing = drawing(pm.graph());
    doc.keep(drawing.text());
    StringBuilder out = doc.out();
    // Per node (by ordinal) its result, a failure winning over any other; per drawn edge whether it was taken.
    StepResult[] results = new StepResult[NODES.length];
    boolean[] taken = new boolean[drawing.edges().size()];
    for (Postmortem.TimelineRow row : pm.timeline()) {
      int node = row.node().ordinal();
      if (results[node] == null || row.result() == StepResult.FAILED) {
        results[node] = row.result();
      }
      Edge edge = row.edge();
      int[] at = edge == null ? null : drawing.positions().get(edge);
      if (at != null) {
        for (int i : at) {
          taken[i] = true;
        }
      }
    }
    appendClass(out, "visited", results, 0);
    appendClass(out, "failed", results, 1);
    appendClass(out, "skipped", results, 2);
    boolean any = false;
    for (int i = 0; i < taken.length; i++) {
      if (taken[i]) {
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
      Map<Edge, int[]> positions = new HashMap<>();
      for (int i = 0; i < edges.size(); i++) {
        int[] before = positions.get(edges.get(i));
        int[] at = before == null ? new int[1] : Arrays.copyOf(before, before.length + 1);
        at[at.length - 1] = i;
        positions.put(edges.get(i), at);
      }
      drawing = new Drawing(graph, draw(graph, edges), edges, Map.copyOf(positions));
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
   * (neither failed nor skipped), 1 failed, 2 skipped; nothing when no node is. Nodes are listed in
   * their declaration order.
   */
  private static void appendClass(StringBuilder out, String name, @Nullable StepResult[] results, int group) {
    boolean any = false;
    for (int node = 0; node < results.length; node++) {
      StepResult r = results[node];
      if (r == null) {
        continue;
      }
      int g = r == StepResult.FAILED ? 1 : r == StepResult.SKIPPED ? 2 : 0;
      if (g == group) {
        out.append(any ? "," : "  class ").append(NODES[node].seedId());
        any = true;
      }
    }
    if (any) {
      out.append(' ').append(name).append('\n');
    }
  }
}
