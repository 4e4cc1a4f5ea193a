package dev.rollback.spring.boot;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code connect-timeout} and {@code request-timeout} of an HTTP adapter's group, shared by
 * {@code rollback.smoke.http.*} and {@code rollback.prometheus.*}. A timeout left unset keeps the
 * adapter's default; the adapter's builder validates what is set (see {@link
 * dev.rollback.spi.helpers.HttpTimeouts}).
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public abstract class HttpTimeoutProperties {
  /** The connect timeout; unset keeps the adapter's default. */
  private @Nullable Duration connectTimeout;

  /** The deadline of one request; unset keeps the adapter's default. */
  private @Nullable Duration requestTimeout;

  /** Creates the properties with both timeouts unset. */
  protected HttpTimeoutProperties() {}

  /** Returns the connect timeout; unset keeps the adapter's default. */
  public @Nullable Duration getConnectTimeout() {
    return connectTimeout;
  }

  /** Sets the connect timeout; unset keeps the adapter's default. */
  public void setConnectTimeout(@Nullable Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /** Returns the deadline of one request; unset keeps the adapter's default. */
  public @Nullable Duration getRequestTimeout() {
    return requestTimeout;
  }

  /** Sets the deadline of one request; unset keeps the adapter's default. */
  public void setRequestTimeout(@Nullable Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  /**
   * Hands each timeout that is set to its setter, typically a builder's, e.g. {@code
   * applyTo(builder::connectTimeout, builder::requestTimeout)}; an unset one is left to the
   * builder's default.
   */
  public void applyTo(Consumer<Duration> connectTimeout, Consumer<Duration> requestTimeout) {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Duration connect = this.connectTimeout;
    if (connect != null) {
      connectTimeout.accept(connect);
    }
    Duration request = this.requestTimeout;
    if (request != null) {
      requestTimeout.accept(request);
    }
  }
}
