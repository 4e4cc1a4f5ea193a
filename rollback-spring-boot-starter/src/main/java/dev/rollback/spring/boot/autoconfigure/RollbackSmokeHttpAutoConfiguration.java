package dev.rollback.spring.boot.autoconfigure;

import dev.rollback.smoke.http.HttpCheck;
import dev.rollback.smoke.http.HttpSmokeConfig;
import dev.rollback.smoke.http.SmokeTesters;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spring.boot.HttpCheckProperties;
import dev.rollback.spring.boot.RollbackProperties;
import dev.rollback.spring.boot.SmokeHttpProperties;
import dev.rollback.spring.boot.internal.PropertyProblems;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The HTTP {@link SmokeTester} from {@code rollback.smoke.http.*}, when rollback-smoke-http is on
 * the class path and at least one check has a URL.
 */
@AutoConfiguration
@ConditionalOnClass(SmokeTesters.class)
@ConditionalOnProperty(prefix = "rollback.smoke.http", name = "checks[0].url")
@EnableConfigurationProperties(RollbackProperties.class)
public final class RollbackSmokeHttpAutoConfiguration {

  /** Creates the configuration; Spring Boot does. */
  public RollbackSmokeHttpAutoConfiguration() {}

  /** Returns the settings of the smoke tester. */
  @Bean
  @ConditionalOnMissingBean
  HttpSmokeConfig rollbackHttpSmokeConfig(RollbackProperties properties) {
    SmokeHttpProperties p = properties.getSmoke().getHttp();
    HttpSmokeConfig.Builder b = HttpSmokeConfig.builder();
    List<HttpCheckProperties> checks = p.getChecks();
    for (int i = 0; i < checks.size(); i++) {
      HttpCheckProperties c = checks.get(i);
      String prefix = "rollback.smoke.http.checks[" + i + "]";
      b.check(PropertyProblems.under(prefix, Map.of("urlTemplate", prefix + ".url")).build(() -> {
        HttpCheck.Builder check = HttpCheck.builder(c.getMethod(), String.valueOf(c.getUrl()))
            .name(c.getName())
            .expectBodyContains(c.getBodyContains())
            .maxLatency(c.getMaxLatency());
        Integer status = c.getExpectedStatus();
        if (status != null) {
          check.expectStatus(status);
        }
        return check.build();
      }));
    }
    p.applyTo(b::connectTimeout, b::requestTimeout);
    return PropertyProblems.under("rollback.smoke.http").build(b::build);
  }

  /** Returns the smoke tester. */
  @Bean
  @ConditionalOnMissingBean(SmokeTester.class)
  SmokeTester rollbackHttpSmokeTester(HttpSmokeConfig config) {
    return SmokeTesters.http(config);
  }
}
