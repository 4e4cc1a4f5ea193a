package dev.rollback.spring.boot.autoconfigure;

import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spring.boot.RunHistory;
import dev.rollback.spring.boot.actuate.ManualRollbackEndpoint;
import dev.rollback.spring.boot.actuate.RollbackEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator endpoint {@code rollback}, when Actuator is on the class path and the endpoint is
 * available (exposed, e.g. {@code management.endpoints.web.exposure.include=rollback}). Its write
 * operation exists only with {@code rollback.endpoint.manual-rollback.enabled=true}.
 */
@AutoConfiguration(after = RollbackAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(RunHistory.class)
public final class RollbackEndpointAutoConfiguration {

  /** Creates the configuration; Spring Boot does. */
  public RollbackEndpointAutoConfiguration() {}

  /** Returns the endpoint with its write operation. */
  @Bean
  @ConditionalOnMissingBean(RollbackEndpoint.class)
  @ConditionalOnAvailableEndpoint(RollbackEndpoint.class)
  @ConditionalOnProperty(prefix = "rollback.endpoint.manual-rollback", name = "enabled", havingValue = "true")
  @ConditionalOnBean(RollbackEngine.class)
  ManualRollbackEndpoint rollbackManualRollbackEndpoint(RunHistory history, RollbackEngine engine) {
    return new ManualRollbackEndpoint(history, engine);
  }

  /** Returns the read-only endpoint, unless the one above is defined. */
  @Bean
  @ConditionalOnMissingBean(RollbackEndpoint.class)
  @ConditionalOnAvailableEndpoint(RollbackEndpoint.class)
  RollbackEndpoint rollbackEndpoint(RunHistory history) {
    return new RollbackEndpoint(history);
  }
}
