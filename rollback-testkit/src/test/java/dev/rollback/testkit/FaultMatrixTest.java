package dev.rollback.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.EdgeKind;
import dev.rollback.core.FailureKind;
import dev.rollback.core.JournalEntry;
import dev.rollback.core.Lane;
import dev.rollback.core.Node;
import dev.rollback.core.NodeKind;
import dev.rollback.core.RunResult;
import dev.rollback.core.StepResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.WorkflowGraph;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RunOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * For every node of the graph and every fault that can strike it, the edge taken, the outcome,
 * exactly one terminal notification step and a complete journal. Prints the matrix it covered and
 * fails if a cell is missing.
 */
class FaultMatrixTest {
  private static final Trigger TRIGGER = Trigger.manual("matrix@example.com", "fault matrix");

  enum Fault {
    THROW, HANG, INTERRUPT, MALFORMED, SLOW, CRASH_BEFORE, CRASH_AFTER;

    boolean crash() {
      return this == CRASH_BEFORE || this == CRASH_AFTER;
    }
  }

  private final Map<Node, Map<Fault, String>> matrix = new EnumMap<>(Node.class);

  /** The adapter call a node makes, or null if it makes none of its own. */
  static @Nullable Op opOf(Node node) {
    for (Op op : Op.values()) {
      if (op.node() == node) {
        return op;
      }
    }
    return Set.of(Node.TRIGGER_ALERT, Node.ESCALATE, Node.NOTIFY_ON_CALL).contains(node) ? Op.NOTIFY : null;
  }

  /** The scenario that reaches {@code node}, and its outcome without faults. */
  static RunOutcome base(Node node, Script script) {
    switch (node) {
      case HALT_MANUAL -> {
        script.then(Op.PREVIOUS_STABLE, Behavior.answerNo());
        return RunOutcome.MANUAL_NEEDED;
      }
      case MARK_FAILED -> {
        script.then(Op.POD_HEALTH, Behavior.answerNo());
        return RunOutcome.ROLLBACK_FAILED;
      }
      case ESCALATE -> {
        script.then(Op.SMOKE, Behavior.answerNo());
        return RunOutcome.NEEDS_ATTENTION;
      }
      default -> {
        return RunOutcome.ROLLED_BACK;
      }
    }
  }

  static boolean applies(Node node, Fault fault) {
    return fault.crash() || opOf(node) != null;
  }

  static Behavior behavior(Fault fault) {
    return switch (fault) {
      case THROW -> Behavior.fail("injected by the fault matrix");
      case HANG -> Behavior.hang();
      case INTERRUPT -> Behavior.interrupt();
      case MALFORMED -> Behavior.malformed();
      case SLOW -> Behavior.slow(Duration.ofSeconds(5));
      default -> throw new IllegalArgumentException(fault.name());
    };
  }

