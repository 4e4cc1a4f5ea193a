package dev.rollback.core.internal;

import dev.rollback.core.Evidence;
import dev.rollback.core.JournalEntry;
import dev.rollback.core.StepResult;
import dev.rollback.core.Trigger;
import dev.rollback.spi.Attachment;
import dev.rollback.spi.Audience;
import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.Link;
import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Severity;
import dev.rollback.spi.Version;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes the three notifications of a run from its state. */
final class NotificationFactory {
  private NotificationFactory() {}

  static Notification alert(RunState run, Instant now) {
    String title = "Rolling back " + run.deploymentText + ": " + run.trigger.reason();
    String message =
        "A rollback of "
            + run.deploymentText
            + " started (run "
            + run.runId
            + ") because "
            + run.triggerText()
            + ". You will be notified when it ends.";
    return notification(run, NotificationKind.ROLLBACK_ALERT, Audience.ON_CALL, Severity.WARNING, title, message,
        null, null, List.of(), List.of(), now);
  }

  static Notification escalation(RunState run, Instant now) {
    JournalEntry why = firstProblem(run);
    String reason = why == null ? "verification failed" : why.detail();
    String title = "Rollback of " + run.deploymentText + " needs attention: " + reason;
    String message =
        "Run "
            + run.runId
            + " rolled "
            + run.deploymentText
            + " back"
            + versions(run.from, run.to)
            + " and shifted traffic, but "
            + lower(why == null ? "verification failed" : why.node().label() + " said: " + reason)
            + ". Please check the service and decide what to do next."
            + notices(run);
    return notification(run, NotificationKind.ESCALATION, Audience.TEAM_LEAD, Severity.CRITICAL, title, message,
        null, why, List.of(), List.of(), now);
  }

  /** The terminal notification, carrying {@code links} and {@code attachments} (the postmortem draft). */
  static Notification finished(
      RunState run, RunOutcome outcome, Instant now, List<Link> links, List<Attachment> attachments) {
    JournalEntry why = firstProblem(run);
    String reason = why == null ? "" : why.detail();
    String title =
        switch (outcome) {
          case ROLLED_BACK -> "Rolled back " + run.deploymentText + versions(run.from, run.to);
          case MANUAL_NEEDED -> "Manual rollback needed for " + run.deploymentText + ": " + reason;
          case ROLLBACK_FAILED -> "Rollback of " + run.deploymentText + " failed: " + reason;
          case NEEDS_ATTENTION ->
              "Rolled back " + run.deploymentText + " but it needs attention: " + reason;
        };
    String message =
        switch (outcome) {
          case ROLLED_BACK ->
              "Run "
                  + run.runId
                  + " restored the previous stable version, shifted traffic to it, and its smoke"
                  + " tests passed. Find the root cause of the regression before deploying again.";
          case MANUAL_NEEDED ->
              "Run "
                  + run.runId
                  + " halted before changing the cluster: "
                  + reason
                  + ". The failing version still runs; roll back by hand.";
          case ROLLBACK_FAILED ->
              "Run "
                  + run.runId
                  + " could not restore the previous version: "
                  + reason
                  + ". Restore service by hand.";
          case NEEDS_ATTENTION ->
              "Run "
                  + run.runId
                  + " shifted traffic to the previous version, but "
                  + lower(reason)
                  + ". The team lead was paged.";
        };
    message += notices(run);
    if (!run.faults.isEmpty()) {
      message += " The engine also met " + run.faults.size() + " fault(s) outside the steps: "
          + String.join("; ", run.faults) + ".";
    }
    Severity severity = outcome == RunOutcome.ROLLED_BACK && run.faults.isEmpty() ? Severity.WARNING : Severity.CRITICAL;
    return notification(run, NotificationKind.RUN_FINISHED, Audience.ON_CALL, severity, title, message, outcome,
        why, links, attachments, now);
  }

