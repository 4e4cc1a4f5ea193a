package dev.rollback.spring.boot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.spring.boot.InvalidRollbackPropertiesException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertyProblemsTest {
  private final PropertyProblems prometheus = PropertyProblems.under("rollback.prometheus");

  @Test
  void theLeadingSettingNameInKebabCaseIsThePropertyUnderThePrefix() {
    assertThat(prometheus.property("maxAttempts must be >= 1 but was 0")).isEqualTo("rollback.prometheus.max-attempts");
    assertThat(prometheus.property("url must be an http(s) URL")).isEqualTo("rollback.prometheus.url");
    assertThat(PropertyProblems.under("rollback").property("policy.overallDeadline (PT1S) must be longer"))
        .isEqualTo("rollback.policy.overall-deadline");
    assertThat(prometheus.property("connectTimeout: too long")).isEqualTo("rollback.prometheus.connect-timeout");
  }

  @Test
  void aSentenceNamesOnlyThePrefixAndNamedSettingsWin() {
    assertThat(prometheus.property("at least one metric is required")).isEqualTo("rollback.prometheus");
    PropertyProblems named = PropertyProblems.under("rollback", Map.of("leaseDuration", "rollback.durability.lease-duration"));
    assertThat(named.property("leaseDuration must be positive but was PT0S")).isEqualTo("rollback.durability.lease-duration");
  }

  @Test
  void everyProblemOfTheLibrarysExceptionIsReportedWithItsProperty() {
    assertThatThrownBy(() -> prometheus.build(() -> {
      throw new InvalidConfigurationException("PrometheusConfig",
          List.of("maxAttempts must be >= 1 but was 0", "requestTimeout must be positive but was PT0S"));
    }))
        .isInstanceOfSatisfying(InvalidRollbackPropertiesException.class, e -> {
          assertThat(e.properties()).containsExactly("rollback.prometheus.max-attempts", "rollback.prometheus.request-timeout");
          assertThat(e.getCause()).isInstanceOf(InvalidConfigurationException.class);
          assertThat(e.problems().get(0).problem()).isEqualTo("PrometheusConfig: maxAttempts must be >= 1 but was 0");
        });
  }
}
