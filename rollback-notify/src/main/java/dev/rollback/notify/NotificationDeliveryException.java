package dev.rollback.notify;

import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a notifier when a destination did not accept a notification after the attempts its
 * {@link DeliveryPolicy} allows, or refused it outright (a {@code 4xx} other than {@code 429}).
 *
 * <p>The message names the destination (e.g. {@code slack}, {@code pagerduty}), the attempts made
 * and the last thing that went wrong (a status and a short, redacted excerpt of the response, or
 * the kind of I/O failure); it never contains a URL, routing key, token or other secret. A cause is
 * attached only when its own messages contain no secret.
 */
public class NotificationDeliveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String destination;
  private final int attempts;
  private final int lastStatus;
  private final boolean retryable;

  /**
   * Creates the exception.
   *
   * @param destination the notifier's name
   * @param attempts how many requests were sent
   * @param lastStatus the last HTTP status received, or -1 when none was
   * @param retryable whether a later attempt might succeed (the last failure was a 429, a 5xx, a
   *     timeout or a lost connection)
   * @param message what went wrong, free of secrets
   * @param cause the last underlying failure, free of secrets, or null
   */
  public NotificationDeliveryException(
      String destination,
      int attempts,
      int lastStatus,
      boolean retryable,
      String message,
      @Nullable Throwable cause) {
    super(message, cause);
    this.destination = destination;
    this.attempts = attempts;
    this.lastStatus = lastStatus;
    this.retryable = retryable;
  }

  /** Returns the name of the destination that did not accept the notification. */
  public String destination() {
    return destination;
  }

  /** Returns how many requests were sent. */
  public int attempts() {
    return attempts;
  }

  /** Returns the last HTTP status received, if any was. */
  public OptionalInt lastStatus() {
    return lastStatus < 0 ? OptionalInt.empty() : OptionalInt.of(lastStatus);
  }

  /** Returns whether a later attempt might succeed; false for a refusal such as {@code 400}. */
  public boolean retryable() {
    return retryable;
  }
}
