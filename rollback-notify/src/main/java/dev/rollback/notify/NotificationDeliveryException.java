package dev.rollback.notify;

import dev.rollback.spi.NotifierException;
import java.time.Duration;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a notifier of this module when its destination did not accept a notification: it
 * refused it (a {@code 4xx} other than {@code 429}: not {@linkplain #retryable() retryable}), or
 * the attempt failed in a way a later attempt may not ({@code 429}, a {@code 5xx}, a timeout, a
 * lost connection: retryable, with the destination's {@code Retry-After} in {@link
 * #retryAfter()} when it sent one). The HTTP notifiers make one attempt per {@code send}; the
 * engine reads {@link #retryable()} and {@link #retryAfter()} to decide whether and when to send
 * again.
 *
 * <p>The message names the destination (e.g. {@code slack}, {@code pagerduty}) and what went wrong
 * (a status and a short, redacted excerpt of the response, or the kind of I/O failure); it never
 * contains a URL, routing key, token or other secret. A cause is attached only when its own
 * messages contain no secret.
 */
public class NotificationDeliveryException extends NotifierException {
  private static final long serialVersionUID = 1L;

  private final String destination;
  private final int attempts;
  private final int lastStatus;

  /**
   * Creates the exception.
   *
   * @param destination the notifier's name
   * @param attempts how many requests were sent
   * @param lastStatus the last HTTP status received, or -1 when none was
   * @param retryable whether a later attempt might succeed (the failure was a 429, a 5xx, a
   *     timeout or a lost connection)
   * @param retryAfter how long the destination asked to wait before the next attempt, or null
   * @param message what went wrong, free of secrets
   * @param cause the underlying failure, free of secrets, or null
   */
  public NotificationDeliveryException(
      String destination,
      int attempts,
      int lastStatus,
      boolean retryable,
      @Nullable Duration retryAfter,
      String message,
      @Nullable Throwable cause) {
    super(message, retryable, retryAfter, cause);
    this.destination = destination;
    this.attempts = attempts;
    this.lastStatus = lastStatus;
  }

  /**
   * Creates the exception without a {@code Retry-After}.
   *
   * @see #NotificationDeliveryException(String, int, int, boolean, Duration, String, Throwable)
   */
  public NotificationDeliveryException(
      String destination,
      int attempts,
      int lastStatus,
      boolean retryable,
      String message,
      @Nullable Throwable cause) {
    this(destination, attempts, lastStatus, retryable, null, message, cause);
  }

  /** Returns the name of the destination that did not accept the notification. */
  public String destination() {
    return destination;
  }

  /** Returns how many requests were sent: one for an HTTP notifier, one per destination tried for a router. */
  public int attempts() {
    return attempts;
  }

  /** Returns the last HTTP status received, if any was. */
  public OptionalInt lastStatus() {
    return lastStatus < 0 ? OptionalInt.empty() : OptionalInt.of(lastStatus);
  }
}
