package dev.rollback.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rollback.core.detect.internal.Cusum;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings the two sequential charts share are set, defaulted and checked alike. */
class ChartBuilderTest {
  @Test
  void aSharedSettingChainsIntoTheChartsOwnSettings() {
    CusumDetector cusum = CusumDetector.builder("latency").baseline(Duration.ofMinutes(30)).shift(2).build();
    PoissonCusumDetector poisson = PoissonCusumDetector.builder("errors").step(Duration.ofSeconds(30)).ratio(3).build();

    assertEquals(Cusum.decisionInterval(1, 10_000), cusum.decisionInterval(), 1e-12, "k = shift / 2 = 1");
    assertEquals(Math.log(10_000), poisson.decisionInterval(), 1e-12, "the shared default run length");
  }

  @Test
  void bothChartsNameABadSharedSettingTheSameWay() {
    InvalidConfigurationException cusum = assertThrows(InvalidConfigurationException.class,
        () -> CusumDetector.builder("latency").baseline(Duration.ZERO).minimumSamples(0).levelShift(-1, 0).build());
    InvalidConfigurationException poisson = assertThrows(InvalidConfigurationException.class,
        () -> PoissonCusumDetector.builder("errors").baseline(Duration.ZERO).minimumSamples(0).levelShift(-1, 0).build());

    List<String> shared = cusum.problems();
    assertEquals(4, shared.size(), () -> "problems: " + shared);
    assertEquals(shared, poisson.problems());
  }
}
