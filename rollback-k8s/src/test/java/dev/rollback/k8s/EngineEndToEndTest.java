package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.RollbackPolicy;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.ScaleDown;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The core engine runs the whole workflow through these adapters on the real control plane: four
 * outcomes in both shapes.
 */
class EngineEndToEndTest {
  private final WorkflowTest scenario = new WorkflowTest();

  @AfterEach
  void stop() throws Exception {
    scenario.stop();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "BLUE_GREEN, ROLLED_BACK", "BLUE_GREEN, MANUAL_NEEDED", "BLUE_GREEN, ROLLBACK_FAILED", "BLUE_GREEN, NEEDS_ATTENTION",
      "IN_PLACE, ROLLED_BACK", "IN_PLACE, MANUAL_NEEDED", "IN_PLACE, ROLLBACK_FAILED", "IN_PLACE, NEEDS_ATTENTION"})
  void engineReachesEachOutcome(RolloutShape shape, RunOutcome expected) throws Exception {
    boolean withV1 = expected != RunOutcome.MANUAL_NEEDED;
    String smokeImage = expected == RunOutcome.NEEDS_ATTENTION ? WorkflowTest.SMOKE_FAILING : WorkflowTest.SMOKE_OK;
    Fixtures fixtures = scenario.open();
    if (expected == RunOutcome.ROLLBACK_FAILED) {
      fixtures.fault(Fixtures.IMAGE_V1, Fixtures.Fault.CRASH_LOOP);
    }
    scenario.setUpFixtures(shape, withV1);
    KubernetesAdapters k8s = KubernetesAdapters.create(scenario.cluster.adapterClient(), WorkflowTest.config(shape));
    RollbackPolicy policy = RollbackPolicy.builder()
        .readinessPoll(Duration.ofMillis(20), Duration.ofMillis(200))
        .stepDeadline(Duration.ofSeconds(15))
        .scaleDown(ScaleDown.removeAll())
        .build();
    try (RollbackEngine engine = RollbackEngine.builder()
        .versionRegistry(k8s.versionRegistry())
        .clusterDriver(k8s.clusterDriver())
        .smokeTester(k8s.jobSmokeTester(WorkflowTest.smokeJob(smokeImage)))
        .notifier(k8s.eventNotifier())
        .policy(policy)
        .build()) {
      RunResult result = engine.start(scenario.ref, Trigger.manual("on-call", "error ratio 12%"))
          .get(60, TimeUnit.SECONDS);
      assertEquals(expected, result.outcome(), result.journal().toString());
      assertTrue(result.onCallNotified());
    }
    var reasons = scenario.eventReasons();
    String terminal = switch (expected) {
      case ROLLED_BACK -> "RollbackComplete";
      case MANUAL_NEEDED -> "RollbackManualNeeded";
      case ROLLBACK_FAILED -> "RollbackFailed";
      case NEEDS_ATTENTION -> "RollbackNeedsAttention";
    };
    assertTrue(reasons.contains(terminal), "Events: " + reasons);
  }
}
