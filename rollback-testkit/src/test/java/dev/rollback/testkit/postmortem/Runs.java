package dev.rollback.testkit.postmortem;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.spi.RunOutcome;
import dev.rollback.testkit.Behavior;
import dev.rollback.testkit.Op;
import dev.rollback.testkit.TestRig;
import java.time.Instant;
import java.util.List;

/** One deterministic run per outcome, on virtual time, for the postmortem tests. */
final class Runs {
  /** A detector's finding: the error ratio went bad 90 s before the run started. */
  static final Trigger DETECTED = Trigger.detected(new Finding(
      "slo-threshold",
      "error_ratio above 0.01 for 3 consecutive samples",
      List.of(new Evidence("error_ratio", "error_ratio > 0.01 for 3 consecutive samples", 0.052, 0.01,
          "error ratio 5.2% is above the 1% limit for the last 3 samples")),
      Instant.parse("2025-12-31T23:58:30Z"),
      Instant.parse("2025-12-31T23:59:30Z")));
  static final Trigger MANUAL = Trigger.manual("jane@example.com", "checkout 5xx after v2");

  private Runs() {}

  /** Returns a rig scripted for {@code outcome}. */
  static TestRig rigFor(RunOutcome outcome) {
    TestRig rig = TestRig.create();
    switch (outcome) {
      case ROLLED_BACK -> {}
      case MANUAL_NEEDED -> rig.script().then(Op.PREVIOUS_STABLE, Behavior.answerNo());
      case ROLLBACK_FAILED -> rig.script().then(Op.POD_HEALTH, Behavior.answerNo());
      case NEEDS_ATTENTION -> rig.script().then(Op.SMOKE, Behavior.answerNo());
    }
    return rig;
  }

  /** The trigger of the golden run of {@code outcome}: detected for two outcomes, manual for two. */
  static Trigger triggerFor(RunOutcome outcome) {
    return outcome == RunOutcome.ROLLED_BACK || outcome == RunOutcome.ROLLBACK_FAILED ? DETECTED : MANUAL;
  }

  /** Runs the golden scenario of {@code outcome}. */
  static RunResult run(RunOutcome outcome) {
    return rigFor(outcome).run(triggerFor(outcome));
  }
}
