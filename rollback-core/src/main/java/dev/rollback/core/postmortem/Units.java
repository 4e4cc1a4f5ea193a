package dev.rollback.core.postmortem;

import java.util.Locale;

/**
 * The unit of a metric, read from its name by the Prometheus naming conventions (a base-unit
 * suffix such as {@code _seconds}, {@code _bytes} or {@code _ratio}): the metrics sources say
 * nothing about units, and the chart's axis must say something.
 */
final class Units {
  private static final String[][] SUFFIXES = {
      {"_ratio", "ratio, 0 to 1"}, {"_percent", "%"}, {"_seconds", "seconds"}, {"_milliseconds", "milliseconds"},
      {"_ms", "milliseconds"}, {"_bytes", "bytes"}, {"_per_second", "per second"}, {"_rate", "per second"},
      {"_total", "count"}, {"_count", "count"}, {"_celsius", "°C"}};

  private Units() {}

  /** Returns the unit of {@code metric}, or {@code "value, unit not known"} when its name gives none. */
  static String of(String metric) {
    String name = metric.toLowerCase(Locale.ROOT);
    for (String[] suffix : SUFFIXES) {
      if (name.endsWith(suffix[0])) {
        return suffix[1];
      }
    }
    return "value, unit not known";
  }
}
