package dev.rollback.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.RunEvent;
import dev.rollback.core.detect.Decision;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.DetectionContext;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.Judgement;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.core.detect.SloThresholdDetector;
import dev.rollback.core.detect.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the monitor tells a judgement listener of every judgement, with its verdict, decision
 * and duration or why there was none, before the run it starts; a listener that throws changes
 * nothing.
 */
class MonitorJudgementsTest {
  static final Duration STEP = Duration.ofSeconds(30);

  final List<Object> order = Collections.synchronizedList(new ArrayList<>());
  final TestRig rig = TestRig.create().listener(e -> {
    if (e instanceof RunEvent.RunStarted started) {
      order.add(started);
    }
  });
  final InMemoryMetricsSource metrics = InMemoryMetricsSource.create();
  final Instant deployedAt = rig.time().now();

  @Test
  void everyJudgementIsToldWithItsVerdictAndDecisionAndTheLastOneBeforeTheRun() {
    for (int i = 1; i <= 20; i++) {
      metrics.record("error_ratio", deployedAt.plus(STEP.multipliedBy(i)), i <= 4 ? 0.002 : 0.05);
    }
    DeploymentMonitor monitor = DeploymentMonitor.builder()
        .engine(rig.engine())
        .metrics(metrics)
        .detector(SloThresholdDetector.above("error_ratio", 0.01, 3, STEP))
        .interval(STEP)
        .onJudgement(order::add)
        .build();

    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", deployedAt));
    rig.time().advance(Duration.ofMinutes(5));

    List<Judgement> judgements = order.stream().filter(Judgement.class::isInstance).map(Judgement.class::cast)
        .toList();
    assertEquals(8, judgements.size(), "judged at 0, 30, ..., 210 s; the judgement at 210 s started the run");
    for (int i = 0; i < judgements.size(); i++) {
      Judgement judgement = judgements.get(i);
      assertEquals(TestRig.CHECKOUT, judgement.deployment());
      assertEquals("slo-threshold", judgement.detector());
      assertEquals(deployedAt.plus(STEP.multipliedBy(i)), judgement.startedAt());
      assertEquals(Duration.ZERO, judgement.duration(), "metrics in memory take no virtual time");
    }
    Judgement.Result.Judged last = assertInstanceOf(Judgement.Result.Judged.class,
        judgements.get(judgements.size() - 1).result());
    assertInstanceOf(Verdict.Anomalous.class, last.verdict());
    assertInstanceOf(Decision.Rollback.class, last.decision());
    Judgement.Result.Judged first = assertInstanceOf(Judgement.Result.Judged.class, judgements.get(0).result());
    assertInstanceOf(Decision.Continue.class, first.decision());
    assertInstanceOf(RunEvent.RunStarted.class, order.get(order.size() - 1), "the judgement comes before the run");
  }

  @Test
  void aFailedJudgementIsToldWithItsReasonAndItsDurationOnTheSchedulerClock() {
    Detector slowThenBroken = new Detector() {
      @Override
      public String name() {
        return "slow-broken";
      }

      @Override
      public Verdict judge(DetectionContext context) throws InterruptedException {
        rig.time().park(Duration.ofSeconds(2));
        throw new IllegalStateException("metrics store unreachable");
      }
    };
    DeploymentMonitor monitor = DeploymentMonitor.builder()
        .engine(rig.engine()).metrics(metrics).detector(slowThenBroken).interval(STEP)
        .onJudgement(order::add).build();

    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", deployedAt));
    rig.time().advance(Duration.ofSeconds(10));
    monitor.close();

    Judgement judgement = assertInstanceOf(Judgement.class, order.get(0));
    Judgement.Result.Failed failed = assertInstanceOf(Judgement.Result.Failed.class, judgement.result());
    assertTrue(failed.reason().contains("metrics store unreachable"), failed.reason());
    assertEquals("slow-broken", judgement.detector());
    assertEquals(Duration.ofSeconds(2), judgement.duration());
  }

  @Test
  void aJudgementListenerThatThrowsChangesNothing() {
    for (int i = 1; i <= 20; i++) {
      metrics.record("error_ratio", deployedAt.plus(STEP.multipliedBy(i)), i <= 4 ? 0.002 : 0.05);
    }
    int[] told = {0};
    DeploymentMonitor monitor = DeploymentMonitor.builder()
        .engine(rig.engine())
        .metrics(metrics)
        .detector(SloThresholdDetector.above("error_ratio", 0.01, 3, STEP))
        .interval(STEP)
        .onJudgement(j -> {
          told[0]++;
          throw new IllegalStateException("listener bug");
        })
        .build();

    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", deployedAt));
    rig.time().advance(Duration.ofMinutes(5));

    assertEquals(8, told[0], "judged on schedule despite the listener");
    assertEquals(1, order.stream().filter(RunEvent.RunStarted.class::isInstance).count(), "the run still started");
  }
}
