package dev.rollback.testkit.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Parses the CSV format documented on {@link CsvMetricsReplay}. */
final class CsvSeriesParser {
  private final String source;
  private final @Nullable String defaultMetric;
  private int timestampColumn = 0;
  private int valueColumn = 1;
  private int metricColumn = -1;
  private int columns = 2;

  /** A parser for {@code source}; {@code defaultMetric} names the series of a file without a metric column. */
  CsvSeriesParser(String source, @Nullable String defaultMetric) {
    this.source = source;
    this.defaultMetric = defaultMetric;
  }

  /** Adds every sample of {@code reader} to {@code into}, by metric and time. */
  void parse(Reader reader, Map<String, TreeMap<Instant, Double>> into) throws IOException {
    BufferedReader lines = new BufferedReader(reader);
    Map<String, Integer> lastLineOf = new LinkedHashMap<>();
    String line;
    int number = 0;
    boolean first = true;
    while ((line = lines.readLine()) != null) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] fields = trimmed.split(",", -1);
      if (first) {
        first = false;
        if (java.util.Arrays.stream(fields).anyMatch(f -> f.strip().equalsIgnoreCase("timestamp"))) {
          header(fields, number);
          continue;
        }
        if (fields.length == 3) {
          metricColumn = 1;
          valueColumn = 2;
          columns = 3;
        }
      }
      if (fields.length != columns) {
        throw error(number, "expected " + columns + " comma-separated fields (" + layout() + ") but found "
            + fields.length);
      }
      Instant at = timestamp(fields[timestampColumn].strip(), number);
      double value = value(fields[valueColumn].strip(), number);
      String metric = metricColumn >= 0 ? fields[metricColumn].strip() : defaultMetric;
      if (metric == null || metric.isEmpty()) {
        throw error(number, "the metric name is empty; a file without a metric column needs a name when loaded");
      }
      TreeMap<Instant, Double> series = into.computeIfAbsent(metric, m -> new TreeMap<>());
      if (!series.isEmpty() && !at.isAfter(series.lastKey())) {
        Integer previous = lastLineOf.get(metric);
        throw error(number, "timestamps of metric '" + metric + "' must strictly increase, but " + at
            + " does not follow " + series.lastKey() + (previous == null ? "" : " (line " + previous + ")"));
      }
      series.put(at, value);
      lastLineOf.put(metric, number);
    }
  }

  private void header(String[] fields, int number) {
    timestampColumn = -1;
    valueColumn = -1;
    metricColumn = -1;
    for (int i = 0; i < fields.length; i++) {
      switch (fields[i].strip().toLowerCase(Locale.ROOT)) {
        case "timestamp" -> timestampColumn = i;
        case "value" -> valueColumn = i;
        case "metric" -> metricColumn = i;
        default -> throw error(number, "unknown header column '" + fields[i].strip()
            + "'; the columns are timestamp, value and optionally metric");
      }
    }
    if (valueColumn < 0) {
      throw error(number, "the header needs a 'value' column");
    }
    columns = fields.length;
  }

  private String layout() {
    return metricColumn >= 0 ? "timestamp, metric, value" : "timestamp, value";
  }

  private Instant timestamp(String text, int number) {
    if (text.isEmpty()) {
      throw error(number, "the timestamp is empty");
    }
    char c = text.charAt(0);
    if (Character.isDigit(c) && !text.contains("-") && !text.contains(":")) {
      try {
        BigDecimal seconds = new BigDecimal(text);
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
      } catch (NumberFormatException | ArithmeticException e) {
        throw error(number, "'" + text + "' is neither epoch seconds nor an ISO-8601 timestamp");
      }
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw error(number, "'" + text + "' is neither epoch seconds nor an ISO-8601 timestamp with an offset"
          + " (e.g. 2026-03-02T10:00:00Z)");
    }
  }

  private double value(String text, int number) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "nan":
        return Double.NaN;
      case "inf":
      case "+inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw error(number, "the value '" + text + "' is not a number (NaN, +Inf and -Inf are allowed)");
    }
  }

  private CsvFormatException error(int line, String rule) {
    return new CsvFormatException(source, line, rule);
  }
}
