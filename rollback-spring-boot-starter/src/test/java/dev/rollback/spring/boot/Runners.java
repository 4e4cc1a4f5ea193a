package dev.rollback.spring.boot;

import dev.rollback.spring.boot.autoconfigure.RollbackAutoConfiguration;
import dev.rollback.spring.boot.autoconfigure.RollbackEndpointAutoConfiguration;
import dev.rollback.spring.boot.autoconfigure.RollbackHealthAutoConfiguration;
import dev.rollback.spring.boot.autoconfigure.RollbackKubernetesAutoConfiguration;
import dev.rollback.spring.boot.autoconfigure.RollbackMicrometerAutoConfiguration;
import dev.rollback.spring.boot.autoconfigure.RollbackNotifyAutoConfiguration;
import dev.rollback.spring.boot.autoconfigure.RollbackPrometheusAutoConfiguration;
import dev.rollback.spring.boot.autoconfigure.RollbackSmokeHttpAutoConfiguration;
import dev.rollback.spring.boot.internal.InvalidRollbackPropertiesFailureAnalyzer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The context runner with every auto-configuration of the starter, and assertions on failures. */
final class Runners {
  private Runners() {}

  /** Returns a runner with all of the starter's auto-configurations and none of Boot's. */
  static ApplicationContextRunner starter() {
    return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
        RollbackKubernetesAutoConfiguration.class,
        RollbackPrometheusAutoConfiguration.class,
        RollbackNotifyAutoConfiguration.class,
        RollbackSmokeHttpAutoConfiguration.class,
        RollbackMicrometerAutoConfiguration.class,
        RollbackAutoConfiguration.class,
        RollbackEndpointAutoConfiguration.class,
        RollbackHealthAutoConfiguration.class));
  }

  /** Returns the {@link InvalidRollbackPropertiesException} in {@code failure}'s causes. */
  static InvalidRollbackPropertiesException invalidProperties(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidRollbackPropertiesException e) {
        return e;
      }
    }
    throw new AssertionError("no InvalidRollbackPropertiesException in the causes of " + failure, failure);
  }

  /** Returns the failure analysis Spring Boot prints for {@code failure}. */
  static FailureAnalysis analysis(Throwable failure) {
    FailureAnalysis analysis = new InvalidRollbackPropertiesFailureAnalyzer().analyze(failure);
    if (analysis == null) {
      throw new AssertionError("the analyzer did not recognise " + failure, failure);
    }
    return analysis;
  }

}
