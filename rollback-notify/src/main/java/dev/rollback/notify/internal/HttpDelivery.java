package dev.rollback.notify.internal;

import dev.rollback.spi.helpers.HttpClients;
import dev.rollback.notify.DeliveryPolicy;
import dev.rollback.notify.NotificationDeliveryException;
import dev.rollback.spi.helpers.Causes;
import dev.rollback.spi.helpers.Excerpt;
import dev.rollback.spi.helpers.Redactor;
import dev.rollback.spi.helpers.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Sends one request to a destination, once: returns the response when it was accepted ({@code
 * 2xx}), and otherwise throws a {@link NotificationDeliveryException} saying whether a later
 * attempt may succeed ({@code 429}, {@code 5xx}, a timeout, a lost connection) with the
 * destination's {@code Retry-After}, or not (any other status). It never retries: the engine owns
 * retrying (see {@link dev.rollback.spi.Notifier}). Thread-safe; one instance per notifier.
 *
 * <p>Nothing it throws contains the request's URI or headers: only the destination name, the
 * status, and response excerpts and error messages passed through the {@link Redactor}.
 */
public final class HttpDelivery {
  private static final int EXCERPT = 200;

  private final String destination;
  private final DeliveryPolicy policy;
  private final Redactor redactor;
  private final Clock clock;
  private final HttpClient client;

  /** Creates a delivery for {@code destination} that reads HTTP-date Retry-Afters against the system clock. */
  public HttpDelivery(String destination, DeliveryPolicy policy, Redactor redactor) {
    this(destination, policy, redactor, Clock.systemUTC());
  }

  /** Creates a delivery that measures an HTTP-date {@code Retry-After} from {@code clock}. */
  public HttpDelivery(String destination, DeliveryPolicy policy, Redactor redactor, Clock clock) {
    this.destination = destination;
    this.policy = policy;
    this.redactor = redactor;
    this.clock = clock;
    this.client = HttpClients.client(policy.timeouts());
  }

  /** Returns a request builder for {@code uri} with the policy's request timeout. */
  public HttpRequest.Builder request(URI uri) {
    return HttpClients.request(uri, policy.timeouts());
  }

  /**
   * Sends {@code request} once and returns the accepted response.
   *
   * @throws NotificationDeliveryException when it was not accepted: {@linkplain
   *     NotificationDeliveryException#retryable() retryable} for a 429, a 5xx, a timeout or an I/O
   *     failure, not for any other status
   * @throws InterruptedException if interrupted while sending
   */
  public HttpResponse<String> send(HttpRequest request) throws InterruptedException {
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new NotificationDeliveryException(
          destination, 1, -1, true, null,
          destination + " did not accept the notification: " + Causes.describe(e, redactor),
          redactor.safeCause(e));
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response;
    }
    String problem = "status " + status + excerpt(response.body());
    if (status != 429 && status < 500) {
      throw new NotificationDeliveryException(
          destination, 1, status, false, null,
          destination + " refused the notification: " + problem + " (not retried)", null);
    }
    @Nullable Duration retryAfter =
        RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant())
            .orElse(null);
    throw new NotificationDeliveryException(
        destination, 1, status, true, retryAfter,
        destination + " did not accept the notification: " + problem
            + (retryAfter == null ? "" : "; Retry-After " + retryAfter.toSeconds() + " s"),
        null);
  }

  private String excerpt(@Nullable String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    return ": " + Excerpt.of(body, EXCERPT, redactor);
  }
}
