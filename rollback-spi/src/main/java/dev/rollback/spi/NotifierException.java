package dev.rollback.spi;

import dev.rollback.spi.helpers.RollbackException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a {@link Notifier} whose destination did not accept a notification, saying whether a
 * later attempt might succeed. The engine owns retrying: a notifier makes one delivery attempt per
 * {@link Notifier#send} call and throws this exception, and the engine reads {@link #retryable()}
 * and {@link #retryAfter()} to decide whether, and when, to call again. Any other exception out of
 * {@code send} is treated as retryable with the engine's own backoff.
 *
 * <p>The message names the destination and what went wrong and never contains a credential.
 */
public class NotifierException extends RollbackException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;
  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the destination, free of secrets
   * @param retryable whether a later attempt might succeed (a 429, a 5xx, a timeout, a lost
   *     connection); false for a refusal such as a 400 or a 403
   * @param retryAfter how long the destination asked the caller to wait before trying again, or
   *     null when it did not say
   * @param cause the underlying failure, free of secrets, or null
   */
  public NotifierException(
      String message, boolean retryable, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(message, cause);
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new InvalidValueException("NotifierException.retryAfter must not be negative but was " + retryAfter);
    }
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /** Returns whether a later attempt might succeed; the engine does not retry when it is false. */
  public boolean retryable() {
    return retryable;
  }

  /** Returns how long the destination asked to wait before the next attempt, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
