package dev.rollback.notify;

import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.HttpTimeouts;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How long a notifier waits for its destination in its one attempt per {@code send}: to connect,
 * and for the response once connected. Retrying is the engine's job (see {@link
 * dev.rollback.spi.Notifier}): a notifier says in its {@link NotificationDeliveryException}
 * whether a failure is worth retrying and what {@code Retry-After} the destination asked for.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()}; {@link Builder#build()} reports every
 * broken rule at once.
 */
public final class DeliveryPolicy {
  private static final HttpTimeouts DEFAULT_TIMEOUTS = new HttpTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(6));
  private static final DeliveryPolicy DEFAULTS = builder().build();

  private final HttpTimeouts timeouts;

  private DeliveryPolicy(HttpTimeouts timeouts) {
    this.timeouts = timeouts;
  }

  /**
   * Returns the defaults: connect 3 s, request 6 s, so that one attempt (9 s at most) ends within
   * the engine's default notification timeout of 10 s ({@code RollbackPolicy.notificationTimeout})
   * and the engine, not its timeout, sees why it failed.
   */
  public static DeliveryPolicy ofDefaults() {
    return DEFAULTS;
  }

  /** Returns a builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding the values of {@code existing}. */
  public static Builder builder(DeliveryPolicy existing) {
    return new Builder().timeouts(existing.timeouts);
  }

  /** Returns the connect and request timeouts of one attempt. */
  public HttpTimeouts timeouts() {
    return timeouts;
  }

  /** Returns how long to wait for a TCP/TLS connection: {@code timeouts().connectTimeout()}. */
  public Duration connectTimeout() {
    return timeouts.connectTimeout();
  }

  /** Returns how long to wait for a response once the request is sent: {@code timeouts().requestTimeout()}. */
  public Duration requestTimeout() {
    return timeouts.requestTimeout();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DeliveryPolicy p && p.timeouts.equals(timeouts);
  }

  @Override
  public int hashCode() {
    return timeouts.hashCode();
  }

  @Override
  public String toString() {
    return "DeliveryPolicy[connectTimeout=" + connectTimeout() + ", requestTimeout=" + requestTimeout() + "]";
  }

  /** Builds a {@link DeliveryPolicy}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private @Nullable Duration connectTimeout = DEFAULT_TIMEOUTS.connectTimeout();
    private @Nullable Duration requestTimeout = DEFAULT_TIMEOUTS.requestTimeout();

    private Builder() {}

    /** Sets {@link DeliveryPolicy#connectTimeout()}: positive, at most a year; default 3 s. */
    public Builder connectTimeout(@Nullable Duration value) {
      this.connectTimeout = value;
      return this;
    }

    /** Sets {@link DeliveryPolicy#requestTimeout()}: positive, at most a year; default 6 s. */
    public Builder requestTimeout(@Nullable Duration value) {
      this.requestTimeout = value;
      return this;
    }

    /** Sets both {@link DeliveryPolicy#timeouts()} at once; default 3 s and 6 s. */
    public Builder timeouts(HttpTimeouts value) {
      HttpTimeouts timeouts = Objects.requireNonNull(value, "timeouts must not be null");
      return connectTimeout(timeouts.connectTimeout()).requestTimeout(timeouts.requestTimeout());
    }

    /**
     * Returns the policy.
     *
     * @throws InvalidConfigurationException listing every broken rule
     */
    public DeliveryPolicy build() {
      ConfigProblems p = ConfigProblems.of("DeliveryPolicy");
      HttpTimeouts timeouts = HttpTimeouts.check(p, connectTimeout, requestTimeout);
      p.throwIfAny();
      return new DeliveryPolicy(Objects.requireNonNull(timeouts));
    }
  }
}
