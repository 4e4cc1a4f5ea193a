package dev.rollback.spring.boot.autoconfigure;

import dev.rollback.prometheus.PrometheusAuth;
import dev.rollback.prometheus.PrometheusConfig;
import dev.rollback.prometheus.PrometheusMetricsSource;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.helpers.Secret;
import dev.rollback.spring.boot.MetricQueryProperties;
import dev.rollback.spring.boot.PrometheusProperties;
import dev.rollback.spring.boot.RollbackProperties;
import dev.rollback.spring.boot.internal.PropertyProblems;
import java.net.URI;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The Prometheus {@link MetricsSource} from {@code rollback.prometheus.*}, when rollback-prometheus
 * is on the class path and {@code rollback.prometheus.url} is set.
 */
@AutoConfiguration
@ConditionalOnClass(PrometheusMetricsSource.class)
@ConditionalOnProperty(prefix = "rollback.prometheus", name = "url")
@EnableConfigurationProperties(RollbackProperties.class)
public final class RollbackPrometheusAutoConfiguration {
  private static final String PREFIX = "rollback.prometheus";

  /** Creates the configuration; Spring Boot does. */
  public RollbackPrometheusAutoConfiguration() {}

  /** Returns the settings of the metrics source. */
  @Bean
  @ConditionalOnMissingBean
  PrometheusConfig rollbackPrometheusConfig(RollbackProperties properties) {
    PrometheusProperties p = properties.getPrometheus();
    PropertyProblems problems = PropertyProblems.under(PREFIX, Map.of("baseUrl", PREFIX + ".url"));
    URI url;
    try {
      url = URI.create(String.valueOf(p.getUrl()));
    } catch (IllegalArgumentException e) {
      throw problems.problem("url", "not a URL: " + e.getMessage(), e);
    }
    return problems.build(() -> {
      PrometheusConfig.Builder b = PrometheusConfig.builder(url);
      for (Map.Entry<String, MetricQueryProperties> metric : p.getMetrics().entrySet()) {
        b.metric(metric.getKey(), metric.getValue().getQuery(), metric.getValue().getDeploymentQuery());
      }
      b.auth(auth(p));
      p.applyTo(b::connectTimeout, b::requestTimeout);
      Integer attempts = p.getMaxAttempts();
      if (attempts != null) {
        b.maxAttempts(attempts);
      }
      return b.build();
    });
  }

  private static PrometheusAuth auth(PrometheusProperties p) {
    Secret token = p.getBearerToken();
    String user = p.getUsername();
    Secret password = p.getPassword();
    if (token != null && (user != null || password != null)) {
      throw new IllegalArgumentException(
          "bearerToken is set together with username/password: choose one way to authenticate");
    }
    if (token != null) {
      return PrometheusAuth.bearer(token.reveal());
    }
    if (user != null || password != null) {
      if (user == null || password == null) {
        throw new IllegalArgumentException("username and password must be set together");
      }
      return PrometheusAuth.basic(user, password.reveal());
    }
    return PrometheusAuth.none();
  }

  /** Returns the metrics source. */
  @Bean
  @ConditionalOnMissingBean(MetricsSource.class)
  MetricsSource rollbackPrometheusMetricsSource(PrometheusConfig config) {
    return PrometheusMetricsSource.create(config);
  }
}
