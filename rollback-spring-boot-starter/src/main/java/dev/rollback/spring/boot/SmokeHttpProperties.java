package dev.rollback.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Settings of {@code rollback.smoke.http.*}: the smoke tester is configured when at least one check is listed.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class SmokeHttpProperties {
  /** The checks, run in order. */
  private final List<HttpCheckProperties> checks = new ArrayList<>();

  /** The connect timeout. */
  private @Nullable Duration connectTimeout;

  /** The deadline of one request. */
  private @Nullable Duration requestTimeout;

  /** Returns the checks, run in order. */
  public List<HttpCheckProperties> getChecks() {
    return checks;
  }

  /** Returns the connect timeout. */
  public @Nullable Duration getConnectTimeout() {
    return connectTimeout;
  }

  /** Sets the connect timeout. */
  public void setConnectTimeout(@Nullable Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /** Returns the deadline of one request. */
  public @Nullable Duration getRequestTimeout() {
    return requestTimeout;
  }

  /** Sets the deadline of one request. */
  public void setRequestTimeout(@Nullable Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }
}
