package dev.rollback.spring.boot;

import dev.rollback.spi.helpers.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Settings of {@code rollback.prometheus.*}: the Prometheus metrics source. Its {@code connect-timeout}
 * and {@code request-timeout} (the deadline of one query) are those of {@link HttpTimeoutProperties}.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class PrometheusProperties extends HttpTimeoutProperties {
  /** The base URL of the Prometheus HTTP API; the metrics source is configured when it is set. */
  private @Nullable String url;

  /** The user name of basic authentication. */
  private @Nullable String username;

  /** The password of basic authentication; never logged. */
  private @Nullable Secret password;

  /** The bearer token; never logged. */
  private @Nullable Secret bearerToken;

  /** PromQL templates per metric name. */
  private final Map<String, MetricQueryProperties> metrics = new LinkedHashMap<>();

  /** How often a failed query is tried. */
  private @Nullable Integer maxAttempts;

  /** Returns the base URL of the Prometheus HTTP API; the metrics source is configured when it is set. */
  public @Nullable String getUrl() {
    return url;
  }

  /** Sets the base URL of the Prometheus HTTP API; the metrics source is configured when it is set. */
  public void setUrl(@Nullable String url) {
    this.url = url;
  }

  /** Returns the user name of basic authentication. */
  public @Nullable String getUsername() {
    return username;
  }

  /** Sets the user name of basic authentication. */
  public void setUsername(@Nullable String username) {
    this.username = username;
  }

  /** Returns the password of basic authentication; never logged. */
  public @Nullable Secret getPassword() {
    return password;
  }

  /** Sets the password of basic authentication; never logged. */
  public void setPassword(@Nullable Secret password) {
    this.password = password;
  }

  /** Returns the bearer token; never logged. */
  public @Nullable Secret getBearerToken() {
    return bearerToken;
  }

  /** Sets the bearer token; never logged. */
  public void setBearerToken(@Nullable Secret bearerToken) {
    this.bearerToken = bearerToken;
  }

  /** Returns promQL templates per metric name. */
  public Map<String, MetricQueryProperties> getMetrics() {
    return metrics;
  }

  /** Returns how often a failed query is tried. */
  public @Nullable Integer getMaxAttempts() {
    return maxAttempts;
  }

  /** Sets how often a failed query is tried. */
  public void setMaxAttempts(@Nullable Integer maxAttempts) {
    this.maxAttempts = maxAttempts;
  }
}
