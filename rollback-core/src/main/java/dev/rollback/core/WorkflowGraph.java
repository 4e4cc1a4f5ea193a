package dev.rollback.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The seed workflow as data: its 21 {@linkplain Node nodes} in four {@linkplain Lane lanes} and its
 * labelled edges, exactly as drawn in {@code deployment-rollback-workflow.flowzap}. The engine walks
 * this graph, the postmortem draws it, and the property tests check runs against it; nothing else
 * encodes the flow.
 *
 * <h2>Failure routing</h2>
 *
 * A step that fails (its adapter throws, misses its deadline, is interrupted or answers malformed
 * data) sends the run down the failure edge of its lane: the "No" edge of the lane's decision
 * (<i>Previous version available?</i>, <i>All pods healthy?</i>, <i>Tests passing?</i>).
 *
 * <ul>
 *   <li>A step <em>before</em> its lane's decision keeps to the seed's edges: the remaining steps up
 *       to the decision are recorded as skipped, and the decision answers No.
 *   <li>A step <em>after</em> its lane's decision has no seed edge to the lane's failure node, so the
 *       graph declares one {@linkplain EdgeKind#FAULT fault edge} for each such step: <i>Prepare
 *       rollback manifest</i> to <i>Halt manual rollback</i>, <i>Update service selector</i> to
 *       <i>Mark rollback failed</i>, and <i>Update deployment status</i> and <i>Cleanup old
 *       resources</i> to <i>Escalate to team lead</i>.
 *   <li>A failed step with neither (the notifications, <i>Mark rollback failed</i>) is recorded and
 *       the run follows its seed edge, so every run still reaches <i>Notify on-call engineer</i>.
 * </ul>
 */
public final class WorkflowGraph {

  private static final WorkflowGraph SEED = new WorkflowGraph();

  private final List<Edge> seedEdges;
  private final List<Edge> faultEdges;
  private final List<Edge> allEdges;
  private final Map<Node, List<Edge>> outgoing = new EnumMap<>(Node.class);
  private final Set<Node> workSteps;

  private WorkflowGraph() {
    List<Edge> seed = new ArrayList<>();
    seed(seed, Node.START, Node.DETECT_ANOMALY, null);
    seed(seed, Node.DETECT_ANOMALY, Node.TRIGGER_ALERT, null);
    seed(seed, Node.TRIGGER_ALERT, Node.IDENTIFY_CURRENT, "Initiate rollback");
    seed(seed, Node.NOTIFY_ON_CALL, Node.END, null);
    seed(seed, Node.IDENTIFY_CURRENT, Node.FETCH_PREVIOUS, null);
    seed(seed, Node.FETCH_PREVIOUS, Node.PREVIOUS_AVAILABLE, null);
    seed(seed, Node.PREVIOUS_AVAILABLE, Node.PREPARE_MANIFEST, "Yes");
    seed(seed, Node.PREVIOUS_AVAILABLE, Node.HALT_MANUAL, "No");
    seed(seed, Node.PREPARE_MANIFEST, Node.SCALE_DOWN, "Apply");
    seed(seed, Node.HALT_MANUAL, Node.NOTIFY_ON_CALL, "Manual needed");
    seed(seed, Node.SCALE_DOWN, Node.DEPLOY_PREVIOUS, null);
    seed(seed, Node.DEPLOY_PREVIOUS, Node.WAIT_READY, null);
    seed(seed, Node.WAIT_READY, Node.PODS_HEALTHY, null);
    seed(seed, Node.PODS_HEALTHY, Node.UPDATE_SELECTOR, "Yes");
    seed(seed, Node.PODS_HEALTHY, Node.MARK_FAILED, "No");
    seed(seed, Node.UPDATE_SELECTOR, Node.RUN_SMOKE_TESTS, "Traffic shifted");
    seed(seed, Node.MARK_FAILED, Node.NOTIFY_ON_CALL, "Failed");
    seed(seed, Node.RUN_SMOKE_TESTS, Node.TESTS_PASSING, null);
    seed(seed, Node.TESTS_PASSING, Node.UPDATE_STATUS, "Yes");
    seed(seed, Node.TESTS_PASSING, Node.ESCALATE, "No");
    seed(seed, Node.UPDATE_STATUS, Node.CLEANUP, null);
    seed(seed, Node.CLEANUP, Node.NOTIFY_ON_CALL, "Rollback complete");
    seed(seed, Node.ESCALATE, Node.NOTIFY_ON_CALL, "Needs attention");
    this.seedEdges = List.copyOf(seed);

    List<Edge> fault = new ArrayList<>();
    fault.add(new Edge(Node.PREPARE_MANIFEST, Node.HALT_MANUAL, "Manifest rejected", EdgeKind.FAULT));
    fault.add(new Edge(Node.UPDATE_SELECTOR, Node.MARK_FAILED, "Traffic shift failed", EdgeKind.FAULT));
    fault.add(new Edge(Node.UPDATE_STATUS, Node.ESCALATE, "Status update failed", EdgeKind.FAULT));
    fault.add(new Edge(Node.CLEANUP, Node.ESCALATE, "Cleanup failed", EdgeKind.FAULT));
    this.faultEdges = List.copyOf(fault);
    List<Edge> all = new ArrayList<>(seedEdges);
    all.addAll(faultEdges);
    this.allEdges = List.copyOf(all);

    for (Node node : Node.values()) {
      outgoing.put(node, allEdges().stream().filter(e -> e.from() == node).toList());
    }

    // The steps that do cluster or registry work: they are bounded by the work deadline, which
    // keeps back the time reserved for the final steps and notifications, and do not start once
    // only that reserve is left.
    this.workSteps = Collections.unmodifiableSet(EnumSet.of(
        Node.IDENTIFY_CURRENT, Node.FETCH_PREVIOUS, Node.PREPARE_MANIFEST, Node.SCALE_DOWN,
        Node.DEPLOY_PREVIOUS, Node.WAIT_READY, Node.UPDATE_SELECTOR, Node.RUN_SMOKE_TESTS,
        Node.UPDATE_STATUS, Node.CLEANUP));
  }

  private static void seed(List<Edge> edges, Node from, Node to, @Nullable String label) {
    edges.add(new Edge(from, to, label, EdgeKind.SEED));
  }

  /** Returns the seed workflow. */
  public static WorkflowGraph seed() {
    return SEED;
  }

  /** Returns all 21 nodes in seed order. */
  public List<Node> nodes() {
    return List.of(Node.values());
  }

  /** Returns the edges drawn in the seed, in seed order. */
  public List<Edge> seedEdges() {
    return seedEdges;
  }

  /** Returns the fault edges the seed does not draw (see the class documentation). */
  public List<Edge> faultEdges() {
    return faultEdges;
  }

  /** Returns the seed edges followed by the fault edges. */
  public List<Edge> allEdges() {
    return allEdges;
  }

  /** Returns the edges leaving {@code node}, seed edges first. */
  public List<Edge> outgoing(Node node) {
    return outgoing.getOrDefault(node, List.of());
  }

  /**
   * Returns the seed edge the engine follows from {@code node} for {@code answer}: for a decision,
   * the edge labelled {@code Yes} or {@code No}; for any other node its single seed edge.
   *
   * @throws IllegalTransitionException if there is no such edge
   */
  public Edge next(Node node, boolean answer) {
    for (Edge edge : outgoing(node)) {
      if (edge.kind() != EdgeKind.SEED) {
        continue;
      }
      if (node.kind() != NodeKind.DECISION || (answer ? "Yes" : "No").equals(edge.label())) {
        return edge;
      }
    }
    throw new IllegalTransitionException(node, "no seed edge leaves it" + (node.kind() == NodeKind.DECISION ? " for answer " + (answer ? "Yes" : "No") : ""));
  }

  /** Returns the fault edge leaving {@code node}, if the graph declares one. */
  public Optional<Edge> faultEdge(Node node) {
    return outgoing(node).stream().filter(e -> e.kind() == EdgeKind.FAULT).findFirst();
  }

  /**
   * Returns the decision a failed step's run must reach by seed edges within its lane to take the
   * lane's "No" edge, if there is one (e.g. <i>Previous version available?</i> for <i>Identify
   * current version</i>).
   */
  public Optional<Node> laneDecisionAhead(Node step) {
    Node current = step;
    while (current.kind() != NodeKind.DECISION) {
      List<Edge> seedOut = outgoing(current).stream().filter(e -> e.kind() == EdgeKind.SEED).toList();
      if (seedOut.size() != 1 || seedOut.get(0).to().lane() != step.lane()) {
        return Optional.empty();
      }
      current = seedOut.get(0).to();
    }
    return Optional.of(current);
  }

  /**
   * Returns the steps that do cluster or registry work. They run within the run's work deadline
   * (the overall deadline less the time reserved for <i>Mark rollback failed</i> or <i>Escalate to
   * team lead</i>, the notifications and the last save), and one that would start after it fails
   * unstarted instead; the alert, the terminal steps and the notifications are not work steps.
   */
  public Set<Node> workSteps() {
    return workSteps;
  }

  /** Answers whether {@code node} is one of the {@linkplain #workSteps() work steps}. */
  public boolean isWorkStep(Node node) {
    return workSteps.contains(node);
  }

  /**
   * Returns the edge a run takes from {@code node} after a step ended with {@code result}: a
   * decision's Yes or No edge; a failed step's fault edge where the graph declares one, else its
   * seed edge (see the class documentation); otherwise the node's seed edge. Empty after {@link
   * Node#END}.
   *
   * @throws IllegalTransitionException if the graph has no such edge
   */
  public Optional<Edge> route(Node node, StepResult result) {
    if (node == Node.END) {
      return Optional.empty();
    }
    return Optional.of(switch (result) {
      case FAILED -> faultEdge(node).orElseGet(() -> next(node, true));
      case YES, DONE, SKIPPED -> next(node, true);
      case NO -> next(node, false);
    });
  }

  /**
   * Answers whether a step that ended with {@code result} and took {@code taken} fails its lane: a
   * failed step that keeps to the seed's edges with its lane's decision ahead. Until that decision,
   * the lane's remaining steps are {@linkplain #skippedInFailedLane skipped} and the decision
   * answers No.
   */
  public boolean failsLane(Node node, StepResult result, @Nullable Edge taken) {
    return result == StepResult.FAILED && taken != null && taken.kind() == EdgeKind.SEED
        && laneDecisionAhead(node).isPresent();
  }

  /** Answers whether {@code node} is a step skipped because its lane, {@code failedLane}, failed. */
  public boolean skippedInFailedLane(Node node, @Nullable Lane failedLane) {
    return node.kind() == NodeKind.STEP && node.lane() == failedLane;
  }

  /**
   * Answers whether {@code node} ends the failure of {@code failedLane}: the lane's decision, which
   * answers No for it.
   */
  public boolean endsLaneFailure(Node node, @Nullable Lane failedLane) {
    return node.kind() == NodeKind.DECISION && node.lane() == failedLane;
  }

  /** Returns the edges arriving at {@code node}, seed edges first. */
  public List<Edge> incomingOf(Node node) {
    return allEdges().stream().filter(e -> e.to() == node).toList();
  }

  /** Returns the edge from {@code from} to {@code to}, seed edges first, if there is one. */
  public Optional<Edge> edge(Node from, Node to) {
    return outgoing(from).stream().filter(e -> e.to() == to).findFirst();
  }

  /**
   * Returns the edges a path takes, in order.
   *
   * @throws IllegalTransitionException naming the first step of {@code path} that no edge joins
   */
  public List<Edge> edgesOf(List<Node> path) {
    List<Edge> edges = new ArrayList<>();
    for (int i = 1; i < path.size(); i++) {
      Node from = path.get(i - 1);
      Node to = path.get(i);
      edges.add(
          edge(from, to)
              .orElseThrow(() -> new IllegalTransitionException(from, "no edge leads to " + to)));
    }
    return List.copyOf(edges);
  }
}
