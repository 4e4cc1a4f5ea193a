package dev.rollback.core.postmortem;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.core.JournalEntry;
import dev.rollback.core.Resumption;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.WorkflowGraph;
import dev.rollback.spi.ContainerImage;
import dev.rollback.spi.PodHealth;
import dev.rollback.spi.PodHealthReport;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Builds a {@link Postmortem} from a run's result: every fact comes from the journal or the result. */
final class PostmortemFactory {
  /** The sections people complete: the same for every postmortem. */
  private static final List<Postmortem.HumanSection> HUMAN_SECTIONS = List.of(
      new Postmortem.HumanSection("Root cause",
          "What in the new version caused the regression, and why did it reach production? Ask why until"
              + " you reach something a process or a system can change; name no person.", 2),
      new Postmortem.HumanSection("Lessons learned", "Complete the three parts below together in the review.", 2),
      new Postmortem.HumanSection("What went well",
          "What worked: detection, the automatic rollback, the notifications, the people?", 3),
      new Postmortem.HumanSection("What went badly", "What slowed the response down or made it worse?", 3),
      new Postmortem.HumanSection("Where we got lucky",
          "What went right by chance, and would not next time?", 3));

  private PostmortemFactory() {}

  /** Returns the postmortem of {@code result}. */
  public static Postmortem create(RunResult result, WorkflowGraph graph) {
    RunFacts facts = new RunFacts(result);
    List<JournalEntry> journal = result.journal();
    List<Postmortem.TimelineRow> timeline = new ArrayList<>(journal.size());
    List<Resumption> resumptions = result.resumptions().isEmpty() ? List.of() : new ArrayList<>(result.resumptions());
    for (int i = 0; i < journal.size(); i++) {
      JournalEntry e = journal.get(i);
      String detail = e.detail();
      // The first step after a resumption is where another engine took the run over: say so in its row.
      if (!resumptions.isEmpty()) {
        for (Resumption r : List.copyOf(resumptions)) {
          if (r.node() == e.node() && !e.start().isBefore(r.resumedAt())) {
            detail = "RESUMED by " + r.holder() + " at " + r.resumedAt() + " after an interruption (the run was"
                + " last saved at " + r.lastSavedAt() + "). " + detail;
            resumptions.remove(r);
          }
        }
      }
      timeline.add(new Postmortem.TimelineRow(
          i + 1, e.node(), e.start(), e.end(), e.result(), e.failure(), detail, e.cause(), e.edge()));
    }
    return new Postmortem(
        Postmortem.SCHEMA_VERSION,
        Narrative.title(facts),
        LocalDate.ofInstant(result.startedAt(), ZoneOffset.UTC),
        "draft",
        facts.ended,
        result.runId().value(),
        new Postmortem.Deployment(
            result.deployment().cluster(), result.deployment().namespace(), result.deployment().name()),
        result.outcome(),
        result.startedAt(),
        result.endedAt(),
        Narrative.summary(facts),
        impact(facts),
        detection(result.trigger()),
        Narrative.decision(facts),
        version(result.from()),
        version(result.to()),
        timeline,
        verification(facts),
        result.notifications(),
        ActionItems.of(facts),
        HUMAN_SECTIONS,
        graph);
  }

  private static Postmortem.Impact impact(RunFacts facts) {
    RunResult result = facts.run;
    Instant start;
    String startBasis;
    if (result.trigger() instanceof Trigger.Detected detected) {
      Finding finding = detected.finding();
      start = finding.anomalyStart();
      startBasis = "first bad sample, as reported by detector " + finding.detector();
    } else {
      start = result.startedAt();
      startBasis = "start of the run: it was triggered by hand, so the first bad sample is not known and"
          + " the impact began earlier";
    }
    JournalEntry shifted = facts.trafficShiftedBack;
    Instant end = shifted == null ? result.endedAt() : shifted.end();
    String endBasis = shifted != null
        ? "traffic shifted back" + (result.to() == null ? "" : " to " + result.to().id()) + " (Update service selector)"
        : "end of the run: traffic was never shifted back, so the impact may continue";
    return new Postmortem.Impact(start, startBasis, end.isBefore(start) ? start : end, endBasis, shifted != null);
  }

  private static Postmortem.Detection detection(Trigger trigger) {
    if (trigger instanceof Trigger.Detected detected) {
      Finding f = detected.finding();
      List<Postmortem.Signal> signals = new ArrayList<>(f.evidence().size());
      for (Evidence e : f.evidence()) {
        signals.add(new Postmortem.Signal(e.metric(), e.rule(), e.observed(), e.expected(), e.explanation(), e.trace()));
      }
      return new Postmortem.Detection(true, f.detector(), f.summary(), signals, f.anomalyStart(), f.detectedAt());
    }
    Trigger.Manual manual = (Trigger.Manual) trigger;
    return new Postmortem.Detection(false, manual.operator(), manual.reason(), List.of(), null, null);
  }

  private static Postmortem.@Nullable VersionInfo version(@Nullable Version version) {
    if (version == null) {
      return null;
    }
    List<ContainerImage> images = version.images();
    List<Postmortem.Image> out = new ArrayList<>(images.size());
    for (ContainerImage i : images) {
      out.add(new Postmortem.Image(i.container(), i.image().value()));
    }
    return new Postmortem.VersionInfo(version.id(), out);
  }

  private static Postmortem.Verification verification(RunFacts facts) {
    RunResult result = facts.run;
    ReadinessSnapshot readiness = result.readiness();
    PodHealthReport health = result.podHealth();
    SmokeResult smoke = result.smoke();
    Postmortem.PodReport pods = null;
    if (health != null) {
      List<Postmortem.Pod> list = new ArrayList<>(health.pods().size());
      for (PodHealth p : health.pods()) {
        list.add(new Postmortem.Pod(p.pod(), p.ready(), p.restarts(), p.problems()));
      }
      pods = new Postmortem.PodReport(health.allHealthy(), Objects.requireNonNull(facts.podSummary()), list,
          health.workloadProblems());
    }
    Postmortem.SmokeReport smokeReport = null;
    if (smoke != null) {
      List<Postmortem.Check> checks = new ArrayList<>(smoke.checks().size());
      for (SmokeCheck c : smoke.checks()) {
        checks.add(new Postmortem.Check(c.name(), c.passed(), c.detail(), c.duration()));
      }
      smokeReport = new Postmortem.SmokeReport(smoke.passed(), Objects.requireNonNull(facts.smokeSummary()), checks);
    }
    return new Postmortem.Verification(readiness == null ? null : readiness.toString(), pods, smokeReport);
  }
}