  /**
   * The terminal notification of a run its engine stopped on closing, with nobody to resume it:
   * the cluster may be left part-way, so it asks for a manual check ({@code MANUAL_NEEDED}).
   */
  static Notification closed(RunState run, String at, String why, Instant now) {
    String title = "Rollback of " + run.deploymentText + " stopped unfinished: the engine was closed";
    String message = "Run " + run.runId + " stopped at " + at + ": " + why + ". Nobody will finish it;"
        + " check " + run.deploymentText + versions(run.from, run.to)
        + " by hand: the cluster may be left part-way through the rollback." + notices(run);
    return notification(run, NotificationKind.RUN_FINISHED, Audience.ON_CALL, Severity.CRITICAL, title, message,
        RunOutcome.MANUAL_NEEDED, firstProblem(run), List.of(), List.of(), now);
  }

  /** A notification about {@code run}; {@code why} names the failed step and its cause, if any. */
  private static Notification notification(
      RunState run,
      NotificationKind kind,
      Audience audience,
      Severity severity,
      String title,
      String message,
      @Nullable RunOutcome outcome,
      @Nullable JournalEntry why,
      List<Link> links,
      List<Attachment> attachments,
      Instant now) {
    return Notification.builder()
        .runId(run.runId)
        .deployment(run.deployment)
        .kind(kind)
        .audience(audience)
        .severity(severity)
        .title(title)
        .message(message)
        .outcome(outcome)
        .from(run.from)
        .to(run.to)
        .failedStep(why == null ? null : why.node().label())
        .cause(why == null ? null : why.cause() != null ? why.cause() : why.detail())
        .facts(facts(run))
        .links(links)
        .attachments(attachments)
        .createdAt(now)
        .build();
  }

  /** The first failed step, or the first decision that answered No. */
  static @Nullable JournalEntry firstProblem(RunState run) {
    for (JournalEntry entry : run.journal) {
      if (entry.result() == StepResult.FAILED || entry.result() == StepResult.NO) {
        return entry;
      }
    }
    return null;
  }

  private static Map<String, String> facts(RunState run) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("run", run.runId.value());
    facts.put("deployment", run.deploymentText);
    facts.put("trigger", run.triggerText());
    if (run.trigger instanceof Trigger.Detected detected) {
      for (Evidence evidence : detected.finding().evidence()) {
        facts.put("metric " + evidence.metric(), evidence.explanation());
      }
    }
    List<ClusterNotice> notices = run.notices.list();
    for (int i = 0; i < notices.size(); i++) {
      facts.put("cluster notice " + (i + 1), text(notices.get(i)));
    }
    for (int i = 0; i < run.faults.size(); i++) {
      facts.put("engine fault " + (i + 1), run.faults.get(i));
    }
    Version from = run.from;
    if (from != null) {
      facts.put("from", run.describe(from));
    }
    Version to = run.to;
    if (to != null) {
      facts.put("to", run.describe(to));
    }
    return facts;
  }

  /**
   * The cluster driver's notices as sentences to append to a message (each summary with its action),
   * or the empty string when it has none.
   */
  private static String notices(RunState run) {
    List<ClusterNotice> notices = run.notices.list();
    if (notices.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(" On the cluster:");
    for (ClusterNotice n : notices) {
      out.append(' ').append(text(n));
    }
    return out.toString();
  }

  /** A notice's summary followed by its action, each ending in a full stop. */
  static String text(ClusterNotice n) {
    String action = n.action();
    return sentence(n.summary()) + (action == null ? "" : " " + sentence(action));
  }

  private static String sentence(String text) {
    String t = text.strip();
    return t.endsWith(".") || t.endsWith("!") || t.endsWith("?") ? t : t + ".";
  }

  static String describe(Trigger trigger) {
    if (trigger instanceof Trigger.Detected d) {
      return "detector " + d.finding().detector() + " found: " + d.finding().summary();
    }
    Trigger.Manual m = (Trigger.Manual) trigger;
    return m.operator() + " asked for it: " + m.reason();
  }

  private static String versions(@Nullable Version from, @Nullable Version to) {
    if (from != null && to != null) {
      return " from " + from.id() + " to " + to.id();
    }
    if (to != null) {
      return " to " + to.id();
    }
    return "";
  }

  private static String lower(String text) {
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }
}
