package dev.rollback.testkit.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import dev.rollback.testkit.TestRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvMetricsReplayTest {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  static MetricQuery query(String metric) {
    return new MetricQuery(metric, TestRig.CHECKOUT, "v2");
  }

  @Test
  void readsEpochSecondsAndIsoTimestampsAndPrometheusSpecialValues() {
    CsvMetricsReplay replay = CsvMetricsReplay.builder()
        .csv("inline", "error_ratio", "# a comment\n\n1772445600,0.01\n1772445660.5,NaN\n2026-03-02T11:02:00+01:00,+Inf\n")
        .build();
    assertEquals(List.of(new Sample(T0, 0.01), new Sample(T0.plusMillis(60_500), Double.NaN),
        new Sample(T0.plusSeconds(120), Double.POSITIVE_INFINITY)), replay.samples("error_ratio"));
  }

  @Test
  void severalSeriesByAMetricColumnWithOrWithoutAHeader() {
    CsvMetricsReplay replay = CsvMetricsReplay.builder()
        .csv("a.csv", null, "value,metric,timestamp\n0.1,latency,1772445600\n0.02,errors,1772445600\n")
        .csv("b.csv", null, "1772445660,latency,0.2\n")
        .build();
    assertEquals(List.of("latency", "errors"), replay.metrics());
    assertEquals(List.of(new Sample(T0, 0.1), new Sample(T0.plusSeconds(60), 0.2)), replay.samples("latency"));
  }

  @Test
  void oneFilePerMetricFromADirectory(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("error_ratio.csv"), "timestamp,value\n1772445600,0.01\n");
    Files.writeString(dir.resolve("latency_p99_seconds.csv"), "1772445600,0.3\n");
    Files.writeString(dir.resolve("notes.txt"), "not a series");
    CsvMetricsReplay replay = CsvMetricsReplay.builder().directory(dir).build();
    assertEquals(List.of("error_ratio", "latency_p99_seconds"), replay.metrics());
  }

  @Test
  void fetchAnswersTheWindowAtMostOneSampleAStepAndShifted() {
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      csv.append(1772445600 + 30 * i).append(',').append(i).append('\n');
    }
    CsvMetricsReplay replay = CsvMetricsReplay.builder().csv("x", "m", csv.toString())
        .shift(Duration.ofDays(1)).build();
    Instant from = T0.plus(Duration.ofDays(1)).plusSeconds(60);
    MetricSeries series = replay.fetch(query("m"), new TimeWindow(from, from.plusSeconds(240), Duration.ofMinutes(1)));
    assertEquals(List.of(2.0, 4.0, 6.0, 8.0, 10.0), series.samples().stream().map(Sample::value).toList());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> replay.fetch(query("nope"), new TimeWindow(from, from, Duration.ofMinutes(1))));
    assertEquals("unknown metric 'nope'; the replay has [m]", e.getMessage());
  }

  @Test
  void badInputNamesTheLineTheColumnAndTheRule() {
    assertError("x.csv:3:12: the value 'high' is not a decimal number (NaN, Inf, +Inf and -Inf are allowed)",
        "1772445600,0.1\n1772445660,0.2\n1772445720,high\n");
    assertError("x.csv:2:1: '2026-03-02 10:01' is neither epoch seconds nor an ISO-8601 timestamp with an offset"
        + " (e.g. 2026-03-02T10:00:00Z)", "1772445600,0.1\n2026-03-02 10:01,0.2\n");
    assertError("x.csv:2:1: expected 2 comma-separated fields (timestamp, value) but found 3",
        "1772445600,0.1\n1772445660,0.2,0.3\n");
    assertError("x.csv:3:1: timestamps of metric 'm' must strictly increase, but 2026-03-02T10:00:00Z does not follow"
        + " 2026-03-02T10:01:00Z (line 2)", "1772445600,0.1\n1772445660,0.2\n1772445600,0.3\n");
    assertError("x.csv:1:11: unknown header column 'time'; the columns are timestamp, value and optionally metric",
        "timestamp,time,value\n");
  }

  @Test
  void aFileWithoutAMetricColumnNeedsAName() {
    CsvFormatException e = assertThrows(CsvFormatException.class,
        () -> CsvMetricsReplay.builder().csv("y.csv", null, "1772445600,0.1\n").build());
    assertEquals(1, e.line());
    assertTrue(e.getMessage().contains("needs a name when loaded"), e.getMessage());
  }

  static void assertError(String message, String csv) {
    CsvFormatException e = assertThrows(CsvFormatException.class,
        () -> CsvMetricsReplay.builder().csv("x.csv", "m", csv).build());
    assertEquals(message, e.getMessage());
    assertEquals("x.csv", e.source());
  }
}
