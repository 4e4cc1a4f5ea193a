package dev.rollback.core.postmortem;

import dev.rollback.core.MetricTrace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The drawings of a postmortem: a chart per metric whose samples the detection kept ({@link
 * MetricChart}) and the workflow ({@link WorkflowSvg}). Stateless and thread-safe.
 */
final class Charts {
  private Charts() {}

  /** A signal that has a chart, its file name and the id its drawing's ids start with. */
  record Charted(Postmortem.Signal signal, MetricTrace trace, String fileName, String id) {}

  /** Returns the signals of {@code pm} that have a chart, in the evidence's order, with their file names. */
  static List<Charted> charted(Postmortem pm) {
    List<Charted> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Postmortem.Signal s : pm.detection().evidence()) {
      MetricTrace trace = s.trace();
      if (trace == null) {
        continue;
      }
      int n = seen.merge(s.metric(), 1, Integer::sum);
      String name = pm.chartFileName(n == 1 ? s.metric() : s.metric() + "-" + n);
      out.add(new Charted(s, trace, name, "chart-" + (out.size() + 1)));
    }
    return out;
  }

  /** Returns the charts of {@code pm}, as {@link Postmortem#charts()} documents. */
  public static List<Postmortem.Chart> of(Postmortem pm) {
    List<Postmortem.Chart> out = new ArrayList<>();
    for (Charted c : charted(pm)) {
      out.add(new Postmortem.Chart(c.signal().metric(), c.fileName(), render(pm, c)));
    }
    return List.copyOf(out);
  }

  /** Returns the chart of {@code c}. */
  static String render(Postmortem pm, Charted c) {
    return MetricChart.render(pm, c.signal(), c.trace(), c.id());
  }

  /** Returns the workflow of {@code pm}, as {@link Postmortem#workflowSvg()} documents. */
  public static String workflow(Postmortem pm) {
    return WorkflowSvg.render(pm, "workflow");
  }
}
