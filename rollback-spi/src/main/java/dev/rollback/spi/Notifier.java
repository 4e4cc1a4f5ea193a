package dev.rollback.spi;

/**
 * Delivers notifications to people: the rollback alert, escalations and the terminal notification
 * of every run.
 *
 * <p>Thread-safe. {@link #send} makes one delivery attempt: it returns only after the destination
 * accepted the notification, and throws when it did not, preferably a {@link NotifierException}
 * saying whether a later attempt might succeed and when. The engine owns retrying: it calls again
 * with backoff while the failure is retryable and attempts and time are left (honouring the
 * destination's {@code Retry-After}), then tries the next configured notifier, and finally logs the
 * notification at ERROR, recording every failure in the run's result. A notifier must not retry
 * inside {@code send}: its retries would race the engine's timeout. Sending
 * the same notification twice should not page twice: use {@link Notification#runId()} and {@link
 * Notification#kind()} as a deduplication key where the destination supports one.
 */
@FunctionalInterface
public interface Notifier {

  /**
   * Delivers {@code notification} in one attempt, or throws an unchecked exception saying why it
   * could not: a {@link NotifierException} when the notifier knows whether trying again could help.
   * The exception's message must not contain credentials.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void send(Notification notification) throws InterruptedException;

  /** Returns a short name for journals and logs, e.g. "slack" or "pagerduty". */
  default String name() {
    return getClass().getSimpleName();
  }
}
