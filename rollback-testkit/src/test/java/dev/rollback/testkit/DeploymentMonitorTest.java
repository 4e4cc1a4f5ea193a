package dev.rollback.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Node;
import dev.rollback.core.RunEvent;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.core.detect.SloThresholdDetector;
import dev.rollback.core.detect.Verdict;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentMonitorTest {
  static final Duration STEP = Duration.ofSeconds(30);

  final List<RunResult> finished = new ArrayList<>();
  final TestRig rig = TestRig.create().listener(e -> {
    if (e instanceof RunEvent.RunFinished f) {
      finished.add(f.result());
    }
  });
  final InMemoryMetricsSource metrics = InMemoryMetricsSource.create();
  final Instant deployedAt = rig.time().now();

  @Test
  void aRegressionStartsOneRunWithTheFindingAsItsTrigger() {
    // healthy for 2 minutes, then 5% errors
    for (int i = 1; i <= 20; i++) {
      metrics.record("error_ratio", deployedAt.plus(STEP.multipliedBy(i)), i <= 4 ? 0.002 : 0.05);
    }
    List<Verdict> verdicts = new ArrayList<>();
    DeploymentMonitor monitor = DeploymentMonitor.builder()
        .engine(rig.engine())
        .metrics(metrics)
        .detector(SloThresholdDetector.above("error_ratio", 0.01, 3, STEP))
        .interval(STEP)
        .onVerdict(verdicts::add)
        .build();

    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", deployedAt));
    rig.time().advance(Duration.ofMinutes(5));

    assertFalse(monitor.watching(TestRig.CHECKOUT), "one regression, one run");
    assertEquals(1, finished.size(), "exactly one run started and finished");
    RunResult done = finished.get(0);
    Verdict.Anomalous anomalous = assertInstanceOf(Verdict.Anomalous.class, verdicts.get(verdicts.size() - 1));
    // samples at 2:30, 3:00 and 3:30 breach; the judgement at 3:30 fires
    assertEquals(deployedAt.plus(Duration.ofSeconds(150)), anomalous.finding().anomalyStart());
    assertEquals(deployedAt.plus(Duration.ofSeconds(210)), anomalous.finding().detectedAt());
    assertEquals(new Trigger.Detected(anomalous.finding()), done.trigger());
    assertEquals(RunOutcome.ROLLED_BACK, done.outcome());
    assertEquals(Node.DETECT_ANOMALY, done.journal().get(1).node());
    assertTrue(done.journal().get(1).detail().startsWith("slo-threshold: error_ratio was above"),
        done.journal().get(1).detail());
    assertEquals(deployedAt.plus(Duration.ofSeconds(210)), done.startedAt());
  }

  @Test
  void aDetectorThatThrowsIsJudgedAgainAndNeverStartsARun() {
    int[] calls = {0};
    Detector broken = new Detector() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public Verdict judge(dev.rollback.core.detect.DetectionContext context) {
        calls[0]++;
        throw new IllegalStateException("metrics store unreachable");
      }
    };
    DeploymentMonitor monitor = DeploymentMonitor.builder()
        .engine(rig.engine()).metrics(metrics).detector(broken).interval(STEP).build();

    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", deployedAt));
    rig.time().advance(Duration.ofMinutes(2));

    assertEquals(5, calls[0], "judged at 0, 30, 60, 90 and 120 s");
    assertTrue(rig.engine().inProgress(TestRig.CHECKOUT).isEmpty());
    assertTrue(monitor.watching(TestRig.CHECKOUT));
    monitor.close();
    rig.time().advance(Duration.ofMinutes(2));
    assertEquals(5, calls[0], "a closed monitor judges no more");
  }

  @Test
  void buildNamesEveryMissingSetting() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> DeploymentMonitor.builder().interval(Duration.ZERO).build());
    assertEquals(List.of("engine is required", "metrics is required", "detector is required",
        "interval must be positive but was PT0S"), e.problems());
  }
}
