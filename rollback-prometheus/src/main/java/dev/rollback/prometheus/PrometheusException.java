package dev.rollback.prometheus;

import dev.rollback.spi.helpers.RollbackException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link PrometheusMetricsSource#fetch} when a metric cannot be read. The message names
 * the metric, the deployment, what failed and, where Prometheus answered with an error, its {@code
 * errorType} and {@code error}; it never contains credentials. A {@link RollbackException}, the
 * root of every exception the library and its adapters throw.
 */
public final class PrometheusException extends RollbackException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this is. */
  public enum Kind {
    /** The metric name is not configured. */
    UNKNOWN_METRIC,
    /**
     * The metric's templates cannot serve this query: it names a version and the template does not
     * use {@code {version}}, or it names none and there is no whole-deployment template.
     */
    UNSUPPORTED_QUERY,
    /** Prometheus rejected the query ({@code status: error}, e.g. {@code bad_data}). */
    QUERY_REJECTED,
    /** Prometheus (or a proxy in front of it) refused the credentials: HTTP 401 or 403. */
    AUTHENTICATION_FAILED,
    /** Prometheus could not be reached or stayed unavailable or too slow through every attempt. */
    UNAVAILABLE,
    /** The answer was not the JSON the Prometheus HTTP API documents. */
    MALFORMED_RESPONSE,
    /** The query returned more than one series; it must aggregate to one. */
    AMBIGUOUS_RESULT
  }

  private final Kind kind;
  private final String metric;
  private final @Nullable String errorType;
  private final @Nullable String prometheusError;

  /**
   * Creates the exception.
   *
   * @param kind the kind of failure
   * @param metric the logical metric name
   * @param message the full message, free of credentials
   * @param errorType Prometheus's {@code errorType}, or null when it sent none
   * @param prometheusError Prometheus's {@code error}, or null when it sent none
   * @param cause the underlying exception, or null
   */
  public PrometheusException(
      Kind kind,
      String metric,
      String message,
      @Nullable String errorType,
      @Nullable String prometheusError,
      @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.metric = metric;
    this.errorType = errorType;
    this.prometheusError = prometheusError;
  }

  /** Returns the kind of failure. */
  public Kind kind() {
    return kind;
  }

  /** Returns the logical metric name the failing fetch asked for. */
  public String metric() {
    return metric;
  }

  /** Returns Prometheus's {@code errorType} (e.g. {@code bad_data}), or null when it sent none. */
  public @Nullable String errorType() {
    return errorType;
  }

  /** Returns Prometheus's {@code error} text, or null when it sent none. */
  public @Nullable String prometheusError() {
    return prometheusError;
  }
}
