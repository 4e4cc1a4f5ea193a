package dev.rollback.core.postmortem;

import dev.rollback.core.internal.format.Durations;
import dev.rollback.core.internal.format.UtcTimes;
import java.time.Duration;
import java.time.Instant;

/**
 * Appends times and durations to a document exactly as {@link Instant#toString()}, {@link
 * Duration#toString()} and {@link Durations#format} write them, without building the intermediate
 * objects and strings for the common cases; any other case is delegated to those methods.
 */
final class Times {
  private Times() {}

  /** Appends {@code t.toString()}: ISO-8601 in UTC, with 3, 6 or 9 fraction digits when there is a fraction. */
  static void instant(StringBuilder out, Instant t) {
    UtcTimes.iso(out, t);
  }

  /** Appends {@code d.toString()} (ISO-8601, e.g. {@code PT0S}). */
  static void iso(StringBuilder out, Duration d) {
    out.append(d.isZero() ? "PT0S" : d.toString());
  }

  /** Appends {@link Durations#format Durations.format(d)}, e.g. {@code 250ms} or {@code 1m 2s}. */
  static void forPeople(StringBuilder out, Duration d) {
    if (!d.isNegative() && d.getSeconds() == 0) {
      out.append(d.getNano() / 1_000_000).append("ms");
    } else {
      out.append(Durations.format(d));
    }
  }
}
