package dev.rollback.core.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Node;
import dev.rollback.core.StepResult;
import dev.rollback.core.WorkflowGraph;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The arrows of the path and the timeline, which the Markdown renderer leaves out while it writes
 * and joins the document around at the end: each is where it belongs, and nothing else moves.
 */
class PostmortemMarkdownArrowsTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void pathAndTimelineHaveArrows() {
    String md = Postmortems.withTimeline("draft", twoSteps()).markdown();

    assertTrue(md.contains("\nPath: Start → Trigger rollback alert\n"), md);
    assertTrue(md.contains("| run started |\n"), md);
    assertTrue(md.contains("| alerted → *Initiate rollback* |\n"), md);
    assertEquals(-1, md.indexOf('\u0001'));
  }

  @Test
  void aControlCharacterWrittenAsItIsStaysWhereItIs() {
    String plain = Postmortems.withTimeline("draft", twoSteps()).markdown();
    String md = Postmortems.withTimeline("draft\u0001x", twoSteps()).markdown();

    assertEquals(plain.replace("| Status | draft |", "| Status | draft\u0001x |"), md);
    assertEquals(md.indexOf('\u0001'), md.lastIndexOf('\u0001'));
  }

  @Test
  void aSingleStepHasNoArrow() {
    List<Postmortem.TimelineRow> one = List.of(
        new Postmortem.TimelineRow(1, Node.END, T, T, StepResult.DONE, null, "run ended", null, null));
    String md = Postmortems.withTimeline("draft", one).markdown();

    assertTrue(md.contains("\nPath: End\n"), md);
    assertEquals(-1, md.indexOf('→'));
  }

  private static List<Postmortem.TimelineRow> twoSteps() {
    WorkflowGraph g = WorkflowGraph.seed();
    return List.of(
        new Postmortem.TimelineRow(1, Node.START, T, T, StepResult.DONE, null, "run started", null,
            g.next(Node.START, true)),
        new Postmortem.TimelineRow(2, Node.TRIGGER_ALERT, T, T, StepResult.DONE, null, "alerted", null,
            g.next(Node.TRIGGER_ALERT, true)));
  }
}
