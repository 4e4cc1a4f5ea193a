package dev.rollback.testkit.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Finding;
import dev.rollback.core.RunEvent;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.detect.Decision;
import dev.rollback.core.detect.DefaultDetection;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.DetectionContext;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.core.detect.Verdict;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.TimeWindow;
import dev.rollback.testkit.TestRig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Replays the checkout incident (release at 14:00, 5xx at ~3% from 14:05) through detection and the workflow. */
class IncidentReplayTest {
  static final Instant RECORDED_DEPLOY = Instant.parse("2025-06-03T14:00:00Z");
  static final Duration STEP = Duration.ofMinutes(1);

  final Detector detector = DefaultDetection.builder().errorRatio("error_ratio").latency("latency_p99_seconds").build();

  @Test
  void theDefaultDetectorFindsTheIncidentMinutesAfterItStartedThroughItsTestSinceAnySample()
      throws InterruptedException {
    Finding finding = findingByNine(detector);
    assertEquals(List.of("error_ratio"), finding.evidence().stream().map(e -> e.metric()).distinct().toList());
    assertTrue(finding.summary().contains("evidence for a 4x rise since then, less 3.74 for starting 5 samples after"
        + " it"), finding.summary());
    // the replay holds no day before its baseline: the history falls back to the baseline's long-run variance
    assertTrue(finding.summary().contains("held 0 usable samples, fewer than the 600 its dispersion needs"),
        finding.summary());
  }

  @Test
  void theRestartingChartsFindItByTheSameMinute() throws InterruptedException {
    Detector restarting = DefaultDetection.builder().errorRatio("error_ratio").latency("latency_p99_seconds")
        .restartingCharts().build();
    Finding finding = findingByNine(restarting);
    assertEquals(List.of("error_ratio"), finding.evidence().stream().map(e -> e.metric()).distinct().toList());
    assertTrue(finding.summary().contains("error_ratio rose"), finding.summary());
  }

  @Test
  void theWholeWorkflowRollsBackOnceAndNeverPingPongs() {
    List<RunResult> finished = new ArrayList<>();
    TestRig rig = TestRig.create().listener(e -> {
      if (e instanceof RunEvent.RunFinished f) {
        finished.add(f.result());
      }
    });
    Instant deployedAt = rig.time().now();
    CsvMetricsReplay replay = CsvMetricsReplay.builder().file(CsvMetricsReplayContractTest.INCIDENT)
        .align(RECORDED_DEPLOY, deployedAt).build();
    List<Decision> decisions = new ArrayList<>();
    DeploymentMonitor monitor = DeploymentMonitor.builder().engine(rig.engine()).metrics(replay).detector(detector)
        .interval(STEP).onDecision(decisions::add).build();

    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", deployedAt));
    rig.time().advance(Duration.ofMinutes(30));

    assertEquals(1, finished.size(), "one regression, one run");
    RunResult run = finished.get(0);
    assertEquals(RunOutcome.ROLLED_BACK, run.outcome());
    Finding finding = assertInstanceOf(Trigger.Detected.class, run.trigger()).finding();
    assertEquals(deployedAt.plus(STEP.multipliedBy(5)), finding.anomalyStart());
    assertTrue(run.startedAt().isBefore(deployedAt.plus(STEP.multipliedBy(10))), "started " + run.startedAt());
    assertFalse(monitor.watching(TestRig.CHECKOUT));

    // another release of the deployment within the cooldown is held, not rolled back
    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v3", deployedAt));
    rig.time().advance(Duration.ofMinutes(2));
    assertInstanceOf(Decision.Hold.class, decisions.get(decisions.size() - 1));
    assertEquals(1, finished.size());

    // v1 is now current by a rollback; its metrics still look bad (the regression was elsewhere):
    // the monitor pages instead of rolling v1 back too.
    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v1", deployedAt));
    rig.time().advance(Duration.ofMinutes(10));
    assertEquals(1, finished.size(), "no second run");
    Decision.Page page = assertInstanceOf(Decision.Page.class, decisions.get(decisions.size() - 1));
    assertTrue(page.reason().startsWith("not rolling back version v1 automatically"), page.reason());
    assertFalse(monitor.watching(TestRig.CHECKOUT), "a person takes over");

    monitor.close();
  }

  /**
   * Judges the replay with {@code detector} minute by minute from the release and returns the first
   * finding, after checking that it came by 14:09 and dates the first bad sample, 14:05.
   */
  private static Finding findingByNine(Detector detector) throws InterruptedException {
    CsvMetricsReplay replay = CsvMetricsReplay.builder().file(CsvMetricsReplayContractTest.INCIDENT).build();
    Finding finding = null;
    int minute = 0;
    for (; minute <= 60 && finding == null; minute++) {
      Verdict v = detector.judge(context(replay, RECORDED_DEPLOY.plus(STEP.multipliedBy(minute))));
      if (v instanceof Verdict.Anomalous a) {
        finding = a.finding();
      }
    }
    assertTrue(finding != null, "the incident is detected within the hour");
    assertTrue(minute - 1 <= 9, "detected by 14:09 but was 14:" + (minute - 1));
    assertEquals(RECORDED_DEPLOY.plus(STEP.multipliedBy(5)), finding.anomalyStart(), "the first bad sample");
    return finding;
  }

    static DetectionContext context(CsvMetricsReplay replay, Instant now) {
    return new DetectionContext() {
      @Override
      public DeploymentRef deployment() {
        return TestRig.CHECKOUT;
      }

      @Override
      public @Nullable String versionId() {
        return "v2";
      }

      @Override
      public Instant deployedAt() {
        return RECORDED_DEPLOY;
      }

      @Override
      public Instant now() {
        return now;
      }

      @Override
      public MetricSeries fetch(String metric, TimeWindow window) {
        return replay.fetch(new MetricQuery(metric, TestRig.CHECKOUT, "v2"), window);
      }
    };
  }
}
