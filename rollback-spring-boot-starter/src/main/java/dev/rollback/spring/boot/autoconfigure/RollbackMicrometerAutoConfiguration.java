package dev.rollback.spring.boot.autoconfigure;

import dev.rollback.core.RunListener;
import dev.rollback.micrometer.RollbackObservability;
import dev.rollback.spring.boot.JudgementListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The rollback-micrometer binding, on by default when rollback-micrometer is on the class path and
 * there is a {@link MeterRegistry} bean; {@code rollback.micrometer.enabled=false} turns it off.
 * With an {@link ObservationRegistry} bean, runs and judgements are also observed (traces).
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass({RollbackObservability.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = "rollback.micrometer", name = "enabled", matchIfMissing = true)
public final class RollbackMicrometerAutoConfiguration {

  /** Creates the configuration; Spring Boot does. */
  public RollbackMicrometerAutoConfiguration() {}

  /** Returns the binding. */
  @Bean
  @ConditionalOnMissingBean
  RollbackObservability rollbackObservability(
      MeterRegistry meterRegistry, ObjectProvider<ObservationRegistry> observationRegistry) {
    RollbackObservability.Builder b = RollbackObservability.builder().meterRegistry(meterRegistry);
    observationRegistry.ifAvailable(b::observationRegistry);
    return b.build();
  }

  /** Returns the binding's run listener, which the engine adds with every other {@link RunListener} bean. */
  @Bean
  RunListener rollbackObservabilityRunListener(RollbackObservability observability) {
    return observability.runListener();
  }

  /** Returns the binding's judgement listener, which the monitor calls with every other one. */
  @Bean
  JudgementListener rollbackObservabilityJudgementListener(RollbackObservability observability) {
    return observability.judgementListener()::accept;
  }
}
