package dev.rollback.core.internal.format;

import java.time.Duration;

/** Formats durations for people: {@code 1h 2m 3s}, {@code 250ms}. */
public final class Durations {
  private Durations() {}

  /** Returns {@code d} in the largest units that keep it exact to the millisecond. */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    StringBuilder out = new StringBuilder();
    long hours = d.toHours();
    int minutes = d.toMinutesPart();
    int seconds = d.toSecondsPart();
    int ms = d.toMillisPart();
    if (hours > 0) {
      out.append(hours).append("h ");
    }
    if (minutes > 0) {
      out.append(minutes).append("m ");
    }
    if (seconds > 0 || ms > 0) {
      out.append(seconds);
      if (ms > 0) {
        out.append('.').append(String.format("%03d", ms));
      }
      out.append("s");
    }
    return out.toString().trim();
  }
}
