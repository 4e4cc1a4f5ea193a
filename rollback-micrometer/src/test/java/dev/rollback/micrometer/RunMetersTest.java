package dev.rollback.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rollback.core.Finding;
import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.spi.Audience;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RunOutcome;
import dev.rollback.testkit.TestRig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The meters of a run, for each of the four outcomes, against the run's own result. */
class RunMetersTest {
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final RollbackObservability observability = RollbackObservability.builder().meterRegistry(meters).build();
  final TestRig rig = TestRig.create().listener(observability.runListener());

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void aDetectedRunIsCountedByTriggerAndOutcomeAndTimedLikeItsJournal(Scenario scenario) {
    scenario.applyTo(rig.script());
    Trigger trigger = Scenario.detected(rig.time());

    RunResult result = rig.run(trigger);

    assertEquals(scenario.outcome, result.outcome());
    assertEquals(1.0, meters.get("rollback.runs.started").tag("trigger", "DETECTED").counter().count());
    assertEquals(1, meters.find("rollback.runs.started").counters().size(), "no other trigger was counted");
    for (RunOutcome outcome : RunOutcome.values()) {
      Counter ended = meters.find("rollback.runs.ended").tag("outcome", outcome.name()).counter();
      assertEquals(outcome == scenario.outcome ? 1.0 : 0.0, ended == null ? 0.0 : ended.count(), outcome.name());
    }
    Timer run = meters.get("rollback.run.duration").tag("outcome", scenario.outcome.name()).timer();
    assertEquals(1, run.count());
    assertEquals(result.duration().toMillis(), (long) run.totalTime(TimeUnit.MILLISECONDS));
    assertEquals(0.0, meters.get("rollback.runs.active").gauge().value(), "the run is no longer in progress");
    assertStepsAsJournalled(result);

    Finding finding = ((Trigger.Detected) trigger).finding();
    Timer detection = meters.get("rollback.detection.latency").tag("detector", Scenario.DETECTOR).timer();
    assertEquals(1, detection.count());
    assertEquals(60, (long) detection.totalTime(TimeUnit.SECONDS), "first bad sample 90 s ago, finding 30 s ago");
    Timer restore = meters.find("rollback.traffic.restore.latency").timer();
    if (scenario.restoresTraffic()) {
      JournalEntry switched = Scenario.entry(result, Node.UPDATE_SELECTOR);
      assertEquals(1, restore.count());
      assertEquals(Duration.between(finding.detectedAt(), switched.end()).toMillis(),
          (long) restore.totalTime(TimeUnit.MILLISECONDS));
      assertEquals(50, (long) restore.totalTime(TimeUnit.SECONDS), "30 s before the run, 20 s into it");
    } else {
      assertNull(restore, "traffic never went back to the previous version");
    }
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void everyNotificationAttemptIsCountedByNotifierAudienceAndKind(Scenario scenario) {
    scenario.applyTo(rig.script());

    RunResult result = rig.run(Scenario.MANUAL);

    double attempts = meters.find("rollback.notification.attempts").counters().stream()
        .mapToDouble(Counter::count).sum();
    assertEquals(result.notifications().size(), (long) attempts);
    assertEquals(1.0, meters.get("rollback.notification.attempts").tags("notifier", "pager",
        "audience", Audience.ON_CALL.name(), "kind", NotificationKind.RUN_FINISHED.name()).counter().count());
    Counter escalations = meters.find("rollback.notification.attempts")
        .tags("audience", Audience.TEAM_LEAD.name(), "kind", NotificationKind.ESCALATION.name()).counter();
    assertEquals(scenario == Scenario.NEEDS_ATTENTION ? 1.0 : 0.0, escalations == null ? 0.0 : escalations.count());
    assertNull(meters.find("rollback.notification.failures").counter(), "every attempt was delivered");
  }

  @Test
  void aManualRunHasNoDetectionOrRestoreLatency() {
    RunResult result = rig.run(Scenario.MANUAL);

    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
    assertEquals(1.0, meters.get("rollback.runs.started").tag("trigger", "MANUAL").counter().count());
    assertNull(meters.find("rollback.detection.latency").timer());
    assertNull(meters.find("rollback.traffic.restore.latency").timer());
  }

  @Test
  void twoRunsOfTheSameDeploymentAddUpOnTheSameMeters() {
    rig.run(Scenario.MANUAL);
    Scenario.ROLLBACK_FAILED.applyTo(rig.script());
    rig.run(Scenario.MANUAL);

    assertEquals(2.0, meters.get("rollback.runs.started").counter().count());
    assertEquals(1.0, meters.get("rollback.runs.ended").tag("outcome", "ROLLED_BACK").counter().count());
    assertEquals(1.0, meters.get("rollback.runs.ended").tag("outcome", "ROLLBACK_FAILED").counter().count());
    assertEquals(2, meters.get("rollback.step.duration").tags("node", "START").timer().count());
  }

  /** Each node's timer counts its visits and sums their journalled durations, by lane and result. */
  private void assertStepsAsJournalled(RunResult result) {
    Map<Node, Long> visits = new EnumMap<>(Node.class);
    Map<Node, Duration> took = new EnumMap<>(Node.class);
    for (JournalEntry entry : result.journal()) {
      visits.merge(entry.node(), 1L, Long::sum);
      took.merge(entry.node(), entry.duration(), Duration::plus);
      Timer timer = meters.get("rollback.step.duration").tags("node", entry.node().name(),
          "lane", entry.lane().name(), "result", entry.result().name()).timer();
      assertEquals(entry.node().lane().name(), timer.getId().getTag("lane"));
    }
    for (Node node : Node.values()) {
      long count = meters.find("rollback.step.duration").tag("node", node.name()).timers().stream()
          .mapToLong(Timer::count).sum();
      assertEquals(visits.getOrDefault(node, 0L), count, node.name());
      double millis = meters.find("rollback.step.duration").tag("node", node.name()).timers().stream()
          .mapToDouble(t -> t.totalTime(TimeUnit.MILLISECONDS)).sum();
      assertEquals(took.getOrDefault(node, Duration.ZERO).toMillis(), (long) millis, node.name());
    }
  }
}
