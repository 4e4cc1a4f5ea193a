package dev.rollback.prometheus;

import dev.rollback.spi.InvalidValueException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a {@link PrometheusMetricsSource}: where Prometheus is, the PromQL of
 * each logical metric, credentials, timeouts and retries.
 *
 * <p>Build with {@link #builder(URI)}; each setter validates its value at once and names the field
 * in its {@link InvalidValueException}. A failing request is tried at most {@link #maxAttempts()}
 * times in all when it failed transiently (connection refused or reset, timeout, HTTP 429, 502, 503
 * or 504), waiting {@link #initialBackoff()} before the second attempt and doubling the wait up to
 * {@link #maxBackoff()}; other failures are not retried. So one {@code fetch} takes at most about
 * {@code maxAttempts * (connectTimeout + requestTimeout) + the backoffs}.
 */
public final class PrometheusConfig {
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
  private static final int MAX_ATTEMPTS = 10;

  private final URI baseUrl;
  private final Map<String, MetricTemplate> metrics;
  private final PrometheusAuth auth;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private PrometheusConfig(Builder b) {
    this.baseUrl = b.baseUrl;
    this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(b.metrics));
    this.auth = b.auth;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
  }

  /**
   * Returns a builder for the Prometheus at {@code baseUrl}, e.g. {@code http://prometheus:9090}
   * or {@code https://example.org/prometheus} (the API is reached under {@code api/v1/} below it).
   *
   * @throws InvalidValueException if the URL is not an absolute http(s) URL with a host, or carries
   *     user info (put credentials in {@link Builder#auth}), a query or a fragment
   */
  public static Builder builder(URI baseUrl) {
    return new Builder(baseUrl);
  }

  /** Returns a builder holding every setting of {@code existing}. */
  public static Builder builder(PrometheusConfig existing) {
    Builder b = new Builder(existing.baseUrl);
    b.metrics.putAll(existing.metrics);
    b.auth = existing.auth;
    b.connectTimeout = existing.connectTimeout;
    b.requestTimeout = existing.requestTimeout;
    b.maxAttempts = existing.maxAttempts;
    b.initialBackoff = existing.initialBackoff;
    b.maxBackoff = existing.maxBackoff;
    return b;
  }

  /** Returns the base URL, ending in {@code /}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** Returns the templates by logical metric name, in the order they were added; unmodifiable. */
  public Map<String, MetricTemplate> metrics() {
    return metrics;
  }

  /** Returns the credentials. */
  public PrometheusAuth auth() {
    return auth;
  }

  /** Returns the timeout for opening a connection (default 5 s). */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Returns the timeout of one attempt, from sending the request to receiving the whole answer
   * (default 10 s); also sent to Prometheus as the query's evaluation {@code timeout}.
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Returns how many times a request is tried in all, at least 1 (default 3). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Returns the wait before the second attempt (default 200 ms). */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** Returns the longest wait between attempts (default 2 s). */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  @Override
  public String toString() {
    return "PrometheusConfig[baseUrl="
        + baseUrl
        + ", metrics="
        + metrics.keySet()
        + ", auth="
        + auth
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", maxAttempts="
        + maxAttempts
        + ", backoff="
        + initialBackoff
        + ".."
        + maxBackoff
        + "]";
  }

  /** Collects settings; not thread-safe. {@link #build()} copies, so a builder may be reused. */
  public static final class Builder {
    private final URI baseUrl;
    private final Map<String, MetricTemplate> metrics = new LinkedHashMap<>();
    private PrometheusAuth auth = PrometheusAuth.none();
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(2);

    private Builder(@Nullable URI baseUrl) {
      this.baseUrl = checkBaseUrl(baseUrl);
    }

    /**
     * Adds (or replaces) the logical metric {@code name} with a single PromQL template.
     *
     * @throws InvalidValueException if the name is blank or the template is invalid
     */
    public Builder metric(String name, String query) {
      return metric(name, MetricTemplate.of(query));
    }

    /**
     * Adds (or replaces) the logical metric {@code name} with a per-version query and a
     * whole-deployment query; see {@link MetricTemplate}.
     *
     * @throws InvalidValueException if the name is blank or a template is invalid
     */
    public Builder metric(String name, String versionQuery, String deploymentQuery) {
      return metric(name, MetricTemplate.of(versionQuery, deploymentQuery));
    }

    /**
     * Adds (or replaces) the logical metric {@code name}.
     *
     * @throws InvalidValueException if the name is blank or has surrounding whitespace
     */
    public Builder metric(String name, MetricTemplate template) {
      if (name == null || name.isBlank() || !name.strip().equals(name)) {
        throw new InvalidValueException(
            "PrometheusConfig.metrics name '" + name + "' must be non-blank without surrounding"
                + " whitespace");
      }
      if (template == null) {
        throw new InvalidValueException("PrometheusConfig.metrics['" + name + "'] must not be null");
      }
      metrics.put(name, template);
      return this;
    }

    /** Sets the credentials (default {@link PrometheusAuth#none()}). */
    public Builder auth(PrometheusAuth auth) {
      if (auth == null) {
        throw new InvalidValueException("PrometheusConfig.auth must not be null; use none()");
      }
      this.auth = auth;
      return this;
    }

    /** Sets the connect timeout: positive, at most 10 minutes. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = checkTimeout(timeout, "PrometheusConfig.connectTimeout");
      return this;
    }

    /** Sets the timeout of one attempt: at least 1 ms, at most 10 minutes. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = checkTimeout(timeout, "PrometheusConfig.requestTimeout");
      return this;
    }

    /** Sets how many times a request is tried in all: 1 (no retries) to 10. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > MAX_ATTEMPTS) {
        throw new InvalidValueException(
            "PrometheusConfig.maxAttempts must be between 1 and " + MAX_ATTEMPTS + " but was "
                + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Sets the wait before the second attempt and the cap of the doubling waits after it; each
     * between 0 and 10 minutes, {@code initial <= max}.
     */
    public Builder backoff(Duration initial, Duration max) {
      Duration i = checkNotNegative(initial, "PrometheusConfig.initialBackoff");
      Duration m = checkNotNegative(max, "PrometheusConfig.maxBackoff");
      if (i.compareTo(m) > 0) {
        throw new InvalidValueException(
            "PrometheusConfig.initialBackoff (" + i + ") must not exceed PrometheusConfig.maxBackoff"
                + " (" + m + ")");
      }
      this.initialBackoff = i;
      this.maxBackoff = m;
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws InvalidValueException if no metric was added
     */
    public PrometheusConfig build() {
      if (metrics.isEmpty()) {
        throw new InvalidValueException(
            "PrometheusConfig.metrics must name at least one metric; add one with metric(name,"
                + " query)");
      }
      return new PrometheusConfig(this);
    }

    private static URI checkBaseUrl(@Nullable URI url) {
      if (url == null) {
        throw new InvalidValueException("PrometheusConfig.baseUrl must not be null");
      }
      List<String> problems = new ArrayList<>();
      String scheme = url.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        problems.add("its scheme must be http or https");
      }
      if (url.getHost() == null) {
        problems.add("it must name a host");
      }
      String authority = url.getRawAuthority();
      if (url.getRawUserInfo() != null || (authority != null && authority.contains("@"))) {
        // Never echo the URL here: the user info may hold a password.
        throw new InvalidValueException(
            "PrometheusConfig.baseUrl must not carry user info; set credentials with auth(...)");
      }
      if (url.getRawQuery() != null || url.getRawFragment() != null) {
        problems.add("it must have no query or fragment");
      }
      if (!problems.isEmpty()) {
        throw new InvalidValueException(
            "PrometheusConfig.baseUrl '" + url + "' is invalid: " + String.join("; ", problems));
      }
      String text = url.toString();
      return text.endsWith("/") ? url : URI.create(text + "/");
    }

    private static Duration checkTimeout(@Nullable Duration d, String field) {
      if (d == null || d.toMillis() < 1 || d.compareTo(MAX_TIMEOUT) > 0) {
        throw new InvalidValueException(
            field + " must be between 1 ms and " + MAX_TIMEOUT + " but was " + d);
      }
      return d;
    }

    private static Duration checkNotNegative(@Nullable Duration d, String field) {
      if (d == null || d.isNegative() || d.compareTo(MAX_TIMEOUT) > 0) {
        throw new InvalidValueException(
            field + " must be between 0 and " + MAX_TIMEOUT + " but was " + d);
      }
      return d;
    }
  }
}
