package dev.rollback.spi.helpers;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How long an HTTP adapter waits for its destination: to open a connection (TCP and TLS), and for
 * the whole response once the request is sent. Each is positive and at most {@link
 * ConfigProblems#MAX_DURATION} (365 days); a setting may narrow that further with its own rule.
 * {@link HttpClients#client(HttpTimeouts)} and {@link HttpClients#request} apply the pair, so that
 * an adapter does not wire either by hand.
 *
 * <p>A configuration that holds a pair keeps its own builder setters for the two durations and
 * checks them with {@link #check(ConfigProblems, Duration, Duration)}, so that a bad timeout is
 * reported with the configuration's other problems and named {@code connectTimeout} or {@code
 * requestTimeout}, like every other field.
 *
 * <p>Immutable and thread-safe.
 *
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for a response once the request is sent; an attempt that
 *     waits longer fails
 */
public record HttpTimeouts(Duration connectTimeout, Duration requestTimeout) {
  private static final HttpTimeouts DEFAULTS = new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));

  /**
   * Validates both timeouts at once.
   *
   * @throws InvalidConfigurationException of configuration {@code HttpTimeouts}, listing each
   *     timeout that is null, zero, negative or longer than 365 days
   */
  public HttpTimeouts {
    ConfigProblems problems = ConfigProblems.of("HttpTimeouts");
    valid(problems, connectTimeout, requestTimeout);
    problems.throwIfAny();
  }

  /** Returns the defaults: connect 5 s, request 10 s. */
  public static HttpTimeouts ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Returns a copy with {@code value} as the connect timeout.
   *
   * @throws InvalidConfigurationException if {@code value} is null, not positive or longer than
   *     365 days
   */
  public HttpTimeouts withConnectTimeout(Duration value) {
    return new HttpTimeouts(value, requestTimeout);
  }

  /**
   * Returns a copy with {@code value} as the request timeout.
   *
   * @throws InvalidConfigurationException if {@code value} is null, not positive or longer than
   *     365 days
   */
  public HttpTimeouts withRequestTimeout(Duration value) {
    return new HttpTimeouts(connectTimeout, value);
  }

  /**
   * Checks a pair as a builder holds it, recording into {@code problems} each broken rule under the
   * field names {@code connectTimeout} and {@code requestTimeout} (present, positive, at most 365
   * days), and returns the pair when both hold.
   *
   * @return the timeouts, or null when a problem was recorded
   */
  public static @Nullable HttpTimeouts check(
      ConfigProblems problems, @Nullable Duration connectTimeout, @Nullable Duration requestTimeout) {
    Objects.requireNonNull(problems, "problems");
    return valid(problems, connectTimeout, requestTimeout) && connectTimeout != null && requestTimeout != null
        ? new HttpTimeouts(connectTimeout, requestTimeout)
        : null;
  }

  /** Records what is wrong with the pair; answers whether nothing is. Checks both, not the first. */
  private static boolean valid(
      ConfigProblems problems, @Nullable Duration connectTimeout, @Nullable Duration requestTimeout) {
    boolean connectOk = problems.within("connectTimeout", connectTimeout);
    boolean requestOk = problems.within("requestTimeout", requestTimeout);
    return connectOk && requestOk;
  }
}
