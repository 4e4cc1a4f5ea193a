package dev.rollback.core.postmortem;

import dev.rollback.core.Edge;
import dev.rollback.core.EdgeKind;
import dev.rollback.core.Lane;
import dev.rollback.core.Node;
import dev.rollback.core.NodeKind;
import dev.rollback.core.StepResult;
import dev.rollback.core.WorkflowGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Draws the workflow as SVG: the four lanes as horizontal bands, the 21 nodes at fixed places that
 * follow the seed's drawing (each lane's nodes left to right in the seed's order, a decision's
 * "No" below it, the lanes after the first starting under <i>Trigger rollback alert</i>, which
 * hands over to the second), and the graph's edges routed at right angles: along a row, down
 * into the next lane (turning in the gap above the lane's nodes), and up into <i>Notify on-call
 * engineer</i> through the gaps between columns, each such edge in its own corridor. The run's path is highlighted: visited nodes in amber with their step
 * numbers and durations, failed steps in red, skipped steps grey and dashed, taken edges thick;
 * fault edges, which the seed does not draw, are dashed.
 *
 * <p>The places are data ({@link #PLACES}), not computed, so that every postmortem draws the
 * workflow alike whatever path its run took; the edges come from the {@link WorkflowGraph}.
 * Stateless and thread-safe.
 */
final class WorkflowSvg {
  static final int LANE_LABEL_WIDTH = 112;
  static final int COLUMN_WIDTH = 140;
  static final int NODE_WIDTH = 116;
  static final int NODE_HEIGHT = 46;
  static final int ROW_HEIGHT = 86;
  static final int LANE_HEIGHT = 2 * ROW_HEIGHT;
  static final int HEADER = 34;
  static final int COLUMNS = 7;
  static final int WIDTH = LANE_LABEL_WIDTH + COLUMNS * COLUMN_WIDTH;
  static final int HEIGHT = HEADER + 4 * LANE_HEIGHT + 40;
  private static final String TAKEN = "#b45309";
  private static final String IDLE = "#9ca3af";
  /** How an edge's label is anchored at its point: the third element of the point. */
  private static final double START = 0;
  private static final double MIDDLE = 1;
  private static final double END = 2;

  /** Where a node is drawn: its column, and row 0 (the lane's main row) or 1 (below it). */
  record Place(int column, int row) {}

  /** The seed's layout: see the type's documentation. */
  static final Map<Node, Place> PLACES = places();

  private static Map<Node, Place> places() {
    Map<Node, Place> p = new EnumMap<>(Node.class);
    p.put(Node.START, new Place(0, 0));
    p.put(Node.DETECT_ANOMALY, new Place(1, 0));
    p.put(Node.TRIGGER_ALERT, new Place(2, 0));
    p.put(Node.NOTIFY_ON_CALL, new Place(3, 0));
    p.put(Node.END, new Place(4, 0));
    p.put(Node.IDENTIFY_CURRENT, new Place(2, 0));
    p.put(Node.FETCH_PREVIOUS, new Place(3, 0));
    p.put(Node.PREVIOUS_AVAILABLE, new Place(4, 0));
    p.put(Node.PREPARE_MANIFEST, new Place(5, 0));
    p.put(Node.HALT_MANUAL, new Place(4, 1));
    p.put(Node.SCALE_DOWN, new Place(2, 0));
    p.put(Node.DEPLOY_PREVIOUS, new Place(3, 0));
    p.put(Node.WAIT_READY, new Place(4, 0));
    p.put(Node.PODS_HEALTHY, new Place(5, 0));
    p.put(Node.UPDATE_SELECTOR, new Place(6, 0));
    p.put(Node.MARK_FAILED, new Place(5, 1));
    p.put(Node.RUN_SMOKE_TESTS, new Place(2, 0));
    p.put(Node.TESTS_PASSING, new Place(3, 0));
    p.put(Node.UPDATE_STATUS, new Place(4, 0));
    p.put(Node.CLEANUP, new Place(5, 0));
    p.put(Node.ESCALATE, new Place(3, 1));
    return p;
  }

  private WorkflowSvg() {}

  /** Returns where {@code node} is drawn; every node has a place. */
  static Place place(Node node) {
    return Objects.requireNonNull(PLACES.get(node), node.seedId());
  }

  /** Returns the x of the centre of {@code node}. */
  static double x(Node node) {
    return LANE_LABEL_WIDTH + place(node).column() * COLUMN_WIDTH + COLUMN_WIDTH / 2.0;
  }

  /** Returns the y of the centre of {@code node}. */
  static double y(Node node) {
    return HEADER + node.lane().ordinal() * LANE_HEIGHT + place(node).row() * ROW_HEIGHT + ROW_HEIGHT / 2.0;
  }

  /** What the run did at one node: its results, in order, and the steps' numbers and total duration. */
  private static final class Visit {
    final List<Integer> steps = new ArrayList<>();
    final List<StepResult> results = new ArrayList<>();
    Duration duration = Duration.ZERO;

    Status status() {
      if (results.contains(StepResult.FAILED)) {
        return Status.FAILED;
      }
      return results.stream().allMatch(r -> r == StepResult.SKIPPED) ? Status.SKIPPED : Status.VISITED;
    }
  }

  /** How a node is drawn: what the run did there; a failure at any visit wins. */
  enum Status {
    VISITED("visited", "#fde68a", TAKEN, "2", "", "", "#374151"),
    FAILED("failed", "#fecaca", "#b91c1c", "3", "", "FAILED ", "#b91c1c"),
    SKIPPED("skipped", "#f3f4f6", IDLE, "1.2", " stroke-dasharray=\"4 3\"", "skipped ", "#374151"),
    UNVISITED("unvisited", "#ffffff", IDLE, "1.2", "", "", "#6b7280");

    final String cssClass;
    final String fill;
    final String stroke;
    final String strokeWidth;
    final String dash;
    /** What the step's note says before the duration. */
    final String note;
    final String noteColor;

    Status(String cssClass, String fill, String stroke, String strokeWidth, String dash, String note,
        String noteColor) {
      this.cssClass = cssClass;
      this.fill = fill;
      this.stroke = stroke;
      this.strokeWidth = strokeWidth;
      this.dash = dash;
      this.note = note;
      this.noteColor = noteColor;
    }
  }

  /** Returns the drawing of {@code pm}'s workflow and path as a standalone SVG document; {@code id} prefixes its ids. */
  static String render(Postmortem pm, String id) {
    WorkflowGraph graph = pm.graph();
    Map<Node, Visit> visits = new EnumMap<>(Node.class);
    Map<Edge, Boolean> taken = new HashMap<>();
    for (Postmortem.TimelineRow row : pm.timeline()) {
      Visit v = visits.computeIfAbsent(row.node(), n -> new Visit());
      v.steps.add(row.step());
      v.results.add(row.result());
      v.duration = v.duration.plus(row.duration());
      if (row.edge() != null) {
        taken.put(row.edge(), true);
      }
    }
    StringBuilder out = new StringBuilder(48 * 1024);
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
        .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title ").append(id).append("-desc\"")
        .append(" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" font-size=\"11\" class=\"workflow\">\n");
    out.append("<title id=\"").append(id).append("-title\">");
    Xml.text(out, "Workflow of run " + pm.runId() + ": " + pm.outcome()).append("</title>\n");
    out.append("<desc id=\"").append(id).append("-desc\">");
    StringBuilder path = new StringBuilder("The four lanes and 21 steps of the rollback workflow. Path taken: ");
    for (Postmortem.TimelineRow row : pm.timeline()) {
      path.append(row.step() == 1 ? "" : ", ").append(row.node().label()).append(" (").append(row.result())
          .append(')');
    }
    Xml.text(out, path.append('.').toString()).append("</desc>\n");
    out.append("<defs>\n");
    marker(out, id + "-arrow", IDLE);
    marker(out, id + "-arrow-taken", TAKEN);
    out.append("</defs>\n");
    out.append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"")
        .append(HEIGHT).append("\" fill=\"#ffffff\"/>\n");
    out.append("<text class=\"drawing-title\" x=\"8\" y=\"22\" font-size=\"13\" font-weight=\"bold\" fill=\"#111827\">");
    Xml.text(out, "Run " + pm.runId() + " ended " + pm.outcome()).append("</text>\n");
    lanes(out);
    edges(out, graph, taken, id);
    for (Node node : graph.nodes()) {
      node(out, node, visits.get(node));
    }
    legend(out);
    out.append("</svg>\n");
    return out.toString();
  }

  private static void marker(StringBuilder out, String id, String color) {
    out.append("<marker id=\"").append(id).append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\""
        + " markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"").append(color)
        .append("\"/></marker>\n");
  }

  private static void lanes(StringBuilder out) {
    for (Lane lane : Lane.values()) {
      int top = HEADER + lane.ordinal() * LANE_HEIGHT;
      out.append("<g class=\"lane\" data-lane=\"").append(lane.seedId()).append("\">\n");
      out.append("<rect x=\"0\" y=\"").append(top).append("\" width=\"").append(WIDTH).append("\" height=\"")
          .append(LANE_HEIGHT).append("\" fill=\"").append(lane.ordinal() % 2 == 0 ? "#f9fafb" : "#f3f4f6")
          .append("\" stroke=\"#d1d5db\"/>\n");
      out.append("<text x=\"10\" y=\"").append(top + 22).append("\" font-weight=\"bold\" fill=\"#374151\">");
      Xml.text(out, lane.title()).append("</text>\n</g>\n");
    }
  }

  private static void edges(StringBuilder out, WorkflowGraph graph, Map<Edge, Boolean> taken, String id) {
    // Edges into one node from below come in side by side, and each takes its own corridor.
    Map<Node, Integer> upward = new EnumMap<>(Node.class);
    Map<Node, Integer> fromRight = new EnumMap<>(Node.class);
    for (Edge e : graph.allEdges()) {
      boolean isTaken = taken.containsKey(e);
      String color = isTaken ? TAKEN : IDLE;
      List<double[]> points = new ArrayList<>();
      double[] labelAt;
      Node a = e.from();
      Node b = e.to();
      double ax = x(a);
      double ay = y(a);
      double bx = x(b);
      double by = y(b);
      double half = NODE_HEIGHT / 2.0 + (b.kind() == NodeKind.DECISION ? 6 : 0);
      double halfA = NODE_HEIGHT / 2.0 + (a.kind() == NodeKind.DECISION ? 6 : 0);
      if (ay == by && bx > ax) {
        points.add(new double[] {ax + halfWidth(a), ay});
        points.add(new double[] {bx - halfWidth(b), by});
        labelAt = new double[] {(ax + halfWidth(a) + bx - halfWidth(b)) / 2, ay - 8, MIDDLE};
      } else if (by > ay && (ax == bx || a.lane() != b.lane())) {
        // Down: straight when the target is below, else turning in the gap above the target's lane.
        double turn = HEADER + b.lane().ordinal() * LANE_HEIGHT + 14;
        points.add(new double[] {ax, ay + halfA});
        if (ax != bx) {
          points.add(new double[] {ax, turn});
          points.add(new double[] {bx, turn});
        }
        points.add(new double[] {bx, by - half});
        labelAt = ax == bx ? new double[] {ax + 6, (ay + halfA + by - half) / 2 + 4, START}
            : new double[] {(ax + bx) / 2, turn - 3, MIDDLE};
      } else if (by < ay) {
        int k = upward.merge(b, 1, Integer::sum) - 1;
        double entryX = bx - 30 + 12 * k;
        double corridor = y(b) + ROW_HEIGHT / 2.0 + 8 + 12 * k;
        // From the row below a lane's main row, out to the left; from a main row, out to the right.
        boolean below = place(a).row() == 1;
        double exitX = below ? ax - halfWidth(a) : ax + halfWidth(a);
        double riseX = below ? ax - COLUMN_WIDTH / 2.0 : ax + COLUMN_WIDTH / 2.0;
        points.add(new double[] {exitX, ay});
        points.add(new double[] {riseX, ay});
        points.add(new double[] {riseX, corridor});
        points.add(new double[] {entryX, corridor});
        points.add(new double[] {entryX, by + half});
        // Beside the source, where its lane has no node.
        labelAt = below ? new double[] {riseX - 4, ay + 4, END} : new double[] {riseX + 4, ay + 4, START};
      } else if (by > ay && bx < ax) {
        int k = fromRight.merge(b, 1, Integer::sum) - 1;
        double exitX = ax - 24;
        double entryY = by - 8 + 12 * k;
        points.add(new double[] {exitX, ay + halfA});
        points.add(new double[] {exitX, entryY});
        points.add(new double[] {bx + halfWidth(b), entryY});
        labelAt = new double[] {exitX - 4, ay + halfA + 30, END};
      } else {
        double midX = (ax + bx) / 2;
        points.add(new double[] {ax + halfWidth(a), ay});
        points.add(new double[] {midX, ay});
        points.add(new double[] {midX, by});
        points.add(new double[] {bx - halfWidth(b), by});
        labelAt = new double[] {midX + 4, (ay + by) / 2, START};
      }
      out.append("<polyline class=\"edge").append(isTaken ? " taken" : "")
          .append(e.kind() == EdgeKind.FAULT ? " fault" : "").append("\" data-from=\"").append(a.seedId())
          .append("\" data-to=\"").append(b.seedId()).append("\" points=\"");
      for (int i = 0; i < points.size(); i++) {
        if (i > 0) {
          out.append(' ');
        }
        Xml.coordinate(out, points.get(i)[0]).append(',');
        Xml.coordinate(out, points.get(i)[1]);
      }
      out.append("\" fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"").append(isTaken ? "3" : "1.3")
          .append('"').append(e.kind() == EdgeKind.FAULT ? " stroke-dasharray=\"5 4\"" : "")
          .append(" marker-end=\"url(#").append(id).append(isTaken ? "-arrow-taken" : "-arrow").append(")\"/>\n");
      String label = e.label();
      if (label != null) {
        out.append("<text class=\"edge-label\" x=\"");
        Xml.coordinate(out, labelAt[0]).append("\" y=\"");
        Xml.coordinate(out, labelAt[1]).append('"')
            .append(labelAt[2] == END ? " text-anchor=\"end\"" : labelAt[2] == MIDDLE ? " text-anchor=\"middle\"" : "")
            .append(" font-size=\"10\" fill=\"").append(isTaken ? TAKEN : "#6b7280").append("\">");
        Xml.text(out, label).append("</text>\n");
      }
    }
  }

  private static double halfWidth(Node node) {
    return node.kind() == NodeKind.TERMINAL ? NODE_HEIGHT / 2.0 : NODE_WIDTH / 2.0 + (node.kind() == NodeKind.DECISION
        ? 6 : 0);
  }

  private static void node(StringBuilder out, Node node, @Nullable Visit visit) {
    Status status = visit == null ? Status.UNVISITED : visit.status();
    double cx = x(node);
    double cy = y(node);
    out.append("<g class=\"node ").append(status.cssClass).append("\" data-node=\"").append(node.seedId()).append("\">\n");
    out.append("<title>");
    StringBuilder title = new StringBuilder(node.seedId() + " " + node.label() + ": ");
    if (visit == null) {
      title.append("not on this run's path");
    } else {
      for (int i = 0; i < visit.steps.size(); i++) {
        title.append(i == 0 ? "step " : ", step ").append(visit.steps.get(i)).append(' ').append(visit.results.get(i));
      }
      title.append(", ");
      Times.forPeople(title, visit.duration);
    }
    Xml.text(out, title.toString()).append("</title>\n");
    String attributes = " fill=\"" + status.fill + "\" stroke=\"" + status.stroke + "\" stroke-width=\""
        + status.strokeWidth + "\"" + status.dash;
    switch (node.kind()) {
      case TERMINAL -> {
        out.append("<circle cx=\"");
        Xml.coordinate(out, cx).append("\" cy=\"");
        Xml.coordinate(out, cy).append("\" r=\"").append(NODE_HEIGHT / 2).append('"').append(attributes).append("/>\n");
      }
      case DECISION -> {
        double hw = NODE_WIDTH / 2.0 + 6;
        double hh = NODE_HEIGHT / 2.0 + 6;
        out.append("<polygon points=\"");
        Xml.coordinate(out, cx - hw).append(',');
        Xml.coordinate(out, cy).append(' ');
        Xml.coordinate(out, cx).append(',');
        Xml.coordinate(out, cy - hh).append(' ');
        Xml.coordinate(out, cx + hw).append(',');
        Xml.coordinate(out, cy).append(' ');
        Xml.coordinate(out, cx).append(',');
        Xml.coordinate(out, cy + hh).append('"').append(attributes).append("/>\n");
      }
      case STEP -> {
        out.append("<rect x=\"");
        Xml.coordinate(out, cx - NODE_WIDTH / 2.0).append("\" y=\"");
        Xml.coordinate(out, cy - NODE_HEIGHT / 2.0).append("\" width=\"").append(NODE_WIDTH).append("\" height=\"")
            .append(NODE_HEIGHT).append("\" rx=\"6\"").append(attributes).append("/>\n");
      }
    }
    List<String> lines = wrap(node.label(), node.kind() == NodeKind.STEP ? 19 : 14);
    double first = cy - (lines.size() - 1) * 6.5 + 4;
    for (int i = 0; i < lines.size(); i++) {
      out.append("<text class=\"label\" x=\"");
      Xml.coordinate(out, cx).append("\" y=\"");
      Xml.coordinate(out, first + 13 * i).append("\" text-anchor=\"middle\" fill=\"")
          .append(visit == null ? "#6b7280" : "#111827").append("\">");
      Xml.text(out, lines.get(i)).append("</text>\n");
    }
    if (visit != null) {
      StringBuilder note = new StringBuilder("#");
      for (int i = 0; i < visit.steps.size(); i++) {
        note.append(i == 0 ? "" : ",").append(visit.steps.get(i));
      }
      note.append(' ').append(status.note);
      Times.forPeople(note, visit.duration);
      double bottom = cy + NODE_HEIGHT / 2.0 + (node.kind() == NodeKind.DECISION ? 6 : 0);
      out.append("<text class=\"duration\" x=\"");
      Xml.coordinate(out, cx + NODE_WIDTH / 2.0).append("\" y=\"");
      Xml.coordinate(out, bottom + 13).append("\" text-anchor=\"end\" font-size=\"10\" fill=\"")
          .append(status.noteColor).append("\">");
      Xml.text(out, note.toString()).append("</text>\n");
    }
    out.append("</g>\n");
  }

  /** Splits {@code label} at spaces into lines of at most {@code width} characters where it can. */
  static List<String> wrap(String label, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : label.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() == 0 ? "" : " ").append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  private static void legend(StringBuilder out) {
    int y = HEADER + 4 * LANE_HEIGHT + 14;
    String[][] items = {{"#fde68a", TAKEN, "", "visited (#step, duration)"}, {"#fecaca", "#b91c1c", "", "failed"},
        {"#f3f4f6", IDLE, " stroke-dasharray=\"4 3\"", "skipped"}, {"#ffffff", IDLE, "", "not on the path"}};
    int x = 10;
    out.append("<g class=\"legend\">\n");
    for (String[] item : items) {
      out.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"18\" height=\"12\" fill=\"")
          .append(item[0]).append("\" stroke=\"").append(item[1]).append('"').append(item[2]).append("/>\n");
      out.append("<text x=\"").append(x + 24).append("\" y=\"").append(y + 10).append("\" fill=\"#374151\">")
          .append(item[3]).append("</text>\n");
      x += 40 + 7 * item[3].length();
    }
    out.append("<line x1=\"").append(x).append("\" x2=\"").append(x + 28).append("\" y1=\"").append(y + 6)
        .append("\" y2=\"").append(y + 6).append("\" stroke=\"").append(TAKEN).append("\" stroke-width=\"3\"/>\n");
    out.append("<text x=\"").append(x + 34).append("\" y=\"").append(y + 10)
        .append("\" fill=\"#374151\">edge taken</text>\n");
    x += 120;
    out.append("<line x1=\"").append(x).append("\" x2=\"").append(x + 28).append("\" y1=\"").append(y + 6)
        .append("\" y2=\"").append(y + 6).append("\" stroke=\"").append(IDLE)
        .append("\" stroke-width=\"1.3\" stroke-dasharray=\"5 4\"/>\n");
    out.append("<text x=\"").append(x + 34).append("\" y=\"").append(y + 10)
        .append("\" fill=\"#374151\">fault edge (not drawn in the seed)</text>\n");
    out.append("</g>\n");
  }
}
