package dev.rollback.smoke.http;

import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.HttpTimeouts;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SmokeTesters#http} checks and how long it waits.
 *
 * <p>Immutable and thread-safe. Build with {@link #of(HttpCheck...)} or {@link #builder()}; {@link
 * Builder#build()} reports every broken rule at once.
 */
public final class HttpSmokeConfig {
  private final List<HttpCheck> checks;
  private final HttpTimeouts timeouts;

  private HttpSmokeConfig(List<HttpCheck> checks, HttpTimeouts timeouts) {
    this.checks = checks;
    this.timeouts = timeouts;
  }

  /** Returns a configuration of {@code checks} with 5 s connect and 10 s request timeouts. */
  public static HttpSmokeConfig of(HttpCheck... checks) {
    return builder().checks(Arrays.asList(checks)).build();
  }

  /** Returns a builder with no checks and 5 s connect and 10 s request timeouts. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding the settings of {@code existing}. */
  public static Builder builder(HttpSmokeConfig existing) {
    return new Builder().checks(existing.checks).timeouts(existing.timeouts);
  }

  /**
   * Returns a copy with the given timeouts.
   *
   * @throws InvalidConfigurationException if either is null, not positive or longer than 365 days
   */
  public HttpSmokeConfig withTimeouts(Duration connect, Duration request) {
    return builder(this).connectTimeout(connect).requestTimeout(request).build();
  }

  /**
   * Returns the checks, run in order; at least one, with distinct {@linkplain
   * HttpCheck#displayName() names}. Unmodifiable.
   */
  public List<HttpCheck> checks() {
    return checks;
  }

  /** Returns the connect and request timeouts of each attempt (default 5 s and 10 s). */
  public HttpTimeouts timeouts() {
    return timeouts;
  }

  /** Returns how long to wait for a connection: {@code timeouts().connectTimeout()}. */
  public Duration connectTimeout() {
    return timeouts.connectTimeout();
  }

  /**
   * Returns how long to wait for a response; an attempt that waits longer fails: {@code
   * timeouts().requestTimeout()}.
   */
  public Duration requestTimeout() {
    return timeouts.requestTimeout();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HttpSmokeConfig c && c.checks.equals(checks) && c.timeouts.equals(timeouts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(checks, timeouts);
  }

  @Override
  public String toString() {
    return "HttpSmokeConfig[checks=" + checks + ", connectTimeout=" + connectTimeout()
        + ", requestTimeout=" + requestTimeout() + "]";
  }

  /** Builds an {@link HttpSmokeConfig}; {@link #build()} validates and copies. Not thread-safe. */
  public static final class Builder {
    private final List<@Nullable HttpCheck> checks = new ArrayList<>();
    private @Nullable Duration connectTimeout = HttpTimeouts.ofDefaults().connectTimeout();
    private @Nullable Duration requestTimeout = HttpTimeouts.ofDefaults().requestTimeout();

    private Builder() {}

    /** Adds {@code check} after those added so far. */
    public Builder check(@Nullable HttpCheck check) {
      this.checks.add(check);
      return this;
    }

    /** Replaces the checks with {@code value}. */
    public Builder checks(List<? extends @Nullable HttpCheck> value) {
      this.checks.clear();
      this.checks.addAll(value);
      return this;
    }

    /** Sets {@link HttpSmokeConfig#connectTimeout()}; default 5 s. */
    public Builder connectTimeout(@Nullable Duration value) {
      this.connectTimeout = value;
      return this;
    }

    /** Sets {@link HttpSmokeConfig#requestTimeout()}; default 10 s. */
    public Builder requestTimeout(@Nullable Duration value) {
      this.requestTimeout = value;
      return this;
    }

    /** Sets both {@link HttpSmokeConfig#timeouts()} at once; default 5 s and 10 s. */
    public Builder timeouts(HttpTimeouts value) {
      HttpTimeouts timeouts = Objects.requireNonNull(value, "timeouts must not be null");
      return connectTimeout(timeouts.connectTimeout()).requestTimeout(timeouts.requestTimeout());
    }

    /**
     * Returns the configuration.
     *
     * @throws InvalidConfigurationException listing every broken rule
     */
    public HttpSmokeConfig build() {
      ConfigProblems p = ConfigProblems.of("HttpSmokeConfig");
      p.check(checks.isEmpty(), "checks must not be empty");
      Set<String> names = new HashSet<>();
      List<HttpCheck> copy = new ArrayList<>();
      for (int i = 0; i < checks.size(); i++) {
        HttpCheck check = checks.get(i);
        if (p.present("checks[" + i + "]", check) && check != null) {
          p.check(!names.add(check.displayName()), "checks[" + i + "] repeats the name '"
              + check.displayName() + "'; give the checks distinct names");
          copy.add(check);
        }
      }
      HttpTimeouts timeouts = HttpTimeouts.check(p, connectTimeout, requestTimeout);
      p.throwIfAny();
      return new HttpSmokeConfig(List.copyOf(copy), Objects.requireNonNull(timeouts));
    }
  }
}
