package dev.rollback.core.postmortem.internal;

import dev.rollback.core.internal.Durations;
import java.time.Duration;
import java.time.Instant;

/**
 * Appends times and durations to a document exactly as {@link Instant#toString()}, {@link
 * Duration#toString()} and {@link Durations#format} write them, without building the intermediate
 * objects and strings for the common cases; any other case is delegated to those methods.
 */
final class Times {
  /** 9999-12-31T23:59:59Z: up to here every instant is written {@code yyyy-MM-ddTHH:mm:ss[.f]Z}. */
  private static final long LAST_FOUR_DIGIT_YEAR_SECOND = 253_402_300_799L;

  private static final int[] POWERS_OF_TEN = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

  private Times() {}

  /** Appends {@code t.toString()}: ISO-8601 in UTC, with 3, 6 or 9 fraction digits when there is a fraction. */
  static void instant(StringBuilder out, Instant t) {
    long secs = t.getEpochSecond();
    if (secs < 0 || secs > LAST_FOUR_DIGIT_YEAR_SECOND) {
      out.append(t);
      return;
    }
    long days = secs / 86_400;
    int secondOfDay = (int) (secs % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian).
    long z = days + 719_468;
    long era = z / 146_097;
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    digits(out, year, 4);
    out.append('-');
    digits(out, month, 2);
    out.append('-');
    digits(out, day, 2);
    out.append('T');
    digits(out, secondOfDay / 3600, 2);
    out.append(':');
    digits(out, secondOfDay / 60 % 60, 2);
    out.append(':');
    digits(out, secondOfDay % 60, 2);
    int nano = t.getNano();
    if (nano > 0) {
      out.append('.');
      if (nano % 1_000_000 == 0) {
        digits(out, nano / 1_000_000, 3);
      } else if (nano % 1000 == 0) {
        digits(out, nano / 1000, 6);
      } else {
        digits(out, nano, 9);
      }
    }
    out.append('Z');
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

  /** Appends {@code value} (0 or more) in decimal, left-padded with zeros to {@code width} digits (1 to 9). */
  private static void digits(StringBuilder out, int value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      out.append((char) ('0' + value / POWERS_OF_TEN[i] % 10));
    }
  }
}
