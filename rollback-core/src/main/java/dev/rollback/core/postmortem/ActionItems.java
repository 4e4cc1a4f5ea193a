package dev.rollback.core.postmortem;

import dev.rollback.core.Evidence;
import dev.rollback.core.JournalEntry;
import dev.rollback.core.NotificationRecord;
import dev.rollback.core.RunResult;
import dev.rollback.core.StepResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.postmortem.Postmortem.ActionItem;
import dev.rollback.core.postmortem.Postmortem.ActionType;
import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.PodHealthReport;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generates the follow-ups of a run from its outcome and what failed; each owner is left empty. */
final class ActionItems {
  private ActionItems() {}

  static List<ActionItem> of(RunFacts f) {
    RunResult r = f.run;
    List<ActionItem> items = new ArrayList<>(8);
    String d = f.deployment;
    Version from = r.from();
    Version to = r.to();
    String toId = to == null ? "the previous version" : to.id();
    JournalEntry problem = f.firstProblem;
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
            + (health != null && !health.allHealthy() ? f.podSummary()
                : problem == null ? "see the timeline" : Narrative.describe(problem)) + ".");
      }
      case NEEDS_ATTENTION -> {
        add(items, ActionType.MITIGATE, "Check that " + d + " serves correctly on " + toId
            + " and decide whether it may keep serving traffic.");
        SmokeResult smoke = r.smoke();
        if (smoke != null && !smoke.passed()) {
          add(items, ActionType.INVESTIGATE, "Investigate the smoke test failures on " + toId + ": "
              + f.smokeSummary() + ".");
        }
      }
    }
    for (ClusterNotice n : r.notices()) {
      String action = n.action();
      if (action != null) {
        add(items, ActionType.MITIGATE, withoutStop(action) + " (" + withoutStop(n.summary()) + ").");
      }
    }
    StringBuilder rootCause = new StringBuilder(128).append("Find the root cause of the regression in ");
    if (from == null) {
      rootCause.append("the version that was running");
    } else {
      RunFacts.withImages(rootCause, from);
    }
    add(items, ActionType.INVESTIGATE, rootCause.append(" before deploying it again.").toString());
    String metrics = r.trigger() instanceof Trigger.Detected detected ? metrics(detected.finding().evidence()) : "";
    add(items, ActionType.PREVENT, "Add a check to the release pipeline (a test, or canary analysis"
        + (metrics.isEmpty() ? "" : " of " + metrics) + ") that would have caught this regression before it"
        + " reached " + r.deployment().cluster() + ".");
    for (JournalEntry e : r.journal()) {
      if (e.result() == StepResult.FAILED) {
        add(items, ActionType.INVESTIGATE, "Investigate why " + e.node().label() + " failed ("
            + e.failure() + "): " + e.detail() + ".");
      }
    }
    if (f.failedDeliveries > 0) {
      Map<String, List<NotificationRecord>> failedByNotifier = new LinkedHashMap<>();
      for (NotificationRecord n : r.notifications()) {
        if (!n.delivered() && !n.notifier().equals("log")) {
          failedByNotifier.computeIfAbsent(n.notifier(), k -> new ArrayList<>()).add(n);
        }
      }
      failedByNotifier.forEach((notifier, failed) -> add(items, ActionType.PREVENT,
          "Fix notifier '" + notifier + "': " + failed.size() + " delivery attempt(s) failed, the last with: "
              + failed.get(failed.size() - 1).error() + "."));
    }
    return List.copyOf(items);
  }

  private static String withoutStop(String text) {
    String t = text.strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }

  /** The metrics of the evidence, each once, in order, joined by commas. */
  private static String metrics(List<Evidence> evidence) {
    if (evidence.size() == 1) {
      return evidence.get(0).metric();
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < evidence.size(); i++) {
      String metric = evidence.get(i).metric();
      boolean seen = false;
      for (int j = 0; j < i && !seen; j++) {
        seen = evidence.get(j).metric().equals(metric);
      }
      if (!seen) {
        out.append(i == 0 ? "" : ", ").append(metric);
      }
    }
    return out.toString();
  }

  /** Adds the item unless an equal one is there: the items are few, and the first of equal items is kept. */
  private static void add(List<ActionItem> items, ActionType type, String description) {
    ActionItem item = new ActionItem(type, description.replace("..", "."), "");
    if (!items.contains(item)) {
      items.add(item);
    }
  }
}
