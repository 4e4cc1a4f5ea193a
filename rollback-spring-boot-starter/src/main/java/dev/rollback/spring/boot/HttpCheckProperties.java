package dev.rollback.spring.boot;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP smoke check: {@code rollback.smoke.http.checks[i].*}.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class HttpCheckProperties {
  /** The check's name in journals. */
  private @Nullable String name;

  /** The URL template, e.g. {@code http://{service}.{namespace}.svc/health}. */
  private @Nullable String url;

  /** The HTTP method. */
  private String method = "GET";

  /** The status the answer must have. */
  private @Nullable Integer expectedStatus;

  /** Text the body must contain. */
  private @Nullable String bodyContains;

  /** How long the answer may take. */
  private @Nullable Duration maxLatency;

  /** Returns the check's name in journals. */
  public @Nullable String getName() {
    return name;
  }

  /** Sets the check's name in journals. */
  public void setName(@Nullable String name) {
    this.name = name;
  }

  /** Returns the URL template, e.g. {@code http://{service}.{namespace}.svc/health}. */
  public @Nullable String getUrl() {
    return url;
  }

  /** Sets the URL template, e.g. {@code http://{service}.{namespace}.svc/health}. */
  public void setUrl(@Nullable String url) {
    this.url = url;
  }

  /** Returns the HTTP method. */
  public String getMethod() {
    return method;
  }

  /** Sets the HTTP method. */
  public void setMethod(String method) {
    this.method = method;
  }

  /** Returns the status the answer must have. */
  public @Nullable Integer getExpectedStatus() {
    return expectedStatus;
  }

  /** Sets the status the answer must have. */
  public void setExpectedStatus(@Nullable Integer expectedStatus) {
    this.expectedStatus = expectedStatus;
  }

  /** Returns text the body must contain. */
  public @Nullable String getBodyContains() {
    return bodyContains;
  }

  /** Sets text the body must contain. */
  public void setBodyContains(@Nullable String bodyContains) {
    this.bodyContains = bodyContains;
  }

  /** Returns how long the answer may take. */
  public @Nullable Duration getMaxLatency() {
    return maxLatency;
  }

  /** Sets how long the answer may take. */
  public void setMaxLatency(@Nullable Duration maxLatency) {
    this.maxLatency = maxLatency;
  }
}