  @TestFactory
  Stream<DynamicTest> everyNodeUnderEveryFault() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Node node : Node.values()) {
      for (Fault fault : Fault.values()) {
        if (applies(node, fault)) {
          tests.add(DynamicTest.dynamicTest(fault + " at " + node.seedId() + " " + node.label(),
              () -> matrix.computeIfAbsent(node, k -> new EnumMap<>(Fault.class)).put(fault, cell(node, fault))));
        }
      }
    }
    tests.add(DynamicTest.dynamicTest("the matrix is complete", this::printAndCheckComplete));
    return tests.stream();
  }

  private String cell(Node node, Fault fault) {
    TestRig rig = TestRig.create();
    RunOutcome base = base(node, rig.script());
    RunResult result = fault.crash() ? crashAndResume(rig, node, fault) : inject(rig, node, fault);

    // the path is a path of the graph, with one terminal notification step, then End
    WorkflowGraph.seed().edgesOf(result.path());
    List<Node> path = result.path();
    assertEquals(List.of(Node.NOTIFY_ON_CALL, Node.END), path.subList(path.size() - 2, path.size()));
    assertEquals(1, path.stream().filter(n -> n == Node.NOTIFY_ON_CALL).count());
    assertEquals(result.journal().size() - 1, result.edges().size(), "every step but End journalled its edge");
    List<Notification> finished = rig.notifier().delivered().stream()
        .filter(n -> n.kind() == NotificationKind.RUN_FINISHED).toList();

    RunOutcome expected = fault == Fault.SLOW || fault.crash() ? base : faultOutcome(node, base);
    assertEquals(expected, result.outcome(), fault + " at " + node + ": " + result.journal());
    if (fault.crash()) {
      assertFalse(result.resumptions().isEmpty(), "the resumption is recorded");
      assertTrue(path.contains(node), "the resumed run passed " + node);
      assertTrue(finished.stream().allMatch(n -> n.runId().equals(result.runId())), "one run's notifications");
      if (fault == Fault.CRASH_BEFORE || node != Node.NOTIFY_ON_CALL) {
        assertEquals(1, finished.size(), "exactly one terminal notification delivered");
      }
    } else if (fault != Fault.SLOW) {
      assertFaultRouted(result, node, fault);
      assertEquals(opOf(node) == Op.NOTIFY && node == Node.NOTIFY_ON_CALL ? 0 : 1, finished.size());
    } else {
      assertEquals(1, finished.size());
    }
    return abbreviation(result.outcome()) + (fault.crash() ? "+R" : "");
  }

  private static RunOutcome faultOutcome(Node node, RunOutcome base) {
    if (opOf(node) == Op.NOTIFY || node == Node.MARK_FAILED) {
      return base;
    }
    return switch (node.lane()) {
      case ORCHESTRATOR -> RunOutcome.MANUAL_NEEDED;
      case KUBERNETES -> RunOutcome.ROLLBACK_FAILED;
      case VERIFICATION -> RunOutcome.NEEDS_ATTENTION;
      case ALERT_SYSTEM -> base;
    };
  }

  private static void assertFaultRouted(RunResult result, Node node, Fault fault) {
    JournalEntry entry = result.journal().stream().filter(e -> e.node() == node).findFirst().orElseThrow();
    if (node.kind() == NodeKind.DECISION) {
      assertEquals(StepResult.NO, entry.result(), entry.toString());
      assertNotNull(entry.cause(), "the cause is recorded: " + entry);
      return;
    }
    assertEquals(StepResult.FAILED, entry.result(), entry.toString());
    FailureKind want = opOf(node) == Op.NOTIFY ? FailureKind.THREW : switch (fault) {
      case THROW -> FailureKind.THREW;
      case HANG -> FailureKind.TIMED_OUT;
      case INTERRUPT -> FailureKind.INTERRUPTED;
      default -> FailureKind.MALFORMED;
    };
    assertEquals(want, entry.failure(), entry.toString());
    WorkflowGraph graph = WorkflowGraph.seed();
    EdgeKind edgeKind = graph.faultEdge(node).isPresent() ? EdgeKind.FAULT : EdgeKind.SEED;
    assertEquals(edgeKind, entry.edge().kind(), entry.toString());
    if (edgeKind == EdgeKind.SEED && node.lane() != Lane.ALERT_SYSTEM && graph.laneDecisionAhead(node).isPresent()) {
      Node decision = graph.laneDecisionAhead(node).orElseThrow();
      JournalEntry answer = result.journal().stream().filter(e -> e.node() == decision).findFirst().orElseThrow();
      assertEquals(StepResult.NO, answer.result(), "the lane's decision answers No: " + answer);
    }
  }

  private static RunResult inject(TestRig rig, Node node, Fault fault) {
    Op op = opOf(node);
    assertNotNull(op);
    Behavior b = behavior(fault);
    if (op == Op.NOTIFY) {
      // earlier notifications succeed; every attempt at this node's notification gets the fault
      int earlier = node == Node.TRIGGER_ALERT ? 0 : 1;
      for (int i = 0; i < earlier; i++) {
        rig.script().then(Op.NOTIFY, Behavior.succeed());
      }
      if (fault == Fault.SLOW) {
        rig.script().then(Op.NOTIFY, b);
      } else {
        rig.script().then(Op.NOTIFY, b, b, b);
      }
    } else {
      rig.script().always(op, b);
    }
    return rig.run(TRIGGER);
  }

  private static RunResult crashAndResume(TestRig rig, Node node, Fault fault) {
    InMemoryRunStore store = InMemoryRunStore.create();
    CrashableScheduler first = CrashableScheduler.on(rig.time());
    if (fault == Fault.CRASH_BEFORE) {
      store.crashBefore(node, first);
    } else {
      store.crashAfter(node, first);
    }
    RollbackEngine dying = rig.engineOn(first, b -> b.runStore(store).holderId("first"));
    CompletableFuture<RunResult> lost = dying.start(TestRig.CHECKOUT, TRIGGER);
    rig.time().runUntilIdle();
    assertFalse(first.alive(), "the crash point " + fault + " " + node + " was reached");
    assertFalse(lost.isDone());
    RollbackEngine second = rig.engineOn(CrashableScheduler.on(rig.time()), b -> b.runStore(store).holderId("second"));
    List<CompletableFuture<RunResult>> resumed = rig.time().runUntil(second.resumeUnfinished());
    assertEquals(1, resumed.size());
    return rig.time().runUntil(resumed.get(0));
  }

  private static String abbreviation(RunOutcome outcome) {
    return switch (outcome) {
      case ROLLED_BACK -> "RB";
      case MANUAL_NEEDED -> "MN";
      case ROLLBACK_FAILED -> "RF";
      case NEEDS_ATTENTION -> "NA";
    };
  }

  private void printAndCheckComplete() {
    StringBuilder out = new StringBuilder("\nFault matrix (RB rolled back, MN manual needed, RF rollback failed,"
        + " NA needs attention, +R resumed after a crash, - not applicable)\n");
    out.append(String.format("%-34s", "node"));
    for (Fault f : Fault.values()) {
      out.append(String.format("%-13s", f));
    }
    out.append('\n');
    List<String> missing = new ArrayList<>();
    for (Node node : Node.values()) {
      out.append(String.format("%-34s", node.seedId() + " " + node.label()));
      for (Fault f : Fault.values()) {
        String cell = matrix.getOrDefault(node, Map.of()).get(f);
        if (applies(node, f) && cell == null) {
          missing.add(f + " at " + node);
        }
        out.append(String.format("%-13s", applies(node, f) ? (cell == null ? "MISSING" : cell) : "-"));
      }
      out.append('\n');
    }
    System.out.println(out);
    assertEquals(List.of(), missing, "cells of the matrix that did not run or failed");
  }
}
