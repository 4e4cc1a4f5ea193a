package dev.rollback.notify.internal;

import java.net.http.HttpClient;
import java.time.Duration;

/** Creates the HTTP clients the adapters use: HTTP/1.1, no redirects, no proxy, a connect timeout. */
final class HttpClients {
  private HttpClients() {}

  /**
   * Returns a client that never follows redirects: a redirect would carry a signed body or a
   * token to a place nobody configured.
   */
  static HttpClient create(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .build();
  }
}
