package dev.rollback.testkit.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Issue 12: the CSV parser accepts exactly its documented grammar. A byte-order mark is ignored; an
 * empty or header-only file of a named metric is an empty series; epoch seconds beyond {@link
 * Instant}'s range, and Java's own number forms, are {@link CsvFormatException}s naming the line
 * and the column, never a {@code DateTimeException} or a silently accepted value.
 */
class CsvGrammarProperties {
  private static final long EPOCH = 1772445600L;

  /** Decimal numbers as the grammar writes them: sign, digits, fraction, exponent. */
  @Provide
  Arbitrary<String> decimals() {
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(6);
    Arbitrary<String> sign = Arbitraries.of("", "+", "-");
    Arbitrary<String> mantissa = Arbitraries.oneOf(digits, digits.map(d -> d + "."),
        Combinators.combine(digits, digits).as((a, b) -> a + "." + b), digits.map(d -> "." + d));
    Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
        Combinators.combine(Arbitraries.of("e", "E"), sign, Arbitraries.strings().numeric().ofMinLength(1)
            .ofMaxLength(2)).as((e, s, d) -> e + s + d));
    return Combinators.combine(sign, mantissa, exponent).as((s, m, e) -> s + m + e);
  }

  @Property(tries = 300)
  void everyDecimalOfTheGrammarIsItsValue(@ForAll("decimals") String decimal) {
    CsvMetricsReplay replay = CsvMetricsReplay.builder().csv("x.csv", "m", EPOCH + "," + decimal + "\n").build();
    assertEquals(List.of(new Sample(Instant.ofEpochSecond(EPOCH), Double.parseDouble(decimal))),
        replay.samples("m"));
  }

  /** Forms Java's {@code Double.parseDouble} takes that the grammar does not. */
  @Provide
  Arbitrary<String> javaOnlyNumbers() {
    Arbitrary<String> suffixed = Combinators.combine(decimals(), Arbitraries.of("d", "D", "f", "F"))
        .as((d, s) -> d + s);
    Arbitrary<String> hex = Combinators.combine(Arbitraries.of("0x", "0X", "-0x"),
        Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(1).ofMaxLength(4),
        Arbitraries.integers().between(-5, 5)).as((p, h, e) -> p + h + "p" + e);
    return Arbitraries.oneOf(suffixed, hex, Arbitraries.of("Infinity", "-Infinity", "+NaN", "1_000", "0x1.8p1"));
  }

  @Property(tries = 300)
  void javaOnlyNumberFormsAreRefusedNamingTheLineAndColumn(
      @ForAll("javaOnlyNumbers") String value, @ForAll @IntRange(min = 0, max = 3) int before) {
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < before; i++) {
      csv.append(EPOCH + i).append(",0.5\n");
    }
    csv.append(EPOCH + before).append(",  ").append(value).append('\n');
    CsvFormatException e = assertThrows(CsvFormatException.class,
        () -> CsvMetricsReplay.builder().csv("x.csv", "m", csv.toString()).build());
    assertEquals(before + 1, e.line());
    assertEquals(String.valueOf(EPOCH + before).length() + 4, e.column(), e.getMessage());
    assertTrue(e.getMessage().startsWith("x.csv:" + (before + 1) + ":" + e.column() + ": the value '"),
        e.getMessage());
  }

  @Provide
  Arbitrary<String> epochsBeyondInstant() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(Instant.MAX.getEpochSecond() + 1, Long.MAX_VALUE).map(String::valueOf),
        Arbitraries.strings().numeric().ofMinLength(20).ofMaxLength(400).map(d -> "9" + d),
        Arbitraries.strings().numeric().ofMinLength(20).ofMaxLength(40).map(d -> "9" + d + ".5"));
  }

  @Property(tries = 200)
  void epochSecondsBeyondTheRangeAreAFormatError(@ForAll("epochsBeyondInstant") String epoch) {
    CsvFormatException e = assertThrows(CsvFormatException.class,
        () -> CsvMetricsReplay.builder().csv("x.csv", "m", "# recorded\n" + epoch + ",1\n").build());
    assertEquals(2, e.line());
    assertEquals(1, e.column());
    assertTrue(e.getMessage().contains("beyond the instants Java represents"), e.getMessage());
  }

  @Property(tries = 100)
  void aShiftPastTheRangeIsAFormatError(@ForAll @IntRange(min = 1, max = 1000) int years) {
    CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvMetricsReplay.builder()
        .csv("x.csv", "m", "+1000000000-01-01T00:00:00Z,1\n")
        .shift(Duration.ofDays(366L * years)).build());
    assertEquals(1, e.line());
  }

  @Provide
  Arbitrary<String> validFiles() {
    Arbitrary<String> header = Arbitraries.of("", "timestamp,value\n", "value,timestamp\n", "# comment\n");
    return Combinators.combine(header, decimals().list().ofMinSize(0).ofMaxSize(5)).as((h, values) -> {
      StringBuilder csv = new StringBuilder(h);
      for (int i = 0; i < values.size(); i++) {
        String t = String.valueOf(EPOCH + 60L * i);
        csv.append(h.startsWith("value") ? values.get(i) + "," + t : t + "," + values.get(i)).append('\n');
      }
      return csv.toString();
    });
  }

  @Property(tries = 300)
  void aByteOrderMarkIsIgnored(@ForAll("validFiles") String csv) {
    CsvMetricsReplay plain = CsvMetricsReplay.builder().csv("x.csv", "m", csv).build();
    CsvMetricsReplay marked = CsvMetricsReplay.builder().csv("x.csv", "m", "\uFEFF" + csv).build();
    assertEquals(plain.metrics(), marked.metrics());
    assertEquals(plain.samples("m"), marked.samples("m"));
  }

  @Property(tries = 50)
  void anEmptyOrHeaderOnlyFileOfANamedMetricIsAnEmptySeries(
      @ForAll("emptyFiles") String csv, @ForAll boolean marked) {
    CsvMetricsReplay replay = CsvMetricsReplay.builder().csv("x.csv", "m", (marked ? "\uFEFF" : "") + csv).build();
    assertEquals(List.of("m"), replay.metrics());
    assertEquals(List.of(), replay.samples("m"));
    Instant now = Instant.ofEpochSecond(EPOCH);
    assertEquals(List.of(), replay.fetch(new MetricQuery("m", DeploymentRef.of("prod", "shop", "checkout"), null),
        new TimeWindow(now.minusSeconds(3600), now, Duration.ofMinutes(1))).samples());
  }

  @Provide
  Arbitrary<String> emptyFiles() {
    return Arbitraries.of("", "\n", "# nothing yet\n", "timestamp,value\n", "value,timestamp", "\n\ntimestamp , value\n");
  }
}
