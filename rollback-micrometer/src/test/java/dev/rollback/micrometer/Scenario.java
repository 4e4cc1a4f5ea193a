package dev.rollback.micrometer;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.spi.RunOutcome;
import dev.rollback.testkit.Behavior;
import dev.rollback.testkit.Op;
import dev.rollback.testkit.Script;
import dev.rollback.testkit.VirtualTime;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** One scripted run on the test kit's in-memory adapters for each of the four outcomes. */
enum Scenario {
  /** The happy path. */
  ROLLED_BACK(RunOutcome.ROLLED_BACK, script -> {}),
  /** No previous stable version: the cluster is never touched. */
  MANUAL_NEEDED(RunOutcome.MANUAL_NEEDED, script -> script.then(Op.PREVIOUS_STABLE, Behavior.answerNo())),
  /** Deploy previous image fails: its lane is skipped and the rollback is marked failed. */
  ROLLBACK_FAILED(RunOutcome.ROLLBACK_FAILED, script -> script.then(Op.DEPLOY, Behavior.fail("image pull refused"))),
  /** Traffic goes back to v1, but a smoke check fails: the team lead is told. */
  NEEDS_ATTENTION(RunOutcome.NEEDS_ATTENTION, script -> script.then(Op.SMOKE, Behavior.answerNo()));

  /** The detector's name in {@link #detected}. */
  static final String DETECTOR = "slo-threshold";

  final RunOutcome outcome;
  private final Consumer<Script> setup;

  Scenario(RunOutcome outcome, Consumer<Script> setup) {
    this.outcome = outcome;
    this.setup = setup;
  }

  /** Scripts the adapters for this outcome. */
  void applyTo(Script script) {
    setup.accept(script);
  }

  /** Returns whether a run of this scenario switches traffic back to the previous version. */
  boolean restoresTraffic() {
    return this == ROLLED_BACK || this == NEEDS_ATTENTION;
  }

  /** A detector's trigger: the first bad sample 90 s ago, the finding 30 s ago. */
  static Trigger detected(VirtualTime time) {
    Instant now = time.now();
    return Trigger.detected(new Finding(DETECTOR, "error_ratio above 1% for 3 consecutive samples",
        List.of(new Evidence("error_ratio", "above 0.01", 0.05, 0.01, "5% of checkout requests failed")),
        now.minusSeconds(90), now.minusSeconds(30)));
  }

  /** An operator's trigger. */
  static final Trigger MANUAL = Trigger.manual("jane@example.com", "checkout 5xx after v2");

  /** Returns the journal entry of {@code node}, which the run must have visited. */
  static JournalEntry entry(RunResult result, Node node) {
    return result.journal().stream().filter(e -> e.node() == node).findFirst().orElseThrow();
  }
}
