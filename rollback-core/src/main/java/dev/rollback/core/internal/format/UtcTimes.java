package dev.rollback.core.internal.format;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Appends instants in UTC to a builder exactly as {@link Instant#toString()} or a {@link
 * DateTimeFormatter} of {@code yyyyMMdd'T'HHmmss'Z'} write them, without the intermediate objects
 * and strings, for the instants of years 1970 to 9999; any other instant is delegated to those
 * methods. Stateless and thread-safe.
 */
public final class UtcTimes {
  /** The compact form of run ids and file names: {@code 20261127T071800Z}. */
  public static final DateTimeFormatter COMPACT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** 9999-12-31T23:59:59Z: up to here every instant is written with a four-digit year. */
  private static final long LAST_FOUR_DIGIT_YEAR_SECOND = 253_402_300_799L;

  private UtcTimes() {}

  /** Appends {@code t.toString()}: ISO-8601 in UTC, with 3, 6 or 9 fraction digits when there is a fraction. */
  public static void iso(StringBuilder out, Instant t) {
    if (!dateAndTime(out, t.getEpochSecond(), true)) {
      out.append(t);
      return;
    }
    int nano = t.getNano();
    if (nano > 0) {
      out.append('.');
      three(out, nano / 1_000_000);
      if (nano % 1_000_000 != 0) {
        three(out, nano / 1000 % 1000);
        if (nano % 1000 != 0) {
          three(out, nano % 1000);
        }
      }
    }
    out.append('Z');
  }

  /** Appends {@code COMPACT.format(t)}, e.g. {@code 20261127T071800Z}: the fraction is left out. */
  public static void compact(StringBuilder out, Instant t) {
    if (dateAndTime(out, t.getEpochSecond(), false)) {
      out.append('Z');
    } else {
      COMPACT.formatTo(t, out);
    }
  }

  /**
   * Appends the date and time of second {@code secs} of the epoch, {@code yyyy-MM-ddTHH:mm:ss}
   * with {@code separators}, else {@code yyyyMMddTHHmmss}; returns false, appending nothing, when
   * the year is not in 1970 to 9999.
   */
  private static boolean dateAndTime(StringBuilder out, long secs, boolean separators) {
    if (secs < 0 || secs > LAST_FOUR_DIGIT_YEAR_SECOND) {
      return false;
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
    two(out, year / 100);
    two(out, year % 100);
    separator(out, separators, '-');
    two(out, month);
    separator(out, separators, '-');
    two(out, day);
    out.append('T');
    two(out, secondOfDay / 3600);
    separator(out, separators, ':');
    two(out, secondOfDay / 60 % 60);
    separator(out, separators, ':');
    two(out, secondOfDay % 60);
    return true;
  }

  private static void separator(StringBuilder out, boolean separators, char c) {
    if (separators) {
      out.append(c);
    }
  }

  /** Appends {@code value} (0 to 99) as two digits; every divisor here is a constant, which the JIT turns into a multiplication. */
  private static void two(StringBuilder out, int value) {
    out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  /** Appends {@code value} (0 to 999) as three digits. */
  private static void three(StringBuilder out, int value) {
    out.append((char) ('0' + value / 100));
    two(out, value % 100);
  }
}
