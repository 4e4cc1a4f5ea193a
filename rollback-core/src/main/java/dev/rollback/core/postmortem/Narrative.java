package dev.rollback.core.postmortem;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.core.JournalEntry;
import dev.rollback.core.RunResult;
import dev.rollback.core.StepResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.internal.format.UtcTimes;
import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.Version;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes the generated prose of a postmortem (title, summary, decision) from a run's facts. Each
 * text is written into one builder sized for it; sentences taken from the run are stripped of
 * surrounding whitespace and of one final period, as {@code strip()} would.
 */
final class Narrative {
  private Narrative() {}

  static String title(RunFacts f) {
    RunResult r = f.run;
    String d = f.deployment;
    return switch (r.outcome()) {
      case ROLLED_BACK -> "Rolled back " + d + versions(r);
      case MANUAL_NEEDED -> "Automatic rollback of " + d + " halted: manual rollback needed";
      case ROLLBACK_FAILED -> "Rollback of " + d + versions(r) + " failed";
      case NEEDS_ATTENTION -> "Rolled back " + d + versions(r) + ", but verification failed";
    };
  }

  static String summary(RunFacts f) {
    RunResult r = f.run;
    StringBuilder s = new StringBuilder(512);
    Version from = r.from();
    if (from == null) {
      s.append("A version of ").append(f.deployment).append(" that the registry could not identify was running");
    } else {
      RunFacts.withImages(s.append("Version "), from).append(" of ").append(f.deployment).append(" was running");
    }
    if (r.trigger() instanceof Trigger.Detected detected) {
      Finding finding = detected.finding();
      s.append(" when detector ").append(finding.detector()).append(" found ");
      sentence(s, finding.summary(), true);
      s.append(" (first bad sample at ");
      UtcTimes.iso(s, finding.anomalyStart());
      s.append(')');
    } else {
      Trigger.Manual m = (Trigger.Manual) r.trigger();
      s.append(" when ").append(m.operator()).append(" asked for a rollback: ");
      sentence(s, m.reason(), false);
    }
    s.append(". ");
    Version to = r.to();
    String toId = to == null ? "the previous version" : to.id();
    switch (r.outcome()) {
      case ROLLED_BACK -> {
        s.append("The library rolled it back to ");
        if (to == null) {
          s.append(toId);
        } else {
          RunFacts.withImages(s, to);
        }
        JournalEntry shifted = f.trafficShiftedBack;
        if (shifted != null) {
          s.append(", shifted traffic to ").append(toId).append(" at ");
          UtcTimes.iso(s, shifted.end());
        }
        String smoke = f.smokeSummary();
        if (smoke != null) {
          s.append(" and verified it: ").append(smoke);
        }
        s.append(". ");
      }
      case MANUAL_NEEDED -> {
        s.append("The library halted before changing the cluster, because ");
        why(s, f.firstProblem, "an earlier step failed")
            .append("; the failing version still serves traffic and must be rolled back by hand. ");
      }
      case ROLLBACK_FAILED -> {
        s.append("The library started rolling it back to ").append(toId).append(", but ");
        why(s, f.firstProblem, "an earlier step failed")
            .append(", so it marked the rollback failed; service must be restored by hand. ");
      }
      case NEEDS_ATTENTION -> {
        s.append("The library rolled it back to ").append(toId)
            .append(f.trafficShiftedBack != null ? " and shifted traffic to it" : "").append(", but ");
        why(s, f.firstProblem, "an earlier step failed").append(", so it escalated to the team lead. ");
      }
    }
    s.append(f.ended ? "The run ended " : "The run was ending ").append(r.outcome()).append(" after ");
    Times.forPeople(s, r.duration());
    s.append('.');
    if (f.failedDeliveries > 0) {
      s.append(' ').append(f.failedDeliveries).append(" notification delivery attempt(s) failed.");
    }
    for (ClusterNotice n : r.notices()) {
      s.append(' ');
      sentence(s, n.summary(), false);
      s.append('.');
    }
    return s.toString();
  }

  static String decision(RunFacts f) {
    RunResult r = f.run;
    StringBuilder s = new StringBuilder(384);
    if (r.trigger() instanceof Trigger.Detected detected) {
      Finding finding = detected.finding();
      s.append("Detector ").append(finding.detector()).append(" judged the deployment anomalous at ");
      UtcTimes.iso(s, finding.detectedAt());
      s.append(": ");
      sentence(s, finding.summary(), false);
      s.append(". Evidence: ");
      List<Evidence> evidence = finding.evidence();
      for (int i = 0; i < evidence.size(); i++) {
        if (i > 0) {
          s.append("; ");
        }
        s.append(evidence.get(i).metric()).append(": ");
        sentence(s, evidence.get(i).explanation(), false);
      }
      s.append(". A detector's finding starts a rollback without waiting for a human.");
    } else {
      Trigger.Manual m = (Trigger.Manual) r.trigger();
      s.append(m.operator()).append(" started the rollback by hand: ");
      sentence(s, m.reason(), false);
      s.append('.');
    }
    Version to = r.to();
    if (f.halted) {
      s.append(" The run halted instead of rolling back, because ");
      why(s, f.firstProblem, "no previous stable version was available")
          .append(". A human must decide which version to restore.");
    } else if (to != null) {
      s.append(" The previous stable version ").append(to.id()).append(" was available, so the library")
          .append(" rolled back to it.");
    }
    return s.toString();
  }

  /** Returns e.g. {@code Tests passing? answered No: 0/1 smoke checks passed}. */
  static String describe(JournalEntry e) {
    return describe(new StringBuilder(64 + e.detail().length()), e).toString();
  }

  private static StringBuilder describe(StringBuilder out, JournalEntry e) {
    return out.append(e.node().label()).append(e.result() == StepResult.NO ? " answered No: " : " failed: ")
        .append(e.detail());
  }

  /** Appends {@link #describe} of {@code problem}, or {@code otherwise} when there is none. */
  private static StringBuilder why(StringBuilder out, @Nullable JournalEntry problem, String otherwise) {
    return problem == null ? out.append(otherwise) : describe(out, problem);
  }

  private static String versions(RunResult r) {
    Version from = r.from();
    Version to = r.to();
    if (from != null && to != null) {
      return " from " + from.id() + " to " + to.id();
    }
    return to != null ? " to " + to.id() : "";
  }

  /**
   * Appends {@code text} stripped of leading and trailing whitespace and then of one final
   * period, with its first character in lower case if {@code lowerFirst}.
   */
  private static void sentence(StringBuilder out, String text, boolean lowerFirst) {
    int start = 0;
    int end = text.length();
    // No supplementary character is whitespace, so char by char is what String.strip() does by code point.
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end > start && text.charAt(end - 1) == '.') {
      end--;
    }
    if (lowerFirst && end > start) {
      out.append(Character.toLowerCase(text.charAt(start)));
      start++;
    }
    out.append(text, start, end);
  }
}
