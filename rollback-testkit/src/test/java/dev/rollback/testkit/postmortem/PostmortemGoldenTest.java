package dev.rollback.testkit.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.RunResult;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.spi.RunOutcome;
import java.io.IOException;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 3: the postmortem of each of the four outcomes, generated on virtual time, is exactly its
 * reviewed golden file, in Markdown and in JSON.
 */
class PostmortemGoldenTest {

  @ParameterizedTest
  @EnumSource(RunOutcome.class)
  void markdownMatchesItsGoldenFile(RunOutcome outcome) throws IOException {
    RunResult result = Runs.run(outcome);
    assertEquals(outcome, result.outcome());
    Golden.check("postmortem/" + name(outcome) + ".md", Postmortem.of(result).markdown());
  }

  @ParameterizedTest
  @EnumSource(RunOutcome.class)
  void jsonMatchesItsGoldenFile(RunOutcome outcome) throws IOException {
    Golden.check("postmortem/" + name(outcome) + ".json", Postmortem.of(Runs.run(outcome)).json());
  }

  @ParameterizedTest
  @EnumSource(RunOutcome.class)
  void theSameRunGivesTheSameDocument(RunOutcome outcome) {
    assertEquals(Postmortem.of(Runs.run(outcome)).markdown(), Postmortem.of(Runs.run(outcome)).markdown());
    assertTrue(Postmortem.of(Runs.run(outcome)).complete());
  }

  private static String name(RunOutcome outcome) {
    return outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
