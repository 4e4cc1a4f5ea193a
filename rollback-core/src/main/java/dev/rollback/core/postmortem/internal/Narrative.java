package dev.rollback.core.postmortem.internal;

import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.RunResult;
import dev.rollback.core.StepResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.detect.Finding;
import dev.rollback.core.internal.Durations;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Writes the generated prose of a postmortem (title, summary, decision) from a run's facts. */
final class Narrative {
  private Narrative() {}

  static String title(RunResult r) {
    String d = r.deployment().toString();
    return switch (r.outcome()) {
      case ROLLED_BACK -> "Rolled back " + d + versions(r);
      case MANUAL_NEEDED -> "Automatic rollback of " + d + " halted: manual rollback needed";
      case ROLLBACK_FAILED -> "Rollback of " + d + versions(r) + " failed";
      case NEEDS_ATTENTION -> "Rolled back " + d + versions(r) + ", but verification failed";
    };
  }

  static String summary(RunResult r) {
    StringBuilder s = new StringBuilder();
    Version from = r.from();
    s.append(from == null
        ? "A version of " + r.deployment() + " that the registry could not identify was running"
        : "Version " + withImages(from) + " of " + r.deployment() + " was running");
    if (r.trigger() instanceof Trigger.Detected detected) {
      Finding f = detected.finding();
      s.append(" when detector ").append(f.detector()).append(" found ").append(lower(sentence(f.summary())))
          .append(" (first bad sample at ").append(f.anomalyStart()).append(")");
    } else {
      Trigger.Manual m = (Trigger.Manual) r.trigger();
      s.append(" when ").append(m.operator()).append(" asked for a rollback: ").append(sentence(m.reason()));
    }
    s.append(". ");
    JournalEntry problem = firstProblem(r);
    String why = problem == null ? "an earlier step failed" : describe(problem);
    Version to = r.to();
    String toId = to == null ? "the previous version" : to.id();
    switch (r.outcome()) {
      case ROLLED_BACK -> {
        s.append("The library rolled it back to ").append(to == null ? toId : withImages(to));
        PostmortemFactory.trafficShiftedBack(r).ifPresent(e -> s.append(", shifted traffic to ").append(toId)
            .append(" at ").append(e.end()));
        SmokeResult smoke = r.smoke();
        s.append(smoke == null ? "" : " and verified it: " + smoke.summary()).append(". ");
      }
      case MANUAL_NEEDED -> s.append("The library halted before changing the cluster, because ").append(why)
          .append("; the failing version still serves traffic and must be rolled back by hand. ");
      case ROLLBACK_FAILED -> s.append("The library started rolling it back to ").append(toId)
          .append(", but ").append(why).append(", so it marked the rollback failed; service must be restored by"
              + " hand. ");
      case NEEDS_ATTENTION -> s.append("The library rolled it back to ").append(toId)
          .append(PostmortemFactory.trafficShiftedBack(r).isPresent() ? " and shifted traffic to it" : "")
          .append(", but ").append(why).append(", so it escalated to the team lead. ");
    }
    s.append(r.journal().isEmpty() || r.journal().get(r.journal().size() - 1).node() != Node.END
        ? "The run was ending " : "The run ended ")
        .append(r.outcome()).append(" after ").append(Durations.format(r.duration())).append('.');
    long failures = r.notifications().stream().filter(n -> !n.delivered()).count();
    if (failures > 0) {
      s.append(" ").append(failures).append(" notification delivery attempt(s) failed.");
    }
    return s.toString();
  }

  static String decision(RunResult r) {
    StringBuilder s = new StringBuilder();
    if (r.trigger() instanceof Trigger.Detected detected) {
      Finding f = detected.finding();
      s.append("Detector ").append(f.detector()).append(" judged the deployment anomalous at ")
          .append(f.detectedAt()).append(": ").append(sentence(f.summary())).append(". Evidence: ")
          .append(f.evidence().stream().map(e -> e.metric() + ": " + sentence(e.explanation()))
              .collect(Collectors.joining("; ")))
          .append(". A detector's finding starts a rollback without waiting for a human.");
    } else {
      Trigger.Manual m = (Trigger.Manual) r.trigger();
      s.append(m.operator()).append(" started the rollback by hand: ").append(sentence(m.reason())).append('.');
    }
    Optional<JournalEntry> halt = r.journal().stream().filter(e -> e.node() == Node.HALT_MANUAL).findFirst();
    if (halt.isPresent()) {
      JournalEntry problem = firstProblem(r);
      s.append(" The run halted instead of rolling back, because ")
          .append(problem == null ? "no previous stable version was available" : describe(problem))
          .append(". A human must decide which version to restore.");
    } else if (r.to() != null) {
      s.append(" The previous stable version ").append(r.to().id()).append(" was available, so the library")
          .append(" rolled back to it.");
    }
    return s.toString();
  }

  /** The first failed step, or the first decision that answered No. */
  static @Nullable JournalEntry firstProblem(RunResult r) {
    return r.journal().stream()
        .filter(e -> e.result() == StepResult.FAILED || e.result() == StepResult.NO)
        .findFirst()
        .orElse(null);
  }

  static String describe(JournalEntry e) {
    String verb = e.result() == StepResult.NO ? " answered No: " : " failed: ";
    return e.node().label() + verb + e.detail();
  }

  static String withImages(Version v) {
    return v.id() + " (" + v.images().stream().map(i -> i.container() + "=" + i.image().value())
        .collect(Collectors.joining(", ")) + ")";
  }

  static String duration(Instant from, Instant to) {
    return Durations.format(Duration.between(from, to));
  }

  private static String versions(RunResult r) {
    Version from = r.from();
    Version to = r.to();
    if (from != null && to != null) {
      return " from " + from.id() + " to " + to.id();
    }
    return to != null ? " to " + to.id() : "";
  }

  private static String sentence(String text) {
    String t = text.strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }

  private static String lower(String text) {
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }
}
