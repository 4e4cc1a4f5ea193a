package dev.rollback.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rollback.spi.helpers.InvalidConfigurationException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binding's builder: what it requires, and what it registers at once. */
class RollbackObservabilityTest {

  @Test
  void buildWithoutAMeterRegistryNamesTheMissingSetting() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> RollbackObservability.builder().observationRegistry(ObservationRegistry.NOOP).build());

    assertEquals(List.of("meterRegistry is required: the meters need a registry to go to"), e.problems());
  }

  @Test
  void nullSettingsAreRefusedNamingTheSetting() {
    NullPointerException meters = assertThrows(NullPointerException.class,
        () -> RollbackObservability.builder().meterRegistry(null));
    NullPointerException observations = assertThrows(NullPointerException.class,
        () -> RollbackObservability.builder().observationRegistry(null));

    assertEquals("meterRegistry", meters.getMessage());
    assertEquals("observationRegistry", observations.getMessage());
  }

  @Test
  void buildRegistersTheGaugeOfRunsInProgressAndTheListenersStayTheSame() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    RollbackObservability observability = RollbackObservability.builder().meterRegistry(meters).build();

    assertEquals(0.0, meters.get("rollback.runs.active").gauge().value());
    assertSame(observability.runListener(), observability.runListener());
    assertSame(observability.judgementListener(), observability.judgementListener());
  }
}
