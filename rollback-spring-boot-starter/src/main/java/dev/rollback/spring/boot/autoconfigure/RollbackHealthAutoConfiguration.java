package dev.rollback.spring.boot.autoconfigure;

import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.RunStore;
import dev.rollback.spring.boot.HealthProperties;
import dev.rollback.spring.boot.MonitorLag;
import dev.rollback.spring.boot.RollbackProperties;
import dev.rollback.spring.boot.actuate.RollbackHealthIndicator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The health indicator {@code rollback}, when spring-boot-health is on the class path, the engine
 * is defined, and {@code management.health.rollback.enabled} is not false.
 */
@AutoConfiguration(after = RollbackAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean({RollbackEngine.class, MonitorLag.class})
@ConditionalOnEnabledHealthIndicator("rollback")
@EnableConfigurationProperties(RollbackProperties.class)
public final class RollbackHealthAutoConfiguration {

  /** Creates the configuration; Spring Boot does. */
  public RollbackHealthAutoConfiguration() {}

  /** Returns the indicator. */
  @Bean
  @ConditionalOnMissingBean(name = "rollbackHealthIndicator")
  RollbackHealthIndicator rollbackHealthIndicator(RollbackProperties properties, RollbackEngine engine,
      MonitorLag lag, ObjectProvider<RunStore> store, ObjectProvider<DeploymentLock> lock) {
    HealthProperties p = properties.getHealth();
    return new RollbackHealthIndicator(lag, p.getMaxLag(), store.getIfAvailable(), lock.getIfAvailable(),
        engine.holderId(), engine.adapterExecutor(), p.getProbeTimeout());
  }
}
