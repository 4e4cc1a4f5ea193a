package dev.rollback.smoke.http;

import dev.rollback.spi.helpers.ConfigProblems;
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
  private final Duration connectTimeout;
  private final Duration requestTimeout;

  private HttpSmokeConfig(List<HttpCheck> checks, Duration connectTimeout, Duration requestTimeout) {
    this.checks = checks;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
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
    return new Builder()
        .checks(existing.checks)
        .connectTimeout(existing.connectTimeout)
        .requestTimeout(existing.requestTimeout);
  }

  /** Returns a copy with the given timeouts. */
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

  /** Returns how long to wait for a connection. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Returns how long to wait for a response; an attempt that waits longer fails. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HttpSmokeConfig c
        && c.checks.equals(checks)
        && c.connectTimeout.equals(connectTimeout)
        && c.requestTimeout.equals(requestTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(checks, connectTimeout, requestTimeout);
  }

  @Override
  public String toString() {
    return "HttpSmokeConfig[checks=" + checks + ", connectTimeout=" + connectTimeout
        + ", requestTimeout=" + requestTimeout + "]";
  }

  /** Builds an {@link HttpSmokeConfig}; {@link #build()} validates and copies. Not thread-safe. */
  public static final class Builder {
    private final List<@Nullable HttpCheck> checks = new ArrayList<>();
    private @Nullable Duration connectTimeout = Duration.ofSeconds(5);
    private @Nullable Duration requestTimeout = Duration.ofSeconds(10);

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
      p.within("connectTimeout", connectTimeout);
      p.within("requestTimeout", requestTimeout);
      p.throwIfAny();
      return new HttpSmokeConfig(
          List.copyOf(copy), Objects.requireNonNull(connectTimeout), Objects.requireNonNull(requestTimeout));
    }
  }
}
