package dev.rollback.spi.helpers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP client the library's HTTP adapters share (notifiers, the HTTP smoke tester, the
 * Prometheus source), so that each makes the same choices: HTTP/1.1, the JDK's default proxy
 * selection, a connect timeout, and no redirects followed: a redirect would carry a signed body,
 * a token or a check's headers to a place nobody configured (and a smoke check may expect a 3xx).
 * Request timeouts are per request ({@code HttpRequest.Builder.timeout}): {@link #request(URI,
 * HttpTimeouts)} sets the one of an adapter's {@link HttpTimeouts}, {@link #client(HttpTimeouts)}
 * its connect timeout, so that no adapter wires either by hand.
 */
public final class HttpClients {
  private HttpClients() {}

  /**
   * Returns a new client that never follows redirects and gives up connecting after {@code
   * connectTimeout}. Thread-safe, like every {@link HttpClient}.
   *
   * @throws IllegalArgumentException if {@code connectTimeout} is zero or negative
   */
  public static HttpClient noRedirects(Duration connectTimeout) {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .build();
  }

  /**
   * Returns a new client as {@link #noRedirects(Duration)} makes it, giving up connecting after
   * {@code timeouts.connectTimeout()}. Thread-safe, like every {@link HttpClient}.
   */
  public static HttpClient client(HttpTimeouts timeouts) {
    Objects.requireNonNull(timeouts, "timeouts");
    return noRedirects(timeouts.connectTimeout());
  }

  /**
   * Returns a new request builder for {@code uri} whose request fails with an {@code
   * HttpTimeoutException} when no response arrives within {@code timeouts.requestTimeout()}; the
   * caller adds the method, headers and body. Not thread-safe, like every {@link
   * HttpRequest.Builder}.
   *
   * @throws IllegalArgumentException if {@code uri} is not an http or https URI
   */
  public static HttpRequest.Builder request(URI uri, HttpTimeouts timeouts) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(timeouts, "timeouts");
    return HttpRequest.newBuilder(uri).timeout(timeouts.requestTimeout());
  }
}
