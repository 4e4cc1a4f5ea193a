package dev.rollback.spi.helpers;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP client the library's HTTP adapters share (notifiers, the HTTP smoke tester, the
 * Prometheus source), so that each makes the same choices: HTTP/1.1, the JDK's default proxy
 * selection, a connect timeout, and no redirects followed: a redirect would carry a signed body,
 * a token or a check's headers to a place nobody configured (and a smoke check may expect a 3xx).
 * Request timeouts are per request ({@code HttpRequest.Builder.timeout}), so they are not set here.
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
}
