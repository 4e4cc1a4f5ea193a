package dev.rollback.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Edge;
import dev.rollback.core.EdgeKind;
import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.RunResult;
import dev.rollback.core.StepResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.WorkflowGraph;
import dev.rollback.spi.RunOutcome;
import dev.rollback.testkit.jqwik.RollbackArbitraries;
import dev.rollback.testkit.jqwik.ScenarioScript;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Over arbitrary adapter behaviours (throws, hangs, malformed answers and slowness at any node),
 * every run terminates within its deadline, ends at Notify on-call engineer then End exactly once,
 * walks a path of the graph, and has the outcome its path says; across all runs every edge is
 * taken.
 */
class WorkflowProperties {
  private static final Trigger TRIGGER = Trigger.manual("prop@example.com", "generated scenario");
  private static final Set<Edge> TAKEN = ConcurrentHashMap.newKeySet();

  @Provide
  Arbitrary<ScenarioScript> scenarios() {
    return RollbackArbitraries.scenarios();
  }

  private static RunResult run(ScenarioScript scenario) {
    TestRig rig = TestRig.create();
    scenario.applyTo(rig.script());
    RunResult result = rig.run(TRIGGER);
    TAKEN.addAll(result.edges());
    return result;
  }

  @Property(tries = 1000)
  void terminatesWithinTheOverallDeadline(@ForAll("scenarios") ScenarioScript scenario) {
    TestRig rig = TestRig.create();
    scenario.applyTo(rig.script());
    RunResult result = rig.run(TRIGGER);
    TAKEN.addAll(result.edges());
    assertTrue(result.duration().compareTo(rig.engine().policy().overallDeadline()) <= 0,
        "took " + result.duration());
    assertTrue(rig.engine().inProgress(TestRig.CHECKOUT).isEmpty(), "the run is no longer in progress");
  }

  @Property(tries = 1000)
  void endsAtNotifyThenEndExactlyOnce(@ForAll("scenarios") ScenarioScript scenario) {
    List<Node> path = run(scenario).path();
    assertEquals(List.of(Node.NOTIFY_ON_CALL, Node.END), path.subList(path.size() - 2, path.size()));
    assertEquals(1, path.stream().filter(n -> n == Node.NOTIFY_ON_CALL).count());
    assertEquals(1, path.stream().filter(n -> n == Node.END).count());
  }

  @Property(tries = 1000)
  void walksAPathOfTheGraphFromStartToEnd(@ForAll("scenarios") ScenarioScript scenario) {
    RunResult result = run(scenario);
    WorkflowGraph graph = WorkflowGraph.seed();
    assertEquals(Node.START, result.path().get(0));
    List<JournalEntry> journal = result.journal();
    for (int i = 0; i + 1 < journal.size(); i++) {
      JournalEntry entry = journal.get(i);
      Edge edge = entry.edge();
      assertEquals(journal.get(i + 1).node(), edge.to(), "the journal follows the edges it records");
      assertTrue(graph.outgoing(entry.node()).contains(edge), edge + " is an edge of the graph");
      if (edge.kind() == EdgeKind.FAULT) {
        assertEquals(StepResult.FAILED, entry.result(), "a fault edge leaves only a failed step: " + entry);
      }
      if (entry.node().kind() == dev.rollback.core.NodeKind.DECISION) {
        assertEquals(entry.result() == StepResult.YES ? "Yes" : "No", edge.label());
      }
    }
    assertEquals(journal.size() - 1, result.edges().size(), "every node but End left by one edge");
  }

  @Property(tries = 1000)
  void outcomeAgreesWithThePath(@ForAll("scenarios") ScenarioScript scenario) {
    RunResult result = run(scenario);
    List<Node> path = result.path();
    assertEquals(path.contains(Node.HALT_MANUAL), result.outcome() == RunOutcome.MANUAL_NEEDED);
    assertEquals(path.contains(Node.MARK_FAILED), result.outcome() == RunOutcome.ROLLBACK_FAILED);
    assertEquals(path.contains(Node.ESCALATE), result.outcome() == RunOutcome.NEEDS_ATTENTION);
    boolean complete = result.edges().stream().anyMatch(e -> "Rollback complete".equals(e.label()));
    assertEquals(complete, result.outcome() == RunOutcome.ROLLED_BACK);
  }

  @AfterContainer
  static void everyEdgeOfTheGraphWasTaken() {
    Set<Edge> missing = new LinkedHashSet<>(WorkflowGraph.seed().allEdges());
    missing.removeAll(TAKEN);
    assertEquals(Set.of(), missing, "edges never taken across the generated runs");
  }
}
