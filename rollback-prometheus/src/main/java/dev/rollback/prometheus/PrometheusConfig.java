package dev.rollback.prometheus;

import dev.rollback.spi.InvalidValueException;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.HttpTimeouts;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a {@link PrometheusMetricsSource}: where Prometheus is, the PromQL of
 * each logical metric, credentials, timeouts and retries.
 *
 * <p>Build with {@link #builder(URI)}; {@link Builder#build()} validates every setting and reports
 * every broken rule at once in one {@link InvalidConfigurationException}, each naming the field. A
 * failing request is tried at most {@link #maxAttempts()} times in all when it failed transiently
 * (connection refused or reset, timeout, HTTP 429, 502, 503 or 504), waiting {@link
 * #initialBackoff()} before the second attempt and doubling the wait up to {@link #maxBackoff()};
 * other failures are not retried. So one {@code fetch} takes at most about {@code maxAttempts *
 * (connectTimeout + requestTimeout) + the backoffs}.
 */
public final class PrometheusConfig {
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
  private static final int MAX_ATTEMPTS = 10;

  private final URI baseUrl;
  private final Map<String, MetricTemplate> metrics;
  private final PrometheusAuth auth;
  private final HttpTimeouts timeouts;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private PrometheusConfig(URI baseUrl, Map<String, MetricTemplate> metrics, HttpTimeouts timeouts, Builder b) {
    this.baseUrl = baseUrl;
    this.metrics = Collections.unmodifiableMap(metrics);
    this.auth = Objects.requireNonNull(b.auth);
    this.timeouts = timeouts;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = Objects.requireNonNull(b.initialBackoff);
    this.maxBackoff = Objects.requireNonNull(b.maxBackoff);
  }

  /**
   * Returns a builder for the Prometheus at {@code baseUrl}, e.g. {@code http://prometheus:9090}
   * or {@code https://example.org/prometheus} (the API is reached under {@code api/v1/} below it).
   *
   * <p>{@link Builder#build()} refuses a URL that is not an absolute http(s) URL with a host, or
   * carries user info (put credentials in {@link Builder#auth}), a query or a fragment.
   */
  public static Builder builder(URI baseUrl) {
    return new Builder(baseUrl);
  }

  /** Returns a builder holding every setting of {@code existing}. */
  public static Builder builder(PrometheusConfig existing) {
    Builder b = new Builder(existing.baseUrl);
    existing.metrics.forEach(b::metric);
    b.auth = existing.auth;
    b.timeouts(existing.timeouts);
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

  /**
   * Returns the connect and request timeouts of one attempt (default 5 s and 10 s), each between 1
   * ms and 10 minutes.
   */
  public HttpTimeouts timeouts() {
    return timeouts;
  }

  /** Returns the timeout for opening a connection (default 5 s): {@code timeouts().connectTimeout()}. */
  public Duration connectTimeout() {
    return timeouts.connectTimeout();
  }

  /**
   * Returns the timeout of one attempt, from sending the request to receiving the whole answer
   * (default 10 s); also sent to Prometheus as the query's evaluation {@code timeout}: {@code
   * timeouts().requestTimeout()}.
   */
  public Duration requestTimeout() {
    return timeouts.requestTimeout();
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
        + connectTimeout()
        + ", requestTimeout="
        + requestTimeout()
        + ", maxAttempts="
        + maxAttempts
        + ", backoff="
        + initialBackoff
        + ".."
        + maxBackoff
        + "]";
  }

  /**
   * Collects settings; not thread-safe. Setters only record; {@link #build()} validates everything
   * at once and copies, so a builder may be reused.
   */
  public static final class Builder {
    /** A metric as added: a template, or the PromQL to make one from at {@link #build()}. */
    private record Added(
        @Nullable MetricTemplate template, boolean fromQueries, @Nullable String query, @Nullable String deploymentQuery) {}

    private final @Nullable URI baseUrl;
    private final Map<@Nullable String, Added> metrics = new LinkedHashMap<>();
    private @Nullable PrometheusAuth auth = PrometheusAuth.none();
    private @Nullable Duration connectTimeout = HttpTimeouts.ofDefaults().connectTimeout();
    private @Nullable Duration requestTimeout = HttpTimeouts.ofDefaults().requestTimeout();
    private int maxAttempts = 3;
    private @Nullable Duration initialBackoff = Duration.ofMillis(200);
    private @Nullable Duration maxBackoff = Duration.ofSeconds(2);

    private Builder(@Nullable URI baseUrl) {
      this.baseUrl = baseUrl;
    }

    /**
     * Adds (or replaces) the logical metric {@code name} with a single PromQL template; {@link
     * #build()} refuses a blank name or an invalid template.
     */
    public Builder metric(@Nullable String name, @Nullable String query) {
      metrics.put(name, new Added(null, true, query, null));
      return this;
    }

    /**
     * Adds (or replaces) the logical metric {@code name} with a per-version query and a
     * whole-deployment query; see {@link MetricTemplate}. {@link #build()} refuses a blank name or
     * an invalid template.
     */
    public Builder metric(@Nullable String name, @Nullable String versionQuery, @Nullable String deploymentQuery) {
      metrics.put(name, new Added(null, true, versionQuery, deploymentQuery));
      return this;
    }

    /**
     * Adds (or replaces) the logical metric {@code name}; {@link #build()} refuses a name that is
     * blank or has surrounding whitespace.
     */
    public Builder metric(@Nullable String name, @Nullable MetricTemplate template) {
      metrics.put(name, new Added(template, false, null, null));
      return this;
    }

    /** Sets the credentials (default {@link PrometheusAuth#none()}). */
    public Builder auth(@Nullable PrometheusAuth auth) {
      this.auth = auth;
      return this;
    }

    /** Sets the connect timeout: at least 1 ms, at most 10 minutes. */
    public Builder connectTimeout(@Nullable Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** Sets the timeout of one attempt: at least 1 ms, at most 10 minutes. */
    public Builder requestTimeout(@Nullable Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * Sets both {@link PrometheusConfig#timeouts()} at once; {@link #build()} refuses either below 1
     * ms or above 10 minutes.
     */
    public Builder timeouts(HttpTimeouts value) {
      HttpTimeouts timeouts = Objects.requireNonNull(value, "timeouts must not be null");
      return connectTimeout(timeouts.connectTimeout()).requestTimeout(timeouts.requestTimeout());
    }

    /** Sets how many times a request is tried in all: 1 (no retries) to 10. */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Sets the wait before the second attempt and the cap of the doubling waits after it; each
     * between 0 and 10 minutes, {@code initial <= max}.
     */
    public Builder backoff(@Nullable Duration initial, @Nullable Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws InvalidConfigurationException listing every broken rule: the base URL, each metric's
     *     name and templates, at least one metric, the credentials, the timeouts, the attempts and
     *     the backoff
     */
    public PrometheusConfig build() {
      ConfigProblems p = ConfigProblems.of("PrometheusConfig");
      URI url = checkBaseUrl(p, baseUrl);
      Map<String, MetricTemplate> templates = new LinkedHashMap<>();
      metrics.forEach((name, added) -> {
        MetricTemplate template = checkMetric(p, name, added);
        if (name != null && template != null) {
          templates.put(name, template);
        }
      });
      p.check(metrics.isEmpty(),
          "metrics must name at least one metric; add one with metric(name, query)");
      p.check(auth == null, "auth must not be null; use PrometheusAuth.none()");
      // Prometheus' own limits are narrower than HttpTimeouts' (positive, at most a year), so a pair
      // that passes them is a valid HttpTimeouts; checking both here reports each field once.
      boolean connectOk = checkTimeout(p, connectTimeout, "connectTimeout");
      boolean requestOk = checkTimeout(p, requestTimeout, "requestTimeout");
      HttpTimeouts timeouts = connectOk && requestOk && connectTimeout != null && requestTimeout != null
          ? new HttpTimeouts(connectTimeout, requestTimeout)
          : null;
      p.between("maxAttempts", maxAttempts, 1, MAX_ATTEMPTS);
      boolean initialOk = checkNotNegative(p, initialBackoff, "initialBackoff");
      boolean maxOk = checkNotNegative(p, maxBackoff, "maxBackoff");
      if (initialOk && maxOk && initialBackoff != null && maxBackoff != null) {
        p.check(initialBackoff.compareTo(maxBackoff) > 0,
            "initialBackoff (" + initialBackoff + ") must not exceed maxBackoff (" + maxBackoff + ")");
      }
      p.throwIfAny();
      return new PrometheusConfig(Objects.requireNonNull(url), templates, Objects.requireNonNull(timeouts), this);
    }

    private static @Nullable MetricTemplate checkMetric(ConfigProblems p, @Nullable String name, Added added) {
      if (!p.check(name == null || name.isBlank() || !name.strip().equals(name),
          "metrics name '" + name + "' must be non-blank without surrounding whitespace")) {
        return null;
      }
      if (!added.fromQueries()) {
        if (added.template() != null) {
          return added.template();
        }
        p.add("metrics['" + name + "'] must not be null");
        return null;
      }
      try {
        // MetricTemplate validates itself; its message names the template field and the rule.
        String query = added.query();
        return new MetricTemplate(query == null ? "" : query, added.deploymentQuery());
      } catch (InvalidValueException e) {
        p.add(String.valueOf(e.getMessage()));
        return null;
      }
    }

    private static @Nullable URI checkBaseUrl(ConfigProblems p, @Nullable URI url) {
      if (!p.present("baseUrl", url) || url == null) {
        return null;
      }
      String authority = url.getRawAuthority();
      if (url.getRawUserInfo() != null || (authority != null && authority.contains("@"))) {
        // Never echo the URL here: the user info may hold a password.
        p.add("baseUrl must not carry user info; set credentials with auth(...)");
        return null;
      }
      List<String> problems = new ArrayList<>();
      String scheme = url.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        problems.add("its scheme must be http or https");
      }
      if (url.getHost() == null) {
        problems.add("it must name a host");
      }
      if (url.getRawQuery() != null || url.getRawFragment() != null) {
        problems.add("it must have no query or fragment");
      }
      if (!problems.isEmpty()) {
        p.add("baseUrl '" + url + "' is invalid: " + String.join(", ", problems));
        return null;
      }
      String text = url.toString();
      return text.endsWith("/") ? url : URI.create(text + "/");
    }

    private static boolean checkTimeout(ConfigProblems p, @Nullable Duration d, String field) {
      return p.check(d == null || d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(MAX_TIMEOUT) > 0,
          field + " must be between 1 ms and " + MAX_TIMEOUT + " but was " + d);
    }

    private static boolean checkNotNegative(ConfigProblems p, @Nullable Duration d, String field) {
      return p.check(d == null || d.isNegative() || d.compareTo(MAX_TIMEOUT) > 0,
          field + " must be between 0 and " + MAX_TIMEOUT + " but was " + d);
    }
  }
}
