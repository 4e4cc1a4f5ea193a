package dev.rollback.spi;

/**
 * Delivers notifications to people: the rollback alert, escalations and the terminal notification
 * of every run.
 *
 * <p>Thread-safe. {@link #send} returns only after the destination accepted the notification, and
 * throws when it did not; the engine then retries with backoff, tries the next configured notifier,
 * and finally logs the notification at ERROR, recording every failure in the run's result. Sending
 * the same notification twice should not page twice: use {@link Notification#runId()} and {@link
 * Notification#kind()} as a deduplication key where the destination supports one.
 */
@FunctionalInterface
public interface Notifier {

  /**
   * Delivers {@code notification}, or throws an unchecked exception saying why it could not. The
   * exception's message must not contain credentials.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void send(Notification notification) throws InterruptedException;

  /** Returns a short name for journals and logs, e.g. "slack" or "pagerduty". */
  default String name() {
    return getClass().getSimpleName();
  }
}
