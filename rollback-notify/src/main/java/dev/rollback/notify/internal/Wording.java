package dev.rollback.notify.internal;

import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Version;
import java.util.stream.Collectors;

/** Words shared by the human-facing renderers (Slack, PagerDuty summaries). */
final class Wording {
  private Wording() {}

  /** Returns the outcome as a phrase, e.g. "Rollback failed". */
  static String outcome(RunOutcome outcome) {
    return switch (outcome) {
      case ROLLED_BACK -> "Rolled back";
      case MANUAL_NEEDED -> "Manual rollback needed";
      case ROLLBACK_FAILED -> "Rollback failed";
      case NEEDS_ATTENTION -> "Needs attention";
    };
  }

  /** Returns e.g. {@code v1 (app=registry/shop:1.0, sidecar=proxy:2)}. */
  static String version(Version version) {
    return version.id()
        + version.images().stream()
            .map(i -> i.container() + "=" + i.image())
            .collect(Collectors.joining(", ", " (", ")"));
  }
}
