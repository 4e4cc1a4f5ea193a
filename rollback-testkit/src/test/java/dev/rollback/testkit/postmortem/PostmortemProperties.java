package dev.rollback.testkit.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.testkit.TestRig;
import dev.rollback.testkit.jqwik.RollbackArbitraries;
import dev.rollback.testkit.jqwik.ScenarioScript;
import java.util.List;
import java.util.stream.StreamSupport;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 3: for arbitrary runs (throws, hangs, malformed answers, slowness at any node), the
 * postmortem's timeline has one row per journal step in order, its path is the run's path, and its
 * outcome is the run's outcome, in the model, the Markdown and the JSON.
 */
class PostmortemProperties {
  private static final Trigger TRIGGER = Trigger.manual("prop@example.com", "generated scenario");

  @Provide
  Arbitrary<ScenarioScript> scenarios() {
    return RollbackArbitraries.scenarios();
  }

  @Property(tries = 300)
  void timelinePathAndOutcomeMatchTheRun(@ForAll("scenarios") ScenarioScript scenario) {
    TestRig rig = TestRig.create();
    scenario.applyTo(rig.script());
    RunResult result = rig.run(TRIGGER);
    Postmortem pm = Postmortem.of(result);

    assertEquals(result.outcome(), pm.outcome());
    assertEquals(result.path(), pm.path());
    assertTrue(pm.complete());
    assertEquals(result.journal().size(), pm.timeline().size());
    for (int i = 0; i < result.journal().size(); i++) {
      JournalEntry e = result.journal().get(i);
      Postmortem.TimelineRow row = pm.timeline().get(i);
      assertEquals(i + 1, row.step());
      assertEquals(e.node(), row.node());
      assertEquals(e.start(), row.start());
      assertEquals(e.result(), row.result());
      assertEquals(e.edge(), row.edge());
    }

    List<List<String>> rows = Documents.markdown(pm.markdown())
        .table("#", "Start (UTC)", "Node", "Lane", "Step", "Duration", "Result", "Detail");
    assertEquals(result.path().stream().map(Node::seedId).toList(), rows.stream().map(r -> r.get(2)).toList());
    assertEquals(result.journal().stream().map(e -> e.start().toString()).toList(),
        rows.stream().map(r -> r.get(1)).toList());

    JsonNode json = Documents.json(pm.json());
    assertEquals(result.outcome().name(), json.get("outcome").asText());
    assertEquals(result.path().stream().map(Node::seedId).toList(),
        StreamSupport.stream(json.get("path").spliterator(), false).map(JsonNode::asText).toList());
    assertEquals(result.journal().size(), json.get("timeline").size());
  }
}
