package dev.rollback.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Edge;
import dev.rollback.core.EdgeKind;
import dev.rollback.core.Lane;
import dev.rollback.core.Node;
import dev.rollback.core.StepResult;
import dev.rollback.core.WorkflowGraph;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The graph drives the engine (issue 13): handlers bound per node, routing and lane rules in the graph. */
class WorkflowDefinitionTest {
  private final WorkflowGraph graph = WorkflowGraph.seed();

  @Test
  void everyNodeOfTheSeedIsBoundToAHandler() {
    assertEquals(21, WorkflowDefinition.SEED.size());
    assertEquals(graph, WorkflowDefinition.SEED.graph());
    for (Node node : graph.nodes()) {
      WorkflowDefinition.SEED.handler(node); // throws for an unbound node
    }
  }

  @Test
  void routingFollowsTheSeedAndTheFaultEdges() {
    assertEquals(Node.PREPARE_MANIFEST, graph.route(Node.PREVIOUS_AVAILABLE, StepResult.YES).orElseThrow().to());
    assertEquals(Node.HALT_MANUAL, graph.route(Node.PREVIOUS_AVAILABLE, StepResult.NO).orElseThrow().to());
    Edge fault = graph.route(Node.UPDATE_SELECTOR, StepResult.FAILED).orElseThrow();
    assertEquals(Node.MARK_FAILED, fault.to());
    assertEquals(EdgeKind.FAULT, fault.kind());
    assertEquals(Node.DEPLOY_PREVIOUS, graph.route(Node.SCALE_DOWN, StepResult.FAILED).orElseThrow().to(),
        "a step before its lane's decision keeps to the seed's edge");
    assertEquals(Node.PODS_HEALTHY, graph.route(Node.WAIT_READY, StepResult.SKIPPED).orElseThrow().to());
    assertEquals(Optional.empty(), graph.route(Node.END, StepResult.DONE));
  }

  @Test
  void laneFailureRulesLiveInTheGraph() {
    Edge seedEdge = graph.route(Node.SCALE_DOWN, StepResult.FAILED).orElseThrow();
    assertTrue(graph.failsLane(Node.SCALE_DOWN, StepResult.FAILED, seedEdge));
    assertFalse(graph.failsLane(Node.SCALE_DOWN, StepResult.DONE, seedEdge));
    Edge fault = graph.route(Node.CLEANUP, StepResult.FAILED).orElseThrow();
    assertFalse(graph.failsLane(Node.CLEANUP, StepResult.FAILED, fault), "a fault edge routes by itself");
    Edge alert = graph.route(Node.TRIGGER_ALERT, StepResult.FAILED).orElseThrow();
    assertFalse(graph.failsLane(Node.TRIGGER_ALERT, StepResult.FAILED, alert), "no decision ahead in its lane");
    assertTrue(graph.skippedInFailedLane(Node.WAIT_READY, Lane.KUBERNETES));
    assertFalse(graph.skippedInFailedLane(Node.PODS_HEALTHY, Lane.KUBERNETES), "the decision answers, it is not skipped");
    assertFalse(graph.skippedInFailedLane(Node.WAIT_READY, null));
    assertTrue(graph.endsLaneFailure(Node.PODS_HEALTHY, Lane.KUBERNETES));
    assertFalse(graph.endsLaneFailure(Node.TESTS_PASSING, Lane.KUBERNETES));
  }

  @Test
  void workStepsAreTheClusterAndRegistryWork() {
    assertEquals(Set.of(Node.IDENTIFY_CURRENT, Node.FETCH_PREVIOUS, Node.PREPARE_MANIFEST, Node.SCALE_DOWN,
        Node.DEPLOY_PREVIOUS, Node.WAIT_READY, Node.UPDATE_SELECTOR, Node.RUN_SMOKE_TESTS, Node.UPDATE_STATUS,
        Node.CLEANUP), graph.workSteps());
    assertFalse(graph.isWorkStep(Node.NOTIFY_ON_CALL));
    assertFalse(graph.isWorkStep(Node.MARK_FAILED));
  }
}
