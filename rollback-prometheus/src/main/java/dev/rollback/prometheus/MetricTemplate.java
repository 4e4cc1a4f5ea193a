package dev.rollback.prometheus;

import dev.rollback.prometheus.internal.PromQlTemplate;
import dev.rollback.spi.InvalidValueException;
import org.jspecify.annotations.Nullable;

/**
 * The PromQL for one logical metric, with placeholders filled in from the {@link
 * dev.rollback.spi.MetricQuery}: {@code {cluster}}, {@code {namespace}}, {@code {name}} (the
 * deployment's) and {@code {version}} (the query's version id).
 *
 * <p>Each placeholder must sit inside a quoted PromQL string literal, e.g. {@code
 * sum(rate(http_requests_total{namespace="{namespace}",app="{name}",version="{version}",code=~"5.."}[1m]))
 * / sum(rate(http_requests_total{namespace="{namespace}",app="{name}",version="{version}"}[1m]))};
 * values are escaped for that literal, so they can never change the query's structure. A query must
 * return at most one series: aggregate in PromQL ({@code sum}, {@code max}, {@code
 * histogram_quantile}).
 *
 * <p>Which query serves which {@code MetricQuery}:
 *
 * <ul>
 *   <li>if {@code query} uses {@code {version}}, it serves queries that name a version, and {@code
 *       deploymentQuery} (without {@code {version}}) serves queries for the whole deployment; with
 *       no {@code deploymentQuery}, a whole-deployment query is refused;
 *   <li>otherwise {@code query} serves whole-deployment queries only, and a query naming a version
 *       is refused, because answering it with the whole deployment's data would silently compare a
 *       version with itself.
 * </ul>
 *
 * @param query the PromQL template
 * @param deploymentQuery the template for the whole deployment when {@code query} is per version,
 *     or null
 */
public record MetricTemplate(String query, @Nullable String deploymentQuery) {
  /**
   * Validates both templates.
   *
   * @throws InvalidValueException naming the field and the problem
   */
  public MetricTemplate {
    PromQlTemplate parsed = parse(query, "MetricTemplate.query");
    if (deploymentQuery != null) {
      PromQlTemplate whole = parse(deploymentQuery, "MetricTemplate.deploymentQuery");
      if (!parsed.uses("version")) {
        throw new InvalidValueException(
            "MetricTemplate.deploymentQuery is only allowed when MetricTemplate.query uses"
                + " {version}; this query already serves the whole deployment");
      }
      if (whole.uses("version")) {
        throw new InvalidValueException(
            "MetricTemplate.deploymentQuery must not use {version}: it serves queries that name no"
                + " version");
      }
    }
  }

  /** Returns a template with a single query. */
  public static MetricTemplate of(String query) {
    return new MetricTemplate(query, null);
  }

  /** Returns a per-version query and a whole-deployment query for the same metric. */
  public static MetricTemplate of(String versionQuery, String deploymentQuery) {
    return new MetricTemplate(versionQuery, deploymentQuery);
  }

  private static PromQlTemplate parse(@Nullable String template, String field) {
    if (template == null || template.isBlank()) {
      throw new InvalidValueException(field + " must not be blank");
    }
    try {
      return PromQlTemplate.parse(template);
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException(field + " '" + template + "' is invalid: " + e.getMessage());
    }
  }
}
