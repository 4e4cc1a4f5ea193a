package dev.rollback.core.postmortem;

import dev.rollback.core.WorkflowGraph;
import dev.rollback.spi.RunOutcome;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Postmortems built field by field, for tests of what is written from the fields. */
final class Postmortems {
  private Postmortems() {}

  /** A postmortem of a manual run with no step, notification or action item. */
  static Postmortem minimal(String cluster, String namespace, String name, String runId, Instant startedAt, String status) {
    return new Postmortem(
        Postmortem.SCHEMA_VERSION,
        "title",
        startedAt.atZone(ZoneOffset.UTC).toLocalDate(),
        status,
        true,
        runId,
        new Postmortem.Deployment(cluster, namespace, name),
        RunOutcome.MANUAL_NEEDED,
        startedAt,
        startedAt,
        "summary",
        new Postmortem.Impact(startedAt, "start", startedAt, "end", false),
        new Postmortem.Detection(false, "jane", "reason", List.of(), null, null),
        "decision",
        null,
        null,
        List.of(),
        new Postmortem.Verification(null, null, null),
        List.of(),
        List.of(),
        List.of(),
        WorkflowGraph.seed());
  }

  /** Returns {@link #minimal} with {@code timeline} as its steps. */
  static Postmortem withTimeline(String status, List<Postmortem.TimelineRow> timeline) {
    Postmortem m = minimal("prod", "shop", "checkout", "rb-1", Instant.parse("2026-01-01T00:00:00Z"), status);
    return new Postmortem(m.schemaVersion(), m.title(), m.date(), m.status(), m.complete(), m.runId(),
        m.deployment(), m.outcome(), m.startedAt(), m.writtenAt(), m.summary(), m.impact(), m.detection(),
        m.decision(), m.from(), m.to(), timeline, m.verification(), m.notifications(), m.actionItems(),
        m.humanSections(), m.graph());
  }
}
