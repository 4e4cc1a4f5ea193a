package dev.rollback.examples;

import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.NotificationRecord;
import dev.rollback.core.RunResult;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.stream.Collectors;

/** Renders a {@link RunResult} as the plain text the demo prints. */
final class RunReport {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private RunReport() {}

  static String render(RunResult result) {
    StringBuilder out = new StringBuilder();
    out.append("Deployment: ").append(result.deployment());
    if (result.from() != null) {
      out.append("  (current ").append(result.from().id());
      out.append(result.to() == null ? ", no previous stable version" : ", previous stable " + result.to().id());
      out.append(')');
    }
    out.append('\n');
    out.append("Run: ").append(result.runId()).append(", ").append(result.duration().toSeconds())
        .append(" s of virtual time\n");
    out.append("Path: ")
        .append(result.path().stream().map(Node::label).collect(Collectors.joining(" -> ")))
        .append('\n');
    out.append("Outcome: ").append(result.outcome()).append('\n');
    out.append('\n').append("Timeline (UTC):\n");
    out.append(String.format("  %-8s  %-4s  %-30s  %-7s  %8s  %s%n", "start", "node", "step", "result", "took", "detail"));
    for (JournalEntry e : result.journal()) {
      out.append(String.format("  %-8s  %-4s  %-30s  %-7s  %8s  %s%n",
          TIME.format(e.start()), e.node().seedId(), e.node().label(), e.result(), seconds(e.duration()), e.detail()));
    }
    out.append('\n').append("Notifications:\n");
    for (NotificationRecord n : result.notifications()) {
      out.append(String.format("  %s  %-14s to %-9s via %-6s %s%n", TIME.format(n.at()), n.kind(), n.audience(),
          n.notifier(), n.delivered() ? "delivered" : "FAILED: " + n.error()));
    }
    return out.toString();
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
