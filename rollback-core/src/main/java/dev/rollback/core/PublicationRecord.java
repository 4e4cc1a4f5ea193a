package dev.rollback.core;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One attempt to publish a run's postmortem.
 *
 * @param publisher the publisher's name, or {@code log} for the last-resort ERROR log entry
 * @param attempt 1 for the first attempt with this publisher
 * @param at when the attempt ended
 * @param published whether it was published
 * @param location where it was published, when the publisher said
 * @param error why not, when it was not
 */
public record PublicationRecord(
    String publisher, int attempt, Instant at, boolean published, @Nullable URI location, @Nullable String error) {
  /** Validates the fields. */
  public PublicationRecord {
    Objects.requireNonNull(publisher, "PublicationRecord.publisher");
    Objects.requireNonNull(at, "PublicationRecord.at");
    if (attempt < 1) {
      throw new IllegalArgumentException("PublicationRecord.attempt must be >= 1 but was " + attempt);
    }
  }
}
