package dev.rollback.core.postmortem.internal;

import dev.rollback.core.JournalEntry;
import dev.rollback.core.NotificationRecord;
import dev.rollback.core.RunResult;
import dev.rollback.core.StepResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.detect.Evidence;
import dev.rollback.core.postmortem.Postmortem.ActionItem;
import dev.rollback.core.postmortem.Postmortem.ActionType;
import dev.rollback.spi.PodHealthReport;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Generates the follow-ups of a run from its outcome and what failed; each owner is left empty. */
final class ActionItems {
  private ActionItems() {}

  static List<ActionItem> of(RunResult r) {
    Set<ActionItem> items = new LinkedHashSet<>();
    String d = r.deployment().toString();
    Version from = r.from();
    Version to = r.to();
    String toId = to == null ? "the previous version" : to.id();
    JournalEntry problem = Narrative.firstProblem(r);
    switch (r.outcome()) {
      case ROLLED_BACK -> {}
      case MANUAL_NEEDED -> {
        add(items, ActionType.MITIGATE, "Roll " + d + " back by hand: "
            + (from == null ? "the failing version" : from.id()) + " still serves traffic.");
        if (to == null) {
          add(items, ActionType.PREVENT, "Keep a known-good previous version registered for " + d
              + ", so that the next rollback can run automatically.");
        }
      }
      case ROLLBACK_FAILED -> {
        add(items, ActionType.MITIGATE, "Restore service for " + d + " by hand: the rollback to " + toId
            + " failed and " + toId + " is marked failed.");
        PodHealthReport health = r.podHealth();
        add(items, ActionType.INVESTIGATE, "Investigate why " + toId + " did not become healthy: "
            + (health != null && !health.allHealthy() ? health.summary()
                : problem == null ? "see the timeline" : Narrative.describe(problem)) + ".");
      }
      case NEEDS_ATTENTION -> {
        add(items, ActionType.MITIGATE, "Check that " + d + " serves correctly on " + toId
            + " and decide whether it may keep serving traffic.");
        SmokeResult smoke = r.smoke();
        if (smoke != null && !smoke.passed()) {
          add(items, ActionType.INVESTIGATE, "Investigate the smoke test failures on " + toId + ": "
              + smoke.summary() + ".");
        }
      }
    }
    add(items, ActionType.INVESTIGATE, "Find the root cause of the regression in "
        + (from == null ? "the version that was running" : Narrative.withImages(from))
        + " before deploying it again.");
    String metrics = r.trigger() instanceof Trigger.Detected detected
        ? detected.finding().evidence().stream().map(Evidence::metric).distinct().collect(Collectors.joining(", "))
        : "";
    add(items, ActionType.PREVENT, "Add a check to the release pipeline (a test, or canary analysis"
        + (metrics.isEmpty() ? "" : " of " + metrics) + ") that would have caught this regression before it"
        + " reached " + r.deployment().cluster() + ".");
    for (JournalEntry e : r.journal()) {
      if (e.result() == StepResult.FAILED) {
        add(items, ActionType.INVESTIGATE, "Investigate why " + e.node().label() + " failed ("
            + e.failure() + "): " + e.detail() + ".");
      }
    }
    Map<String, List<NotificationRecord>> failedByNotifier = new LinkedHashMap<>();
    for (NotificationRecord n : r.notifications()) {
      if (!n.delivered() && !n.notifier().equals("log")) {
        failedByNotifier.computeIfAbsent(n.notifier(), k -> new ArrayList<>()).add(n);
      }
    }
    failedByNotifier.forEach((notifier, failed) -> add(items, ActionType.PREVENT,
        "Fix notifier '" + notifier + "': " + failed.size() + " delivery attempt(s) failed, the last with: "
            + failed.get(failed.size() - 1).error() + "."));
    return List.copyOf(items);
  }

  private static void add(Set<ActionItem> items, ActionType type, String description) {
    items.add(new ActionItem(type, description.replace("..", "."), ""));
  }
}
