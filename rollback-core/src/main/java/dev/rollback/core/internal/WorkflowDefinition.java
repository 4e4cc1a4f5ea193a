package dev.rollback.core.internal;

import dev.rollback.core.Node;
import dev.rollback.core.WorkflowGraph;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The seed {@link WorkflowGraph} with each node bound to the handler that performs it, in one
 * definition (the way Temporal's {@code StateMachineDefinition} binds transitions to actions). The
 * graph says where a run goes after a node; this says what the node does. {@link RunExecution} only
 * interprets: it enters a node, runs its handler, records the step, routes by the graph and
 * persists. Building the definition fails if a node of the graph has no handler or one is bound
 * twice, so the engine cannot describe a node it does not perform.
 */
final class WorkflowDefinition {

  /** Performs one node of one run; ends, now or later, by recording the node's step. */
  @FunctionalInterface
  interface Handler {
    void perform(RunExecution execution, Node node, Instant start);
  }

  /** The seed workflow with its 21 handlers. */
  static final WorkflowDefinition SEED = new WorkflowDefinition(WorkflowGraph.seed())
      .bind(Node.START, RunExecution::start)
      .bind(Node.DETECT_ANOMALY, RunExecution::detectAnomaly)
      .bind(Node.TRIGGER_ALERT, RunExecution::triggerAlert)
      .bind(Node.NOTIFY_ON_CALL, RunExecution::notifyOnCall)
      .bind(Node.END, RunExecution::end)
      .bind(Node.IDENTIFY_CURRENT, RunExecution::identifyCurrent)
      .bind(Node.FETCH_PREVIOUS, RunExecution::fetchPrevious)
      .bind(Node.PREVIOUS_AVAILABLE, RunExecution::decidePreviousAvailable)
      .bind(Node.PREPARE_MANIFEST, RunExecution::prepareManifest)
      .bind(Node.HALT_MANUAL, RunExecution::haltManual)
      .bind(Node.SCALE_DOWN, RunExecution::scaleDown)
      .bind(Node.DEPLOY_PREVIOUS, RunExecution::deployPrevious)
      .bind(Node.WAIT_READY, RunExecution::waitReady)
      .bind(Node.PODS_HEALTHY, RunExecution::decidePodsHealthy)
      .bind(Node.UPDATE_SELECTOR, RunExecution::updateSelector)
      .bind(Node.MARK_FAILED, RunExecution::markFailed)
      .bind(Node.RUN_SMOKE_TESTS, RunExecution::runSmokeTests)
      .bind(Node.TESTS_PASSING, RunExecution::decideTestsPassing)
      .bind(Node.UPDATE_STATUS, RunExecution::updateStatus)
      .bind(Node.CLEANUP, RunExecution::cleanup)
      .bind(Node.ESCALATE, RunExecution::escalate)
      .complete();

  private final WorkflowGraph graph;
  private final Map<Node, Handler> handlers = new EnumMap<>(Node.class);

  private WorkflowDefinition(WorkflowGraph graph) {
    this.graph = graph;
  }

  private WorkflowDefinition bind(Node node, Handler handler) {
    if (handlers.putIfAbsent(node, handler) != null) {
      throw new IllegalStateException("WorkflowDefinition binds " + node + " twice");
    }
    return this;
  }

  /**
   * Checks that every node of the graph has exactly one handler.
   *
   * @throws IllegalStateException naming the nodes without one
   */
  WorkflowDefinition complete() {
    List<Node> unbound = new ArrayList<>();
    for (Node node : graph.nodes()) {
      if (!handlers.containsKey(node)) {
        unbound.add(node);
      }
    }
    if (!unbound.isEmpty()) {
      throw new IllegalStateException("WorkflowDefinition has no handler for " + unbound);
    }
    return this;
  }

  /** Returns the graph the handlers are bound to. */
  WorkflowGraph graph() {
    return graph;
  }

  /** Returns the handler of {@code node}. */
  Handler handler(Node node) {
    Handler handler = handlers.get(node);
    if (handler == null) {
      throw new IllegalStateException("WorkflowDefinition has no handler for " + node);
    }
    return handler;
  }

  /** Returns how many nodes are bound; every node of the graph once {@link #complete()} passed. */
  int size() {
    return handlers.size();
  }
}
