package dev.rollback.core.detect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TextsTest {
  @Test
  void wholeMinutesAreNamedInMinutes() {
    assertEquals("120 min", Texts.window(Duration.ofHours(2)));
    assertEquals("1 min", Texts.window(Duration.ofMinutes(1)));
    assertEquals("0 min", Texts.window(Duration.ZERO));
  }

  @Test
  void aWindowUnderOrBetweenMinutesIsNamedExactlyNotAsZeroMinutes() {
    assertEquals("45s", Texts.window(Duration.ofSeconds(45)));
    assertEquals("1m 30s", Texts.window(Duration.ofSeconds(90)));
    assertEquals("250ms", Texts.window(Duration.ofMillis(250)));
  }
}
