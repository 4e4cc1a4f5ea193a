package dev.rollback.notify;

import dev.rollback.notify.internal.Problems;
import java.time.Duration;

/**
 * How a notifier delivers one notification over HTTP: timeouts, and the bounded retry budget for
 * answers worth retrying ({@code 429}, {@code 5xx}, a timeout, a lost connection).
 *
 * <p>The delay before retry {@code n} (1-based) is {@code min(maxBackoff, initialBackoff * 2^(n-1))},
 * shortened by a random fraction of at most {@code jitter} so that many senders do not retry in
 * step, and raised to the server's {@code Retry-After} when it asks for longer. A {@code
 * Retry-After} longer than {@code maxRetryAfter} ends the attempts at once rather than retrying
 * early. The engine retries a throwing notifier too, so the defaults are small: 3 attempts, at most
 * about 1.5 s of backoff.
 *
 * @param connectTimeout how long to wait for a TCP/TLS connection
 * @param requestTimeout how long to wait for a response once connected
 * @param maxAttempts attempts in total, 1 (no retry) to 10
 * @param initialBackoff the delay before the first retry, positive
 * @param maxBackoff the longest computed delay, not less than {@code initialBackoff}
 * @param jitter the largest fraction (0 to 1) by which a delay is randomly shortened
 * @param maxRetryAfter the longest {@code Retry-After} the notifier waits for, not negative
 * @param sleeper how the notifier waits; {@link Sleeper#system()} outside tests
 */
public record DeliveryPolicy(
    Duration connectTimeout,
    Duration requestTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    double jitter,
    Duration maxRetryAfter,
    Sleeper sleeper) {

  /** Validates every field and reports every broken rule at once. */
  public DeliveryPolicy {
    Problems p = new Problems();
    p.positive(connectTimeout, "DeliveryPolicy.connectTimeout");
    p.positive(requestTimeout, "DeliveryPolicy.requestTimeout");
    p.between(maxAttempts, 1, 10, "DeliveryPolicy.maxAttempts");
    p.positive(initialBackoff, "DeliveryPolicy.initialBackoff");
    p.positive(maxBackoff, "DeliveryPolicy.maxBackoff");
    if (initialBackoff != null && maxBackoff != null) {
      p.check(
          maxBackoff.compareTo(initialBackoff) < 0,
          "DeliveryPolicy.maxBackoff (" + maxBackoff + ") must not be less than"
              + " DeliveryPolicy.initialBackoff (" + initialBackoff + ")");
    }
    p.check(
        !(jitter >= 0 && jitter <= 1),
        "DeliveryPolicy.jitter must be between 0 and 1 but was " + jitter);
    p.notNegative(maxRetryAfter, "DeliveryPolicy.maxRetryAfter");
    p.present(sleeper, "DeliveryPolicy.sleeper");
    p.throwIfAny();
  }

  /**
   * Returns the defaults: connect 5 s, request 10 s, 3 attempts, backoff 500 ms doubling to at most
   * 5 s, jitter 0.5, honour {@code Retry-After} up to 30 s, the system sleeper.
   */
  public static DeliveryPolicy ofDefaults() {
    return builder().build();
  }

  /** Returns a builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding the values of {@code existing}. */
  public static Builder builder(DeliveryPolicy existing) {
    Builder b = new Builder();
    b.connectTimeout = existing.connectTimeout;
    b.requestTimeout = existing.requestTimeout;
    b.maxAttempts = existing.maxAttempts;
    b.initialBackoff = existing.initialBackoff;
    b.maxBackoff = existing.maxBackoff;
    b.jitter = existing.jitter;
    b.maxRetryAfter = existing.maxRetryAfter;
    b.sleeper = existing.sleeper;
    return b;
  }

  /** Builds a {@link DeliveryPolicy}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private double jitter = 0.5;
    private Duration maxRetryAfter = Duration.ofSeconds(30);
    private Sleeper sleeper = Sleeper.system();

    private Builder() {}

    /** Sets {@link DeliveryPolicy#connectTimeout()}. */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    /** Sets {@link DeliveryPolicy#requestTimeout()}. */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    /** Sets {@link DeliveryPolicy#maxAttempts()}. */
    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /** Sets {@link DeliveryPolicy#initialBackoff()}. */
    public Builder initialBackoff(Duration value) {
      this.initialBackoff = value;
      return this;
    }

    /** Sets {@link DeliveryPolicy#maxBackoff()}. */
    public Builder maxBackoff(Duration value) {
      this.maxBackoff = value;
      return this;
    }

    /** Sets {@link DeliveryPolicy#jitter()}. */
    public Builder jitter(double value) {
      this.jitter = value;
      return this;
    }

    /** Sets {@link DeliveryPolicy#maxRetryAfter()}. */
    public Builder maxRetryAfter(Duration value) {
      this.maxRetryAfter = value;
      return this;
    }

    /** Sets {@link DeliveryPolicy#sleeper()}. */
    public Builder sleeper(Sleeper value) {
      this.sleeper = value;
      return this;
    }

    /**
     * Returns the policy.
     *
     * @throws InvalidConfigException listing every broken rule
     */
    public DeliveryPolicy build() {
      return new DeliveryPolicy(
          connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, jitter,
          maxRetryAfter, sleeper);
    }
  }
}
