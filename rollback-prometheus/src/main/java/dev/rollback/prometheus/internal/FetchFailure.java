package dev.rollback.prometheus.internal;

import dev.rollback.prometheus.PrometheusException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * One failed step of a fetch, before the context (metric, deployment, query) is added. Internal and
 * checked, so that every path to the caller goes through {@link PrometheusFetcher}'s wrapping.
 */
final class FetchFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final Kind kind;
  private final String detail;
  private final boolean retryable;
  private final @Nullable String errorType;
  private final @Nullable String prometheusError;

  FetchFailure(
      Kind kind,
      boolean retryable,
      String detail,
      @Nullable String errorType,
      @Nullable String prometheusError,
      @Nullable Throwable cause) {
    super(detail, cause);
    this.kind = kind;
    this.detail = detail;
    this.retryable = retryable;
    this.errorType = errorType;
    this.prometheusError = prometheusError;
  }

  static FetchFailure malformed(String detail) {
    return new FetchFailure(Kind.MALFORMED_RESPONSE, false, detail, null, null, null);
  }

  /** Returns what went wrong, without context. */
  String detail() {
    return detail;
  }

  Kind kind() {
    return kind;
  }

  boolean retryable() {
    return retryable;
  }

  @Nullable String errorType() {
    return errorType;
  }

  @Nullable String prometheusError() {
    return prometheusError;
  }
}
