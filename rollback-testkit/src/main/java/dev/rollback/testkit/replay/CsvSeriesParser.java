package dev.rollback.testkit.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Parses the CSV format documented on {@link CsvMetricsReplay}, exactly: every other input is a
 * {@link CsvFormatException} naming the line and the column.
 */
final class CsvSeriesParser {
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final String source;
  private final @Nullable String defaultMetric;
  private final Duration shift;
  private int timestampColumn = 0;
  private int valueColumn = 1;
  private int metricColumn = -1;
  private int columns = 2;

  /**
   * A parser for {@code source}; {@code defaultMetric} names the series of a file without a metric
   * column; every sample is moved by {@code shift}.
   */
  CsvSeriesParser(String source, @Nullable String defaultMetric, Duration shift) {
    this.source = source;
    this.defaultMetric = defaultMetric;
    this.shift = shift;
  }

  /** One field of a line: its text, stripped, and the 1-based column of its first character. */
  private record Field(String text, int column) {}

  /**
   * Adds every sample of {@code reader} to {@code into}, by metric and time. A file without a
   * metric column adds the series of {@code defaultMetric} even when it has no sample.
   */
  void parse(Reader reader, Map<String, TreeMap<Instant, Double>> into) throws IOException {
    BufferedReader lines = new BufferedReader(reader);
    Map<String, Integer> lastLineOf = new LinkedHashMap<>();
    String line;
    int number = 0;
    boolean first = true;
    while ((line = lines.readLine()) != null) {
      number++;
      // A UTF-8 byte-order mark (as some spreadsheets write) starts the file, not its first field.
      int offset = number == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK ? 1 : 0;
      String trimmed = line.substring(offset).strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      List<Field> fields = fields(line, offset);
      if (first) {
        first = false;
        if (fields.stream().anyMatch(f -> f.text().equalsIgnoreCase("timestamp"))) {
          header(fields, number);
          continue;
        }
        if (fields.size() == 3) {
          metricColumn = 1;
          valueColumn = 2;
          columns = 3;
        }
      }
      if (fields.size() != columns) {
        throw error(number, 1, "expected " + columns + " comma-separated fields (" + layout() + ") but found "
            + fields.size());
      }
      Instant at = timestamp(fields.get(timestampColumn), number);
      double value = value(fields.get(valueColumn), number);
      Field metricField = metricColumn >= 0 ? fields.get(metricColumn) : null;
      String metric = metricField != null ? metricField.text() : defaultMetric;
      if (metric == null || metric.isEmpty()) {
        throw error(number, metricField == null ? 1 : metricField.column(),
            "the metric name is empty; a file without a metric column needs a name when loaded");
      }
      TreeMap<Instant, Double> series = into.computeIfAbsent(metric, m -> new TreeMap<>());
      if (!series.isEmpty() && !at.isAfter(series.lastKey())) {
        Integer previous = lastLineOf.get(metric);
        throw error(number, fields.get(timestampColumn).column(), "timestamps of metric '" + metric
            + "' must strictly increase, but " + at + " does not follow " + series.lastKey()
            + (previous == null ? "" : " (line " + previous + ")"));
      }
      series.put(at, value);
      lastLineOf.put(metric, number);
    }
    if (metricColumn < 0 && defaultMetric != null && !defaultMetric.isEmpty()) {
      // An empty or header-only file of a named metric is that metric's empty series.
      into.computeIfAbsent(defaultMetric, m -> new TreeMap<>());
    }
  }

  private static List<Field> fields(String line, int from) {
    List<Field> out = new ArrayList<>();
    int start = from;
    while (true) {
      int comma = line.indexOf(',', start);
      int end = comma < 0 ? line.length() : comma;
      String raw = line.substring(start, end);
      String text = raw.strip();
      int lead = text.isEmpty() ? 0 : raw.indexOf(text.charAt(0));
      out.add(new Field(text, start + lead + 1));
      if (comma < 0) {
        return out;
      }
      start = comma + 1;
    }
  }

