package dev.rollback.core.internal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** UtcTimes writes exactly what Instant.toString and the compact formatter write. */
class UtcTimesTest {

  @Property(tries = 2000)
  void isoIsInstantToString(
      @ForAll @LongRange(min = -400_000_000_000L, max = 400_000_000_000L) long seconds,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
    Instant t = Instant.ofEpochSecond(seconds, roundedSometimes(nanos));
    assertEquals(t.toString(), iso(t));
  }

  @Property(tries = 2000)
  void compactIsTheFormatter(
      @ForAll @LongRange(min = -400_000_000_000L, max = 400_000_000_000L) long seconds,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
    Instant t = Instant.ofEpochSecond(seconds, nanos);
    assertEquals(UtcTimes.COMPACT.format(t), compact(t));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2000-02-29T12:34:56.000001Z", "2100-03-01T00:00:00.123456789Z",
      "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "-0001-06-15T10:00:00Z", "2026-11-27T07:18:00.100Z"})
  void edgesOfTheFastPath(String text) {
    Instant t = Instant.parse(text);
    assertEquals(t.toString(), iso(t));
    assertEquals(UtcTimes.COMPACT.format(t), compact(t));
  }

  @Test
  void appendsToWhatIsThere() {
    StringBuilder out = new StringBuilder("rb-");
    UtcTimes.compact(out, Instant.parse("2026-11-27T07:18:00.5Z"));
    assertEquals("rb-20261127T071800Z", out.toString());
  }

  /** Whole milliseconds and microseconds half of the time: they are written with 3 and 6 digits. */
  private static int roundedSometimes(int nanos) {
    return switch (nanos % 4) {
      case 0 -> nanos / 1_000_000 * 1_000_000;
      case 1 -> nanos / 1000 * 1000;
      default -> nanos;
    };
  }

  private static String iso(Instant t) {
    StringBuilder out = new StringBuilder();
    UtcTimes.iso(out, t);
    return out.toString();
  }

  private static String compact(Instant t) {
    StringBuilder out = new StringBuilder();
    UtcTimes.compact(out, t);
    return out.toString();
  }
}
