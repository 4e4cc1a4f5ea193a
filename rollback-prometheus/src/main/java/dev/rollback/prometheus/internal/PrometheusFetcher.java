package dev.rollback.prometheus.internal;

import dev.rollback.spi.helpers.HttpClients;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rollback.prometheus.MetricTemplate;
import dev.rollback.prometheus.PrometheusConfig;
import dev.rollback.prometheus.PrometheusException.Kind;
import dev.rollback.prometheus.PrometheusException;
import dev.rollback.spi.InvalidValueException;
import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import dev.rollback.spi.helpers.Backoff;
import dev.rollback.spi.helpers.Sleeper;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus {@link MetricsSource}: picks and fills in the metric's template, calls {@code
 * query_range} (or {@code query} for a window of one instant) with bounded retries, and turns the
 * answer into a {@link MetricSeries}. Thread-safe; blocking.
 */
public final class PrometheusFetcher implements MetricsSource {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusFetcher.class);

  private record Templates(PromQlTemplate query, @Nullable PromQlTemplate deploymentQuery) {}

  private final PrometheusConfig config;
  private final PrometheusHttp http;
  private final Sleeper sleeper;
  private final Backoff backoff;
  private final Map<String, Templates> templates = new LinkedHashMap<>();

  /**
   * Creates the source.
   *
   * @param config the configuration
   * @param client the HTTP client; its connect timeout should be the configured one
   * @param sleeper waits between attempts
   */
  public PrometheusFetcher(PrometheusConfig config, HttpClient client, Sleeper sleeper) {
    this.config = config;
    this.http = new PrometheusHttp(config, client);
    this.sleeper = sleeper;
    this.backoff = Backoff.exponential(config.initialBackoff(), config.maxBackoff());
    config
        .metrics()
        .forEach(
            (name, t) -> {
              String whole = t.deploymentQuery();
              templates.put(
                  name,
                  new Templates(
                      PromQlTemplate.parse(t.query()),
                      whole == null ? null : PromQlTemplate.parse(whole)));
            });
  }

  /** Returns a source with an HTTP/1.1 client using the configured connect timeout. */
  public static PrometheusFetcher create(PrometheusConfig config) {
    return new PrometheusFetcher(config, HttpClients.client(config.timeouts()), Sleeper.system());
  }

  @Override
  public MetricSeries fetch(MetricQuery query, TimeWindow window) throws InterruptedException {
    String promQl = render(query);
    boolean instant = window.from().equals(window.to());
    String endpoint = instant ? "query" : "query_range";
    Map<String, String> form = new LinkedHashMap<>();
    form.put("query", promQl);
    if (instant) {
      form.put("time", seconds(window.from()));
    } else {
      form.put("start", seconds(window.from()));
      form.put("end", seconds(window.to()));
      form.put("step", seconds(window.step()));
    }
    form.put("timeout", config.requestTimeout().toMillis() + "ms");
    JsonNode answer = callWithRetries(query, promQl, endpoint, form);
    for (String warning : QueryResponseParser.warnings(answer)) {
      LOG.warn("Prometheus warns about metric '{}' of {}: {}", query.metric(), who(query), warning);
    }
    try {
      List<Sample> samples = QueryResponseParser.samples(answer);
      return new MetricSeries(query.metric(), samples);
    } catch (FetchFailure f) {
      throw wrap(query, promQl, f, f.detail());
    } catch (InvalidValueException e) {
      String detail = String.valueOf(e.getMessage());
      throw wrap(query, promQl, FetchFailure.malformed(detail), detail);
    }
  }

  private JsonNode callWithRetries(
      MetricQuery query, String promQl, String endpoint, Map<String, String> form)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      LOG.debug(
          "Querying {} for metric '{}' of {} (attempt {}/{}): {}",
          http.endpoint(endpoint),
          query.metric(),
          who(query),
          attempt,
          config.maxAttempts(),
          promQl);
      try {
        return http.call(endpoint, form);
      } catch (FetchFailure f) {
        if (!f.retryable() || attempt >= config.maxAttempts()) {
          String detail =
              f.retryable()
                  ? f.detail() + " (gave up after " + attempt + " attempts)"
                  : f.detail();
          throw wrap(query, promQl, f, detail);
        }
        Duration wait = backoff.delay(attempt);
        LOG.warn(
            "Attempt {}/{} for metric '{}' of {} failed: {}; retrying in {} ms",
            attempt,
            config.maxAttempts(),
            query.metric(),
            who(query),
            f.detail(),
            wait.toMillis());
        sleeper.sleep(wait);
      }
    }
  }

  private String render(MetricQuery query) {
    Templates t = templates.get(query.metric());
    if (t == null) {
      throw new PrometheusException(
          Kind.UNKNOWN_METRIC,
          query.metric(),
          "Unknown metric '"
              + query.metric()
              + "' asked for "
              + who(query)
              + "; this Prometheus source is configured with "
              + config.metrics().keySet()
              + ". Add it with PrometheusConfig.builder(...).metric(name, promQl)",
          null,
          null,
          null);
    }
    PromQlTemplate template = chooseTemplate(query, t);
    Map<String, @Nullable String> values = new HashMap<>();
    values.put("cluster", query.deployment().cluster());
    values.put("namespace", query.deployment().namespace());
    values.put("name", query.deployment().name());
    values.put("version", query.versionId());
    return template.render(values);
  }

  private PromQlTemplate chooseTemplate(MetricQuery query, Templates t) {
    boolean perVersion = t.query().uses("version");
    if (query.versionId() != null) {
      if (perVersion) {
        return t.query();
      }
      throw unsupported(
          query,
          "it names version " + query.versionId() + " but the metric's query does not use"
              + " {version}; add a version=\"{version}\" matcher to the query, or ask for the"
              + " whole deployment (versionId null)");
    }
    if (!perVersion) {
      return t.query();
    }
    PromQlTemplate whole = t.deploymentQuery();
    if (whole == null) {
      throw unsupported(
          query,
          "it names no version but the metric's query uses {version}; configure a"
              + " whole-deployment query with metric(name, versionQuery, deploymentQuery)");
    }
    return whole;
  }

  private PrometheusException unsupported(MetricQuery query, String why) {
    return new PrometheusException(
        Kind.UNSUPPORTED_QUERY,
        query.metric(),
        "Cannot query metric '" + query.metric() + "' for " + who(query) + ": " + why,
        null,
        null,
        null);
  }

  private PrometheusException wrap(MetricQuery query, String promQl, FetchFailure f, String detail) {
    return new PrometheusException(
        f.kind(),
        query.metric(),
        "Prometheus query for metric '"
            + query.metric()
            + "' of "
            + who(query)
            + " failed: "
            + detail
            + " [query: "
            + promQl
            + "; server: "
            + config.baseUrl()
            + "]",
        f.errorType(),
        f.prometheusError(),
        f.getCause());
  }

  private static String who(MetricQuery query) {
    String version = query.versionId();
    return query.deployment() + (version == null ? "" : " version " + version);
  }

  private static String seconds(Instant t) {
    return BigDecimal.valueOf(t.getEpochSecond())
        .add(BigDecimal.valueOf(t.getNano(), 9))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String seconds(Duration d) {
    return BigDecimal.valueOf(d.getSeconds())
        .add(BigDecimal.valueOf(d.getNano(), 9))
        .stripTrailingZeros()
        .toPlainString();
  }
}
