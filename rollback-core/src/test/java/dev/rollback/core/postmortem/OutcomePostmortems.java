package dev.rollback.core.postmortem;

import dev.rollback.core.Edge;
import dev.rollback.core.FailureKind;
import dev.rollback.core.MetricTrace;
import dev.rollback.core.Node;
import dev.rollback.core.NotificationRecord;
import dev.rollback.core.StepResult;
import dev.rollback.core.WorkflowGraph;
import dev.rollback.spi.Audience;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Sample;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One postmortem per outcome, built field by field on fixed times and ids, for the tests of the
 * drawings and the page: two detected (with a known error-ratio series), two manual.
 */
final class OutcomePostmortems {
  static final Instant RELEASE = Instant.parse("2026-01-01T00:00:00Z");
  /** The baseline: 30 one-minute samples before the release, alternating 0.004 and 0.006. */
  static final Instant BASELINE_FROM = RELEASE.minusSeconds(30 * 60);
  static final Instant FIRST_BAD = RELEASE.plusSeconds(4 * 60);
  static final Instant DETECTED = RELEASE.plusSeconds(6 * 60);
  static final Instant RUN_START = DETECTED.plusSeconds(10);
  static final WorkflowGraph GRAPH = WorkflowGraph.seed();

  private OutcomePostmortems() {}

