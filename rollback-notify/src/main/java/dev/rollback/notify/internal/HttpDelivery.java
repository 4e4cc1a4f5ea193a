package dev.rollback.notify.internal;

import dev.rollback.notify.DeliveryPolicy;
import dev.rollback.notify.NotificationDeliveryException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request to a destination until it is accepted ({@code 2xx}), retrying a {@code 429},
 * a {@code 5xx}, a timeout or a lost connection within the {@link DeliveryPolicy}'s budget, and
 * failing at once on any other status. Thread-safe; one instance per notifier.
 *
 * <p>Nothing it logs or throws contains the request's URI or headers: only the destination name,
 * statuses, and response excerpts and error messages passed through the {@link Redactor}.
 */
public final class HttpDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(HttpDelivery.class);
  private static final int EXCERPT = 200;

  private final String destination;
  private final DeliveryPolicy policy;
  private final Redactor redactor;
  private final Backoff backoff;
  private final HttpClient client;

  /** Creates a delivery for {@code destination} with random jitter and the system clock. */
  public HttpDelivery(String destination, DeliveryPolicy policy, Redactor redactor) {
    this(destination, policy, redactor, () -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC());
  }

  /** Creates a delivery with the given jitter source and clock (for HTTP-date Retry-After). */
  public HttpDelivery(
      String destination,
      DeliveryPolicy policy,
      Redactor redactor,
      DoubleSupplier random,
      Clock clock) {
    this.destination = destination;
    this.policy = policy;
    this.redactor = redactor;
    this.backoff = new Backoff(policy, random, clock);
    this.client = HttpClients.create(policy.connectTimeout());
  }

  /** Returns a request builder for {@code uri} with the policy's request timeout. */
  public HttpRequest.Builder request(java.net.URI uri) {
    return HttpRequest.newBuilder(uri).timeout(policy.requestTimeout());
  }

  /**
   * Sends {@code request} until it is accepted and returns the accepted response.
   *
   * @throws NotificationDeliveryException when it was refused or the attempts ran out
   * @throws InterruptedException if interrupted while sending or waiting to retry
   */
  public HttpResponse<String> send(HttpRequest request) throws InterruptedException {
    String lastProblem = "no attempt made";
    int lastStatus = -1;
    @Nullable Throwable lastCause = null;
    for (int attempt = 1; ; attempt++) {
      Optional<Duration> retryAfter = Optional.empty();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          if (attempt > 1) {
            LOG.info("{}: delivered on attempt {}", destination, attempt);
          }
          return response;
        }
        lastStatus = status;
        lastCause = null;
        lastProblem = "status " + status + excerpt(response.body());
        if (status != 429 && status < 500) {
          throw new NotificationDeliveryException(
              destination, attempt, status, false,
              destination + " refused the notification: " + lastProblem + " (not retried)", null);
        }
        retryAfter = backoff.retryAfter(response.headers().firstValue("Retry-After").orElse(null));
      } catch (IOException e) {
        lastStatus = -1;
        lastCause = redactor.safeCause(e);
        lastProblem = redactor.describe(e);
      }
      if (attempt >= policy.maxAttempts()) {
        throw exhausted(attempt, lastStatus, lastProblem, lastCause);
      }
      Duration delay = backoff.computed(attempt);
      if (retryAfter.isPresent()) {
        Duration asked = retryAfter.get();
        if (asked.compareTo(policy.maxRetryAfter()) > 0) {
          throw new NotificationDeliveryException(
              destination, attempt, lastStatus, true,
              destination + " did not accept the notification after " + attempt + " attempt(s): "
                  + lastProblem + "; Retry-After " + asked.toSeconds() + " s exceeds maxRetryAfter "
                  + policy.maxRetryAfter().toSeconds() + " s",
              null);
        }
        if (asked.compareTo(delay) > 0) {
          delay = asked;
        }
      }
      LOG.warn(
          "{}: attempt {} of {} failed ({}); retrying in {} ms",
          destination, attempt, policy.maxAttempts(), lastProblem, delay.toMillis());
      policy.sleeper().sleep(delay);
    }
  }

  private NotificationDeliveryException exhausted(
      int attempts, int lastStatus, String lastProblem, @Nullable Throwable cause) {
    return new NotificationDeliveryException(
        destination, attempts, lastStatus, true,
        destination + " did not accept the notification after " + attempts + " attempt(s): "
            + lastProblem,
        cause);
  }

  private String excerpt(@Nullable String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String oneLine = redactor.redact(body.strip()).replaceAll("\\s+", " ");
    return ": " + Text.truncate(oneLine, EXCERPT);
  }
}
