package dev.rollback.core.postmortem;

import dev.rollback.core.Edge;
import dev.rollback.core.MetricTrace;
import dev.rollback.core.NotificationRecord;
import dev.rollback.spi.Sample;
import org.jspecify.annotations.Nullable;

/**
 * Renders a {@link Postmortem} as JSON. The field names and their meaning are the schema
 * documented in {@code rollback-core/POSTMORTEM.md}; times are ISO-8601 UTC instants, durations
 * ISO-8601 durations. A change that renames or removes a field raises {@code schemaVersion}.
 */
final class JsonRenderer {
  private JsonRenderer() {}

  /** Writes a trace; only evidence that kept samples has one, so documents without keep their shape. */
  private static void trace(JsonWriter w, MetricTrace t) {
    w.beginObject().field("baselineFrom", t.baselineFrom()).field("releasedAt", t.releasedAt())
        .field("judgedAt", t.judgedAt()).name("stride").value(t.stride()).name("alarmLimit");
    Double limit = t.alarmLimit();
    if (limit == null) {
      w.value((String) null);
    } else {
      w.value(limit.doubleValue());
    }
    w.name("samples").beginArray();
    for (Sample sample : t.samples()) {
      w.beginObject().field("at", sample.at()).name("value").value(sample.value()).endObject();
    }
    w.endArray().endObject();
  }

  /** Returns the document. */
  public static String render(Postmortem pm) {
    JsonWriter w = new JsonWriter(estimate(pm)).beginObject();
    w.name("schemaVersion").value(pm.schemaVersion());
    w.field("kind", "rollback-postmortem");
    w.field("title", pm.title());
    w.field("date", pm.date());
    w.field("status", pm.status());
    w.name("complete").value(pm.complete());
    w.field("runId", pm.runId());
    w.name("deployment").beginObject()
        .field("cluster", pm.deployment().cluster())
        .field("namespace", pm.deployment().namespace())
        .field("name", pm.deployment().name())
        .endObject();
    w.field("outcome", pm.outcome());
    w.field("startedAt", pm.startedAt());
    w.field("writtenAt", pm.writtenAt());
    w.field("summary", pm.summary());

    Postmortem.Impact impact = pm.impact();
    w.name("impact").beginObject()
        .field("start", impact.start())
        .field("startBasis", impact.startBasis())
        .field("end", impact.end())
        .field("endBasis", impact.endBasis())
        .field("duration", impact.duration())
        .name("trafficRestored").value(impact.trafficRestored())
        .endObject();

    Postmortem.Detection d = pm.detection();
    w.name("detection").beginObject()
        .field("trigger", d.detected() ? "detector" : "manual")
        .field(d.detected() ? "detector" : "operator", d.detector())
        .field(d.detected() ? "finding" : "reason", d.summary())
        .field("anomalyStart", d.anomalyStart())
        .field("detectedAt", d.detectedAt())
        .field("timeToDetect", d.timeToDetect())
        .name("evidence").beginArray();
    for (Postmortem.Signal s : d.evidence()) {
      w.beginObject().field("metric", s.metric()).field("rule", s.rule())
          .name("observed").value(s.observed()).name("expected").value(s.expected())
          .field("explanation", s.explanation());
      MetricTrace trace = s.trace();
      if (trace != null) {
        trace(w.name("trace"), trace);
      }
      w.endObject();
    }
    w.endArray().endObject();

    w.field("decision", pm.decision());
    w.name("versions").beginObject();
    version(w.name("from"), pm.from());
    version(w.name("to"), pm.to());
    w.endObject();

    w.name("timeline").beginArray();
    for (Postmortem.TimelineRow row : pm.timeline()) {
      Edge edge = row.edge();
      w.beginObject()
          .name("step").value(row.step())
          .field("node", row.node().seedId())
          .field("label", row.node().label())
          .field("lane", row.lane().title())
          .field("start", row.start())
          .field("end", row.end())
          .field("duration", row.duration())
          .field("result", row.result())
          .field("failure", row.failure())
          .field("detail", row.detail())
          .field("cause", row.cause());
      w.name("edge");
      if (edge == null) {
        w.value((String) null);
      } else {
        w.beginObject().field("to", edge.to().seedId()).field("label", edge.label()).field("kind", edge.kind())
            .endObject();
      }
      w.endObject();
    }
    w.endArray();
    w.name("path").beginArray();
    for (Postmortem.TimelineRow row : pm.timeline()) {
      w.value(row.node().seedId());
    }
    w.endArray();

    verification(w, pm.verification());

    w.name("notifications").beginArray();
    for (NotificationRecord n : pm.notifications()) {
      w.beginObject().field("at", n.at()).field("kind", n.kind()).field("audience", n.audience())
          .field("notifier", n.notifier()).name("attempt").value(n.attempt())
          .name("delivered").value(n.delivered()).field("error", n.error()).endObject();
    }
    w.endArray();
    int deliveryFailures = 0;
    for (NotificationRecord n : pm.notifications()) {
      deliveryFailures += n.delivered() ? 0 : 1;
    }
    w.name("deliveryFailures").value(deliveryFailures);

    w.name("actionItems").beginArray();
    for (Postmortem.ActionItem a : pm.actionItems()) {
      w.beginObject().field("type", a.type().label()).field("description", a.description())
          .field("owner", a.owner()).endObject();
    }
    w.endArray();
    w.name("humanSections").beginArray();
    for (Postmortem.HumanSection h : pm.humanSections()) {
      w.beginObject().field("title", h.title()).field("prompt", h.prompt()).name("level").value(h.level())
          .field("content", (String) null).endObject();
    }
    w.endArray();
    return w.endObject().toString();
  }