  /** The samples: the baseline, then 0.005 at the release and for 3 minutes, then 0.05 from the first bad sample. */
  static List<Sample> errorRatio() {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      out.add(new Sample(BASELINE_FROM.plusSeconds(60L * i), i % 2 == 0 ? 0.004 : 0.006));
    }
    for (int i = 0; i <= 6; i++) {
      out.add(new Sample(RELEASE.plusSeconds(60L * i), i < 4 ? 0.005 : 0.05));
    }
    return out;
  }

  static MetricTrace trace() {
    List<Sample> all = errorRatio();
    return MetricTrace.of(BASELINE_FROM, RELEASE, DETECTED, all.subList(0, 30), all.subList(30, all.size()), 0.02);
  }

  static Postmortem.Detection detected() {
    return new Postmortem.Detection(true, "slo-threshold", "error_ratio above 0.02 for 3 consecutive samples",
        List.of(new Postmortem.Signal("error_ratio", "error_ratio > 0.02 for 3 consecutive samples", 0.05, 0.02,
            "error_ratio was above the limit 0.02 for the last 3 samples", trace())),
        FIRST_BAD, DETECTED);
  }

  static Postmortem.Detection manual() {
    return new Postmortem.Detection(false, "jane@example.com", "checkout 5xx after v2", List.of(), null, null);
  }

  /** The path of each outcome, each node with its result. */
  static List<Object[]> path(RunOutcome outcome) {
    List<Object[]> p = new ArrayList<>();
    for (Node n : List.of(Node.START, Node.DETECT_ANOMALY, Node.TRIGGER_ALERT, Node.IDENTIFY_CURRENT,
        Node.FETCH_PREVIOUS)) {
      p.add(new Object[] {n, StepResult.DONE});
    }
    switch (outcome) {
      case MANUAL_NEEDED -> {
        p.add(new Object[] {Node.PREVIOUS_AVAILABLE, StepResult.NO});
        p.add(new Object[] {Node.HALT_MANUAL, StepResult.DONE});
      }
      case ROLLBACK_FAILED -> {
        p.add(new Object[] {Node.PREVIOUS_AVAILABLE, StepResult.YES});
        p.add(new Object[] {Node.PREPARE_MANIFEST, StepResult.DONE});
        p.add(new Object[] {Node.SCALE_DOWN, StepResult.DONE});
        p.add(new Object[] {Node.DEPLOY_PREVIOUS, StepResult.FAILED});
        p.add(new Object[] {Node.WAIT_READY, StepResult.SKIPPED});
        p.add(new Object[] {Node.PODS_HEALTHY, StepResult.NO});
        p.add(new Object[] {Node.MARK_FAILED, StepResult.DONE});
      }
      case ROLLED_BACK, NEEDS_ATTENTION -> {
        p.add(new Object[] {Node.PREVIOUS_AVAILABLE, StepResult.YES});
        for (Node n : List.of(Node.PREPARE_MANIFEST, Node.SCALE_DOWN, Node.DEPLOY_PREVIOUS, Node.WAIT_READY)) {
          p.add(new Object[] {n, StepResult.DONE});
        }
        p.add(new Object[] {Node.PODS_HEALTHY, StepResult.YES});
        p.add(new Object[] {Node.UPDATE_SELECTOR, StepResult.DONE});
        p.add(new Object[] {Node.RUN_SMOKE_TESTS, StepResult.DONE});
        if (outcome == RunOutcome.ROLLED_BACK) {
          p.add(new Object[] {Node.TESTS_PASSING, StepResult.YES});
          p.add(new Object[] {Node.UPDATE_STATUS, StepResult.DONE});
          p.add(new Object[] {Node.CLEANUP, StepResult.DONE});
        } else {
          p.add(new Object[] {Node.TESTS_PASSING, StepResult.NO});
          p.add(new Object[] {Node.ESCALATE, StepResult.DONE});
        }
      }
    }
    p.add(new Object[] {Node.NOTIFY_ON_CALL, StepResult.DONE});
    p.add(new Object[] {Node.END, StepResult.DONE});
    return p;
  }

  /** Returns the postmortem of {@code outcome}; {@code detail} is the first step's detail. */
  static Postmortem of(RunOutcome outcome, String detail) {
    boolean detected = outcome == RunOutcome.ROLLED_BACK || outcome == RunOutcome.ROLLBACK_FAILED;
    List<Object[]> path = path(outcome);
    List<Postmortem.TimelineRow> rows = new ArrayList<>();
    Instant t = RUN_START;
    Instant shifted = null;
    for (int i = 0; i < path.size(); i++) {
      Node node = (Node) path.get(i)[0];
      StepResult result = (StepResult) path.get(i)[1];
      Duration took = Duration.ofMillis(node == Node.WAIT_READY && result != StepResult.SKIPPED ? 20_000 : 250L * (i % 3));
      @Nullable Edge edge = i + 1 < path.size() ? GRAPH.edge(node, (Node) path.get(i + 1)[0]).orElseThrow() : null;
      rows.add(new Postmortem.TimelineRow(i + 1, node, t, t.plus(took), result,
          result == StepResult.FAILED ? FailureKind.THREW : null, i == 0 ? detail : node.label() + ": " + result,
          result == StepResult.FAILED ? "IllegalStateException: image pull failed" : null, edge));
      t = t.plus(took);
      if (node == Node.UPDATE_SELECTOR) {
        shifted = t;
      }
    }
    Instant end = t;
    Postmortem.Impact impact = new Postmortem.Impact(detected ? FIRST_BAD : RUN_START,
        detected ? "first bad sample" : "start of the run", shifted != null ? shifted : end,
        shifted != null ? "traffic shifted back" : "end of the run", shifted != null);
    Postmortem.VersionInfo v2 = new Postmortem.VersionInfo("v2",
        List.of(new Postmortem.Image("app", "registry.example.com/shop/checkout:2.0.0")));
    Postmortem.VersionInfo v1 = new Postmortem.VersionInfo("v1",
        List.of(new Postmortem.Image("app", "registry.example.com/shop/checkout:1.9.0")));
    Postmortem.Verification verification = switch (outcome) {
      case MANUAL_NEEDED -> new Postmortem.Verification(null, null, null);
      case ROLLBACK_FAILED -> new Postmortem.Verification(null, null, null);
      case ROLLED_BACK, NEEDS_ATTENTION -> new Postmortem.Verification("3/3 ready",
          new Postmortem.PodReport(true, "3 of 3 pods healthy", List.of(new Postmortem.Pod("checkout-1", true, 0,
              List.of())), List.of()),
          new Postmortem.SmokeReport(outcome == RunOutcome.ROLLED_BACK, "1 of 1 checks passed",
              List.of(new Postmortem.Check("GET /health", outcome == RunOutcome.ROLLED_BACK, "HTTP 200",
                  Duration.ofMillis(120)))));
    };
    List<NotificationRecord> notifications = List.of(
        new NotificationRecord(NotificationKind.ROLLBACK_ALERT, Audience.ON_CALL, "pager", 1, RUN_START, true, null),
        new NotificationRecord(NotificationKind.RUN_FINISHED, Audience.ON_CALL, "pager", 1, end, false,
            "503 from pager"));
    return new Postmortem(Postmortem.SCHEMA_VERSION, "Run of prod-eu-1/shop/checkout: " + outcome,
        LocalDate.of(2026, 1, 1), "draft", true, "rb-20260101T000610Z-1",
        new Postmortem.Deployment("prod-eu-1", "shop", "checkout"), outcome, RUN_START, end,
        "What happened, in one paragraph.", impact, detected ? detected() : manual(), "Why the run went this way.",
        v2, outcome == RunOutcome.MANUAL_NEEDED ? null : v1, rows, verification, notifications,
        List.of(new Postmortem.ActionItem(Postmortem.ActionType.INVESTIGATE, "Find out why v2 failed", "")),
        List.of(new Postmortem.HumanSection("Root cause", "Why?", 2),
            new Postmortem.HumanSection("Lessons learned", "Together.", 2),
            new Postmortem.HumanSection("What went well", "What worked?", 3)),
        GRAPH);
  }

  static Postmortem of(RunOutcome outcome) {
    return of(outcome, "Started by the trigger.");
  }
}
