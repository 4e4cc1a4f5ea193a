package dev.rollback.testkit.jqwik;

import dev.rollback.testkit.Behavior;
import dev.rollback.testkit.Op;
import dev.rollback.testkit.Script;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A generated scenario: for each scripted call, the behaviours of its first calls (later calls
 * succeed).
 *
 * @param behaviors per call, the behaviours of its first calls in order
 */
public record ScenarioScript(Map<Op, List<Behavior>> behaviors) {
  /** Copies the map. */
  public ScenarioScript {
    EnumMap<Op, List<Behavior>> copy = new EnumMap<>(Op.class);
    behaviors.forEach((op, list) -> copy.put(op, List.copyOf(list)));
    behaviors = Collections.unmodifiableMap(copy);
  }

  /** Queues this scenario's behaviours on {@code script}. */
  public Script applyTo(Script script) {
    behaviors.forEach((op, list) -> script.then(op, list.toArray(Behavior[]::new)));
    return script;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("ScenarioScript{");
    behaviors.forEach((op, list) -> {
      if (list.stream().anyMatch(b -> b != Behavior.succeed())) {
        out.append(op).append("=[");
        for (int i = 0; i < list.size(); ) {
          int j = i;
          while (j < list.size() && list.get(j).equals(list.get(i))) {
            j++;
          }
          out.append(i == 0 ? "" : ", ").append(list.get(i)).append(j - i > 1 ? " x" + (j - i) : "");
          i = j;
        }
        out.append("] ");
      }
    });
    return out.toString().trim() + "}";
  }
}