  /** A generous guess of the document's length: its fixed part and the run's texts. */
  private static int estimate(Postmortem pm) {
    int n = 1600 + pm.title().length() + pm.summary().length() + pm.decision().length()
        + pm.impact().startBasis().length() + pm.impact().endBasis().length()
        + pm.detection().summary().length() + 300 * pm.detection().evidence().size();
    for (Postmortem.TimelineRow row : pm.timeline()) {
      n += 480 + row.detail().length() + (row.cause() == null ? 0 : row.cause().length());
    }
    n += 220 * pm.notifications().size();
    for (Postmortem.ActionItem a : pm.actionItems()) {
      n += 90 + a.description().length();
    }
    Postmortem.Verification v = pm.verification();
    if (v.pods() != null) {
      n += 150 * v.pods().pods().size() + 100 * v.pods().workloadProblems().size();
    }
    if (v.smoke() != null) {
      n += 150 * v.smoke().checks().size();
    }
    return n + n / 16;
  }

  private static void version(JsonWriter w, Postmortem.@Nullable VersionInfo v) {
    if (v == null) {
      w.value((String) null);
      return;
    }
    w.beginObject().field("id", v.id()).name("images").beginArray();
    for (Postmortem.Image i : v.images()) {
      w.beginObject().field("container", i.container()).field("image", i.image()).endObject();
    }
    w.endArray().endObject();
  }

  private static void verification(JsonWriter w, Postmortem.Verification v) {
    w.name("verification").beginObject().field("readiness", v.readiness());
    Postmortem.PodReport pods = v.pods();
    w.name("podHealth");
    if (pods == null) {
      w.value((String) null);
    } else {
      w.beginObject().name("allHealthy").value(pods.allHealthy()).field("summary", pods.summary())
          .name("pods").beginArray();
      for (Postmortem.Pod p : pods.pods()) {
        w.beginObject().field("name", p.name()).name("ready").value(p.ready())
            .name("restarts").value(p.restarts()).name("problems").beginArray();
        p.problems().forEach(w::value);
        w.endArray().endObject();
      }
      w.endArray().name("workloadProblems").beginArray();
      pods.workloadProblems().forEach(w::value);
      w.endArray().endObject();
    }
    Postmortem.SmokeReport smoke = v.smoke();
    w.name("smoke");
    if (smoke == null) {
      w.value((String) null);
    } else {
      w.beginObject().name("passed").value(smoke.passed()).field("summary", smoke.summary())
          .name("checks").beginArray();
      for (Postmortem.Check c : smoke.checks()) {
        w.beginObject().field("name", c.name()).name("passed").value(c.passed())
            .field("duration", c.duration()).field("detail", c.detail()).endObject();
      }
      w.endArray().endObject();
    }
    w.endObject();
  }
}