  private void header(List<Field> fields, int number) {
    timestampColumn = -1;
    valueColumn = -1;
    metricColumn = -1;
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      int previous;
      switch (f.text().toLowerCase(Locale.ROOT)) {
        case "timestamp" -> {
          previous = timestampColumn;
          timestampColumn = i;
        }
        case "value" -> {
          previous = valueColumn;
          valueColumn = i;
        }
        case "metric" -> {
          previous = metricColumn;
          metricColumn = i;
        }
        default -> throw error(number, f.column(), "unknown header column '" + f.text()
            + "'; the columns are timestamp, value and optionally metric");
      }
      if (previous >= 0) {
        throw error(number, f.column(), "the header names the column '" + f.text() + "' twice");
      }
    }
    if (valueColumn < 0) {
      throw error(number, 1, "the header needs a 'value' column");
    }
    columns = fields.size();
  }

  private String layout() {
    return metricColumn >= 0 ? "timestamp, metric, value" : "timestamp, value";
  }

  private Instant timestamp(Field field, int number) {
    String text = field.text();
    if (text.isEmpty()) {
      throw error(number, field.column(), "the timestamp is empty");
    }
    Instant at;
    if (isEpochSeconds(text)) {
      BigDecimal seconds = new BigDecimal(text);
      BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
      try {
        long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
        at = Instant.ofEpochSecond(whole.longValueExact(), nanos);
      } catch (ArithmeticException | DateTimeException e) {
        throw error(number, field.column(), "epoch seconds '" + shown(text) + "' are beyond the instants Java"
            + " represents (" + Instant.MIN.getEpochSecond() + " to " + Instant.MAX.getEpochSecond() + ")");
      }
    } else {
      try {
        at = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw error(number, field.column(), "'" + shown(text) + "' is neither epoch seconds nor an ISO-8601"
            + " timestamp with an offset (e.g. 2026-03-02T10:00:00Z)");
      }
    }
    try {
      return at.plus(shift);
    } catch (ArithmeticException | DateTimeException e) {
      throw error(number, field.column(), at + " shifted by " + shift + " is beyond the instants Java represents");
    }
  }

  /** Whether {@code text} is ASCII digits with an optional fraction: {@code 1772445600} or {@code 1772445600.5}. */
  private static boolean isEpochSeconds(String text) {
    int i = digits(text, 0);
    if (i == 0) {
      return false;
    }
    if (i < text.length() && text.charAt(i) == '.') {
      int j = digits(text, i + 1);
      return j > i + 1 && j == text.length();
    }
    return i == text.length();
  }

  /** Returns the index after the ASCII digits at {@code from}. */
  private static int digits(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  /**
   * Whether {@code text} is a decimal number: an optional sign, digits with an optional fraction
   * (or a fraction alone), and an optional exponent ({@code e} or {@code E}, a sign, digits).
   */
  private static boolean isDecimal(String text) {
    int i = 0;
    int n = text.length();
    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      i++;
    }
    int intEnd = digits(text, i);
    boolean hasDigits = intEnd > i;
    i = intEnd;
    if (i < n && text.charAt(i) == '.') {
      int fracEnd = digits(text, i + 1);
      hasDigits |= fracEnd > i + 1;
      i = fracEnd;
    }
    if (!hasDigits) {
      return false;
    }
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      int expEnd = digits(text, i);
      if (expEnd == i) {
        return false;
      }
      i = expEnd;
    }
    return i == n;
  }

  private double value(Field field, int number) {
    String text = field.text();
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
    if (!isDecimal(text)) {
      throw error(number, field.column(), "the value '" + shown(text) + "' is not a decimal number"
          + " (NaN, Inf, +Inf and -Inf are allowed)");
    }
    return Double.parseDouble(text);
  }

  /** Returns at most the first 64 characters of {@code text}, for a message. */
  private static String shown(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }

  private CsvFormatException error(int line, int column, String rule) {
    return new CsvFormatException(source, line, column, rule);
  }
}
