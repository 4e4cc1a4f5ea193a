package dev.rollback.spring.boot;

import org.jspecify.annotations.Nullable;

/**
 * The PromQL templates of one metric: {@code rollback.prometheus.metrics.<name>.*}.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class MetricQueryProperties {
  /** The PromQL template of the version's series. */
  private @Nullable String query;

  /** The PromQL template of the whole deployment's series, if it differs. */
  private @Nullable String deploymentQuery;

  /** Returns the PromQL template of the version's series. */
  public @Nullable String getQuery() {
    return query;
  }

  /** Sets the PromQL template of the version's series. */
  public void setQuery(@Nullable String query) {
    this.query = query;
  }

  /** Returns the PromQL template of the whole deployment's series, if it differs. */
  public @Nullable String getDeploymentQuery() {
    return deploymentQuery;
  }

  /** Sets the PromQL template of the whole deployment's series, if it differs. */
  public void setDeploymentQuery(@Nullable String deploymentQuery) {
    this.deploymentQuery = deploymentQuery;
  }
}
