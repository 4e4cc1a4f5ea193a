package dev.rollback.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.DetectionContext;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.Judgement;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.core.detect.SloThresholdDetector;
import dev.rollback.core.detect.Verdict;
import dev.rollback.testkit.InMemoryMetricsSource;
import dev.rollback.testkit.TestRig;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The monitor's judgements are counted by detector, verdict and decision, and timed. */
class JudgementMetersTest {
  static final Duration STEP = Duration.ofSeconds(30);

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final RollbackObservability observability = RollbackObservability.builder().meterRegistry(meters).build();
  final TestRig rig = TestRig.create().listener(observability.runListener());
  final InMemoryMetricsSource metrics = InMemoryMetricsSource.create();
  final Instant deployedAt = rig.time().now();

  @Test
  void judgementsAreCountedByVerdictAndDecisionUntilTheOneThatStartsTheRun() {
    for (int i = 1; i <= 20; i++) {
      metrics.record("error_ratio", deployedAt.plus(STEP.multipliedBy(i)), i <= 4 ? 0.002 : 0.05);
    }
    List<Judgement> told = new ArrayList<>();
    DeploymentMonitor monitor = DeploymentMonitor.builder()
        .engine(rig.engine())
        .metrics(metrics)
        .detector(SloThresholdDetector.above("error_ratio", 0.01, 3, STEP))
        .interval(STEP)
        .onJudgement(observability.judgementListener().andThen(told::add))
        .build();

    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", deployedAt));
    rig.time().advance(Duration.ofMinutes(5));

    assertEquals(8, told.size(), "judged at 0, 30, ..., 210 s");
    Timer rollback = meters.get("rollback.monitor.judgements")
        .tags("detector", "slo-threshold", "verdict", "ANOMALOUS", "decision", "ROLLBACK").timer();
    assertEquals(1, rollback.count());
    long calm = told.stream().filter(j -> !(((Judgement.Result.Judged) j.result()).verdict()
        instanceof Verdict.Anomalous)).count();
    long counted = meters.find("rollback.monitor.judgements").tag("decision", "CONTINUE").timers().stream()
        .mapToLong(Timer::count).sum();
    assertEquals(7, calm);
    assertEquals(calm, counted, "every judgement before the anomaly continued watching");
    assertEquals(8, meters.find("rollback.monitor.judgements").timers().stream().mapToLong(Timer::count).sum());
    assertEquals(1.0, meters.get("rollback.runs.started").tag("trigger", "DETECTED").counter().count());
    assertEquals(1, meters.get("rollback.detection.latency").timer().count());
    assertEquals(60, (long) meters.get("rollback.detection.latency").timer().totalTime(TimeUnit.SECONDS),
        "first bad sample at 150 s, detected at 210 s");
  }

  @Test
  void aJudgementWithoutAVerdictIsCountedAsFailedAndTimedOnTheSchedulerClock() {
    Detector slowThenBroken = new Detector() {
      @Override
      public String name() {
        return "flaky";
      }

      @Override
      public Verdict judge(DetectionContext context) throws InterruptedException {
        rig.time().park(Duration.ofSeconds(2));
        throw new IllegalStateException("metrics store unreachable");
      }
    };
    DeploymentMonitor monitor = DeploymentMonitor.builder()
        .engine(rig.engine()).metrics(metrics).detector(slowThenBroken).interval(STEP)
        .onJudgement(observability.judgementListener()).build();

    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", deployedAt));
    rig.time().advance(Duration.ofSeconds(40)); // judged at 0 and 32 s
    monitor.close();

    Timer failed = meters.get("rollback.monitor.judgements")
        .tags("detector", "flaky", "verdict", "FAILED", "decision", "NONE").timer();
    assertEquals(2, failed.count());
    assertEquals(4, (long) failed.totalTime(TimeUnit.SECONDS), "2 s of virtual time each");
  }
}
