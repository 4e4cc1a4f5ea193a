package dev.rollback.core;

import dev.rollback.spi.Audience;
import dev.rollback.spi.NotificationKind;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One attempt to deliver a notification.
 *
 * @param kind which notification
 * @param audience who it was for
 * @param notifier the notifier's name, or {@code log} for the last-resort ERROR log line
 * @param attempt 1 for the first attempt with this notifier
 * @param at when the attempt ended
 * @param delivered whether it was delivered
 * @param error why not, when it was not
 */
public record NotificationRecord(
    NotificationKind kind,
    Audience audience,
    String notifier,
    int attempt,
    Instant at,
    boolean delivered,
    @Nullable String error) {
  /** Validates the fields. */
  public NotificationRecord {
    Objects.requireNonNull(kind, "NotificationRecord.kind");
    Objects.requireNonNull(audience, "NotificationRecord.audience");
    Objects.requireNonNull(notifier, "NotificationRecord.notifier");
    Objects.requireNonNull(at, "NotificationRecord.at");
    if (attempt < 1) {
      throw new IllegalArgumentException("NotificationRecord.attempt must be >= 1 but was " + attempt);
    }
  }
}
