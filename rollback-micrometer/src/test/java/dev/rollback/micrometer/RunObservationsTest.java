package dev.rollback.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.JournalEntry;
import dev.rollback.core.RunResult;
import dev.rollback.core.StepResult;
import dev.rollback.testkit.TestRig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A run is one observation with a child observation per step, for each of the four outcomes. */
class RunObservationsTest {
  final TestObservationRegistry observations = TestObservationRegistry.builder()
      .validateObservationsWithTheSameNameHavingTheSameSetOfLowCardinalityKeys(true)
      .build();
  final RollbackObservability observability = RollbackObservability.builder()
      .meterRegistry(new SimpleMeterRegistry())
      .observationRegistry(observations)
      .build();
  final TestRig rig = TestRig.create().listener(observability.runListener());

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void theRunIsObservedWithItsIdDeploymentAndOutcome(Scenario scenario) {
    scenario.applyTo(rig.script());

    RunResult result = rig.run(Scenario.detected(rig.time()));

    assertEquals(scenario.outcome, result.outcome());
    assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo("rollback.run", 1)
        .hasObservationWithNameEqualTo("rollback.run").that()
        .hasContextualNameEqualTo("rollback run")
        .hasBeenStarted()
        .hasBeenStopped()
        .doesNotHaveParentObservation()
        .hasLowCardinalityKeyValue("outcome", scenario.outcome.name())
        .hasLowCardinalityKeyValue("trigger", "DETECTED")
        .hasLowCardinalityKeyValue("resumed", "false")
        .hasHighCardinalityKeyValue("rollback.run.id", result.runId().value())
        .hasHighCardinalityKeyValue("rollback.deployment", TestRig.CHECKOUT.toString())
        .doesNotHaveHighCardinalityKeyValueWithKey("rollback.stop.reason")
        .doesNotHaveLowCardinalityKeyValueWithKey("rollback.run.id")
        .doesNotHaveError();
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void everyStepIsAChildObservationNamedAfterItsNodeWithItsResult(Scenario scenario) {
    scenario.applyTo(rig.script());

    RunResult result = rig.run(Scenario.MANUAL);

    List<Observation.Context> steps = new ArrayList<>();
    assertThat(observations).hasHandledContextsThatSatisfy(contexts -> contexts.stream()
        .filter(c -> c.getName().equals("rollback.step")).forEach(steps::add));
    assertEquals(result.journal().size(), steps.size(), "one observation per journal entry");
    for (int i = 0; i < steps.size(); i++) {
      JournalEntry entry = result.journal().get(i);
      Observation.Context step = steps.get(i);
      io.micrometer.observation.tck.ObservationContextAssert.assertThat(step)
          .hasContextualNameEqualTo(entry.node().label())
          .hasLowCardinalityKeyValue("node", entry.node().name())
          .hasLowCardinalityKeyValue("lane", entry.lane().name())
          .hasLowCardinalityKeyValue("result", entry.result().name())
          .hasParentObservationContextMatching(parent -> parent.getName().equals("rollback.run"));
      if (entry.result() == StepResult.FAILED) {
        io.micrometer.observation.tck.ObservationContextAssert.assertThat(step).hasError();
        String message = step.getError() == null ? "" : step.getError().getMessage();
        assertTrue(message.contains(entry.detail()), message);
      } else {
        io.micrometer.observation.tck.ObservationContextAssert.assertThat(step).doesNotHaveError();
      }
    }
    boolean failedStep = result.journal().stream().anyMatch(e -> e.result() == StepResult.FAILED);
    assertEquals(scenario == Scenario.ROLLBACK_FAILED, failedStep, "only a failed deploy fails a step here");
  }
}
