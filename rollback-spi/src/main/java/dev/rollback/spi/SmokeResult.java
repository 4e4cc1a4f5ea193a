package dev.rollback.spi;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The answer of {@link SmokeTester#run}. <i>Tests passing?</i> answers Yes only when {@link
 * #passed()} holds.
 *
 * @param checks the checks that ran, at least one
 */
public record SmokeResult(List<SmokeCheck> checks) {
  /** Validates and copies the list. */
  public SmokeResult {
    checks = Checks.nonEmptyList(checks, "SmokeResult.checks");
  }

  /** Returns a result of the given checks. */
  public static SmokeResult of(SmokeCheck... checks) {
    return new SmokeResult(List.of(checks));
  }

  /** Returns whether every check passed. */
  public boolean passed() {
    return checks.stream().allMatch(SmokeCheck::passed);
  }

  /** Returns a one-line summary naming each failed check. */
  public String summary() {
    List<SmokeCheck> failed = checks.stream().filter(c -> !c.passed()).toList();
    String head = (checks.size() - failed.size()) + "/" + checks.size() + " smoke checks passed";
    if (failed.isEmpty()) {
      return head;
    }
    return head
        + "; failed: "
        + failed.stream().map(c -> c.name() + " (" + c.detail() + ")").collect(Collectors.joining(", "));
  }
}
