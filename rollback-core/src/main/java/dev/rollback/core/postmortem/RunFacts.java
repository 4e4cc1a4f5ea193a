package dev.rollback.core.postmortem;

import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.NotificationRecord;
import dev.rollback.core.RunResult;
import dev.rollback.core.StepResult;
import dev.rollback.spi.ContainerImage;
import dev.rollback.spi.PodHealthReport;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.Version;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the parts of one postmortem (title, summary, decision, impact, action items, verification)
 * read from a run, most of it more than once: found in one pass over the journal, or written the
 * first time it is asked for. Confined to the thread building the postmortem.
 */
final class RunFacts {
  final RunResult run;
  /** {@code run.deployment().toString()}. */
  final String deployment;
  /** The first failed step, or the first decision that answered No. */
  final @Nullable JournalEntry firstProblem;
  /** The end of <i>Update service selector</i>, when it switched traffic. */
  final @Nullable JournalEntry trafficShiftedBack;
  /** Whether the run went through <i>Halt manual rollback</i>. */
  final boolean halted;
  /** Whether the journal reaches <i>End</i>. */
  final boolean ended;
  /** How many notification attempts failed. */
  final int failedDeliveries;
  private @Nullable String smokeSummary;
  private @Nullable String podSummary;
  private @Nullable String fromWithImages;

  RunFacts(RunResult run) {
    this.run = run;
    this.deployment = run.deployment().toString();
    JournalEntry problem = null;
    JournalEntry shifted = null;
    boolean halt = false;
    List<JournalEntry> journal = run.journal();
    for (int i = 0; i < journal.size(); i++) {
      JournalEntry e = journal.get(i);
      if (problem == null && (e.result() == StepResult.FAILED || e.result() == StepResult.NO)) {
        problem = e;
      }
      if (shifted == null && e.node() == Node.UPDATE_SELECTOR && e.result() == StepResult.DONE) {
        shifted = e;
      }
      halt |= e.node() == Node.HALT_MANUAL;
    }
    this.firstProblem = problem;
    this.trafficShiftedBack = shifted;
    this.halted = halt;
    this.ended = !journal.isEmpty() && journal.get(journal.size() - 1).node() == Node.END;
    int failed = 0;
    for (NotificationRecord n : run.notifications()) {
      if (!n.delivered()) {
        failed++;
      }
    }
    this.failedDeliveries = failed;
  }

  /** Returns {@code run.smoke().summary()}, or null when the smoke tests did not run. */
  @Nullable String smokeSummary() {
    SmokeResult smoke = run.smoke();
    if (smokeSummary == null && smoke != null) {
      smokeSummary = smoke.summary();
    }
    return smokeSummary;
  }

  /** Returns {@code run.podHealth().summary()}, or null when pod health was not checked. */
  @Nullable String podSummary() {
    PodHealthReport health = run.podHealth();
    if (podSummary == null && health != null) {
      podSummary = health.summary();
    }
    return podSummary;
  }

  /** Returns {@link #withImages(StringBuilder, Version)} of the run's failing version, or null when it is not known. */
  @Nullable String fromWithImages() {
    Version from = run.from();
    if (fromWithImages == null && from != null) {
      fromWithImages = withImages(new StringBuilder(64), from).toString();
    }
    return fromWithImages;
  }

  /** Appends the version and its images, e.g. {@code v2 (app=registry.example.com/shop/checkout:1.5.0)}. */
  static StringBuilder withImages(StringBuilder out, Version v) {
    out.append(v.id()).append(" (");
    List<ContainerImage> images = v.images();
    for (int i = 0; i < images.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(images.get(i).container()).append('=').append(images.get(i).image().value());
    }
    return out.append(')');
  }
}
