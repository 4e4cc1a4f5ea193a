package dev.rollback.core.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rollback.spi.RunOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 17: the HTML page of each outcome (with its charts and the drawn workflow inline) is
 * exactly its golden file, reviewed by eye once. With {@code -Dgolden.update=true} the files are
 * rewritten instead: review the diff then.
 */
class VisualGoldenTest {
  private static final Path ROOT = Path.of("src", "test", "resources", "postmortem-visual");

  @ParameterizedTest
  @EnumSource(RunOutcome.class)
  void thePageMatchesItsGoldenFile(RunOutcome outcome) throws IOException {
    String actual = OutcomePostmortems.of(outcome).html();
    assertEquals(actual, OutcomePostmortems.of(outcome).html(), "the same postmortem gives the same page");
    Path file = ROOT.resolve(outcome.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".html");
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(ROOT);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(file)) {
      fail("golden file " + file.toAbsolutePath() + " is missing; generate it with -Dgolden.update=true"
          + " -Dtest=VisualGoldenTest and review it");
    }
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      int at = 0;
      while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
        at++;
      }
      fail("the page differs from " + file.toAbsolutePath() + " at character " + at + ": golden '"
          + expected.substring(at, Math.min(expected.length(), at + 120)) + "', generated '"
          + actual.substring(at, Math.min(actual.length(), at + 120)) + "'. Regenerate with -Dgolden.update=true"
          + " -Dtest=VisualGoldenTest and review the diff.");
    }
  }
}
