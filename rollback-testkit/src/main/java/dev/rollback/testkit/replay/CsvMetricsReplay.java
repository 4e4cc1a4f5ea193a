package dev.rollback.testkit.replay;

import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A {@link MetricsSource} that replays recorded samples from CSV, for every deployment alike: a
 * past incident run through the detectors, or the whole workflow on {@link
 * dev.rollback.testkit.VirtualTime}.
 *
 * <h2>Format</h2>
 *
 * <ul>
 *   <li>UTF-8 text, one sample per line, fields separated by commas; a byte-order mark at the
 *       start is ignored. Blank lines and lines starting with {@code #} are ignored, and so is
 *       whitespace around a field.
 *   <li>An optional first line naming the columns (it is a header if one field is {@code
 *       timestamp}): {@code timestamp}, {@code value} and optionally {@code metric}, in any order.
 *   <li>Without a header, two fields are {@code timestamp,value} (one metric per file, named when
 *       loaded) and three are {@code timestamp,metric,value} (several metrics in one file).
 *   <li>{@code timestamp}: epoch seconds, ASCII digits with an optional fraction ({@code
 *       1772445600}, {@code 1772445600.5}), within the range of {@link Instant}; or ISO-8601 with an
 *       offset ({@code 2026-03-02T10:00:00Z}, {@code 2026-03-02T11:00:00+01:00}).
 *   <li>{@code value}: a decimal number, an optional sign, ASCII digits with an optional fraction
 *       (or a fraction alone) and an optional exponent ({@code 0.5}, {@code -.25}, {@code 1e-3});
 *       or {@code NaN}, {@code Inf}, {@code +Inf}, {@code -Inf} in any case, as Prometheus writes
 *       them. Java's other forms ({@code 1d}, {@code 0.5f}, hexadecimal, {@code Infinity}) are not
 *       numbers here.
 *   <li>Timestamps of each metric strictly increase.
 * </ul>
 *
 * <p>A file that breaks a rule fails loading with a {@link CsvFormatException} naming the file, the
 * line, the column and the rule. A file of a named metric (without a metric column) that has no
 * sample, empty or only a header, replays as that metric's empty series.
 *
 * <p>{@link Builder#shift(Duration)} moves every sample in time, so that an
 * incident recorded last year replays around the virtual clock's now.
 *
 * <p>Immutable and thread-safe. {@link #fetch} answers the samples in the window (both ends
 * inclusive), at most one per step: of samples closer than the step, the first is kept. An unknown
 * metric is an {@link IllegalArgumentException} naming it and the known ones.
 */
public final class CsvMetricsReplay implements MetricsSource {
  private final Map<String, TreeMap<Instant, Double>> series;

  private CsvMetricsReplay(Map<String, TreeMap<Instant, Double>> series) {
    this.series = series;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the names of the replayed metrics. */
  public List<String> metrics() {
    return List.copyOf(series.keySet());
  }

  /** Returns every sample of {@code metric}, in order. */
  public List<Sample> samples(String metric) {
    List<Sample> out = new ArrayList<>();
    known(metric).forEach((t, v) -> out.add(new Sample(t, v)));
    return out;
  }

  @Override
  public MetricSeries fetch(MetricQuery query, TimeWindow window) {
    TreeMap<Instant, Double> all = known(query.metric());
    List<Sample> samples = new ArrayList<>();
    Instant next = window.from();
    for (Map.Entry<Instant, Double> e : all.subMap(window.from(), true, window.to(), true).entrySet()) {
      if (!e.getKey().isBefore(next)) {
        samples.add(new Sample(e.getKey(), e.getValue()));
        next = e.getKey().plus(window.step());
      }
    }
    return new MetricSeries(query.metric(), samples);
  }

  private TreeMap<Instant, Double> known(String metric) {
    TreeMap<Instant, Double> s = series.get(metric);
    if (s == null) {
      throw new IllegalArgumentException("unknown metric '" + metric + "'; the replay has " + series.keySet());
    }
    return s;
  }

  /** Collects CSV sources; {@link #build()} parses them. */
  public static final class Builder {
    private interface Part {
      void parseInto(Map<String, TreeMap<Instant, Double>> into) throws IOException;
    }
    // The parts read the shift when build() runs them, so that shift() may come after the sources.

    private final List<Part> parts = new ArrayList<>();
    private Duration shift = Duration.ZERO;

    private Builder() {}

    /** Adds a file with a metric column (a header naming it, or three fields a line). */
    public Builder file(Path path) {
      Objects.requireNonNull(path, "path");
      parts.add(into -> parse(path, null, shift, into));
      return this;
    }

    /** Adds a file of {@code timestamp,value} lines of {@code metric}. */
    public Builder file(String metric, Path path) {
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(path, "path");
      parts.add(into -> parse(path, metric, shift, into));
      return this;
    }

    /** Adds every {@code *.csv} file of {@code directory}, each the series of the metric its name names. */
    public Builder directory(Path directory) {
      Objects.requireNonNull(directory, "directory");
      parts.add(into -> {
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
          files = list.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        for (Path p : files) {
          String name = p.getFileName().toString();
          parse(p, name.substring(0, name.length() - ".csv".length()), shift, into);
        }
      });
      return this;
    }

    /** Adds CSV text; {@code metric} names its series if it has no metric column, else null. */
    public Builder csv(String name, @org.jspecify.annotations.Nullable String metric, String text) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(text, "text");
      parts.add(into -> new CsvSeriesParser(name, metric, shift).parse(new StringReader(text), into));
      return this;
    }

    /** Moves every sample by {@code shift} (negative moves it earlier); default zero. */
    public Builder shift(Duration shift) {
      this.shift = Objects.requireNonNull(shift, "shift");
      return this;
    }

    /** Moves every sample so that {@code recorded} falls on {@code replayed}. */
    public Builder align(Instant recorded, Instant replayed) {
      return shift(Duration.between(recorded, replayed));
    }

    /**
     * Parses every source and returns the replay.
     *
     * @throws CsvFormatException naming the source, line and rule of the first malformed line
     * @throws UncheckedIOException if a file cannot be read
     */
    public CsvMetricsReplay build() {
      Map<String, TreeMap<Instant, Double>> parsed = new LinkedHashMap<>();
      try {
        for (Part part : parts) {
          part.parseInto(parsed);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the CSV replay: " + e.getMessage(), e);
      }
      return new CsvMetricsReplay(parsed);
    }

    private static void parse(Path path, @org.jspecify.annotations.Nullable String metric, Duration shift,
        Map<String, TreeMap<Instant, Double>> into) throws IOException {
      try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        new CsvSeriesParser(path.toString(), metric, shift).parse(reader, into);
      }
    }
  }
}
