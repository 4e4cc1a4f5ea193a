package dev.rollback.core.internal;

import dev.rollback.core.Edge;
import dev.rollback.core.Evidence;
import dev.rollback.core.FailureKind;
import dev.rollback.core.Finding;
import dev.rollback.core.JournalEntry;
import dev.rollback.core.Lane;
import dev.rollback.core.MetricTrace;
import dev.rollback.core.Node;
import dev.rollback.core.NotificationRecord;
import dev.rollback.core.StepResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.WorkflowGraph;
import dev.rollback.spi.Audience;
import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.ContainerImage;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.PodHealth;
import dev.rollback.spi.PodHealthReport;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Sample;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link RunState} as the JSON document a {@link dev.rollback.spi.RunStore} keeps, and
 * reads it back to resume the run. The document carries a {@code schemaVersion}.
 */
final class RunDocument {
  static final int SCHEMA_VERSION = 1;

  private RunDocument() {}

  /**
   * What a stored document says: the run's state, the node to enter next (null once the run has
   * ended) and when it was written.
   */
  record Snapshot(RunState state, @Nullable Node next, Instant savedAt) {}

  static String write(RunState run, @Nullable Node next, Instant savedAt) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schemaVersion", (long) SCHEMA_VERSION);
    doc.put("runId", run.runId.value());
    doc.put("cluster", run.deployment.cluster());
    doc.put("namespace", run.deployment.namespace());
    doc.put("name", run.deployment.name());
    doc.put("trigger", trigger(run.trigger));
    doc.put("startedAt", run.startedAt.toString());
    doc.put("overallDeadline", run.overallDeadline.toString());
    doc.put("workDeadline", run.workDeadline.toString());
    doc.put("savedAt", savedAt.toString());
    put(doc, "next", next == null ? null : next.name());
    put(doc, "from", run.from == null ? null : version(run.from));
    put(doc, "to", run.to == null ? null : version(run.to));
    put(doc, "noPreviousReason", run.noPreviousReason);
    RollbackManifest m = run.manifest;
    if (m != null) {
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("scaleDown", m.scaleDown().mode().name());
      manifest.put("floor", (long) m.scaleDown().floor());
      manifest.put("preparedAt", m.preparedAt().toString());
      doc.put("manifest", manifest);
    }
    ReadinessSnapshot r = run.readiness;
    if (r != null) {
      Map<String, Object> readiness = new LinkedHashMap<>();
      readiness.put("ready", (long) r.ready());
      readiness.put("desired", (long) r.desired());
      put(readiness, "blocker", r.blocker());
      doc.put("readiness", readiness);
    }
    PodHealthReport health = run.podHealth;
    if (health != null) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("pods", map(health.pods(), p -> {
        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("pod", p.pod());
        pod.put("ready", p.ready());
        pod.put("restarts", (long) p.restarts());
        pod.put("problems", new ArrayList<Object>(p.problems()));
        return pod;
      }));
      h.put("workloadProblems", new ArrayList<Object>(health.workloadProblems()));
      doc.put("podHealth", h);
    }
    SmokeResult smoke = run.smoke;
    if (smoke != null) {
      doc.put("smoke", map(smoke.checks(), c -> {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("name", c.name());
        check.put("passed", c.passed());
        check.put("detail", c.detail());
        check.put("durationMillis", c.duration().toMillis());
        return check;
      }));
    }
    doc.put("deployed", run.deployed);
    put(doc, "failedLane", run.failedLane == null ? null : run.failedLane.name());
    JournalEntry laneFailure = run.laneFailure;
    put(doc, "laneFailure", laneFailure == null ? null : (Object) (long) run.journal.indexOf(laneFailure));
    put(doc, "outcome", run.outcome == null ? null : run.outcome.name());
    doc.put("journal", map(run.journal, RunDocument::entry));
    doc.put("notifications", map(run.notifications, RunDocument::notification));
    if (!run.faults.isEmpty()) {
      doc.put("faults", List.copyOf(run.faults));
    }
    List<ClusterNotice> notices = run.notices.list();
    if (!notices.isEmpty()) {
      doc.put("notices", map(notices, n -> {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", n.key());
        out.put("summary", n.summary());
        if (n.action() != null) {
          out.put("action", n.action());
        }
        return out;
      }));
    }
    doc.put("resumptions", map(run.resumptions, res -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("node", res.node().name());
      out.put("interruptedAfter", res.lastSavedAt().toString());
      out.put("resumedAt", res.resumedAt().toString());
      out.put("holder", res.holder());
      return out;
    }));
    return Json.write(doc);
  }

  static Snapshot read(String text) {
    Object parsed = Json.parse(text);
    if (!(parsed instanceof Map<?, ?> raw)) {
      throw new IllegalArgumentException("a run document must be a JSON object");
    }
    Doc doc = new Doc(raw);
    long schema = doc.number("schemaVersion");
    if (schema != SCHEMA_VERSION) {
      throw new IllegalArgumentException("run document schemaVersion " + schema + " is not " + SCHEMA_VERSION);
    }
    RunState run = new RunState(
        RunId.of(doc.string("runId")),
        DeploymentRef.of(doc.string("cluster"), doc.string("namespace"), doc.string("name")),
        trigger(doc.object("trigger")),
        Instant.parse(doc.string("startedAt")),
        Instant.parse(doc.string("overallDeadline")),
        Instant.parse(doc.string("workDeadline")));
    Doc from = doc.optObject("from");
    run.from = from == null ? null : version(from);
    Doc to = doc.optObject("to");
    run.to = to == null ? null : version(to);
    run.noPreviousReason = doc.optString("noPreviousReason");
    Doc m = doc.optObject("manifest");
    if (m != null && run.from != null && run.to != null) {
      ScaleDown.Mode mode = ScaleDown.Mode.valueOf(m.string("scaleDown"));
      run.manifest = new RollbackManifest(run.runId, run.deployment, run.from, run.to,
          new ScaleDown(mode, (int) m.number("floor")), Instant.parse(m.string("preparedAt")));
    }
    Doc r = doc.optObject("readiness");
    if (r != null) {
      run.readiness = new ReadinessSnapshot((int) r.number("ready"), (int) r.number("desired"), r.optString("blocker"));
    }
    Doc h = doc.optObject("podHealth");
    if (h != null) {
      List<PodHealth> pods = new ArrayList<>();
      for (Doc p : h.objects("pods")) {
        pods.add(new PodHealth(p.string("pod"), p.bool("ready"), (int) p.number("restarts"), p.strings("problems")));
      }
      run.podHealth = new PodHealthReport(pods, h.strings("workloadProblems"));
    }
    if (doc.has("smoke")) {
      List<SmokeCheck> checks = new ArrayList<>();
      for (Doc c : doc.objects("smoke")) {
        checks.add(new SmokeCheck(c.string("name"), c.bool("passed"), c.string("detail"),
            Duration.ofMillis(c.number("durationMillis"))));
      }
      run.smoke = new SmokeResult(checks);
    }
    run.deployed = doc.bool("deployed");
    String lane = doc.optString("failedLane");
    run.failedLane = lane == null ? null : Lane.valueOf(lane);
    for (Doc e : doc.objects("journal")) {
      run.journal.add(entry(e));
    }
    if (doc.has("laneFailure")) {
      run.laneFailure = run.journal.get((int) doc.number("laneFailure"));
    }
    String outcome = doc.optString("outcome");
    run.outcome = outcome == null ? null : RunOutcome.valueOf(outcome);
    for (Doc n : doc.objects("notifications")) {
      run.notifications.add(new NotificationRecord(
          NotificationKind.valueOf(n.string("kind")), Audience.valueOf(n.string("audience")), n.string("notifier"),
          (int) n.number("attempt"), Instant.parse(n.string("at")), n.bool("delivered"), n.optString("error")));
    }
    if (doc.has("faults")) {
      run.faults.addAll(doc.strings("faults"));
    }
    if (doc.has("notices")) {
      List<ClusterNotice> notices = new ArrayList<>();
      for (Doc n : doc.objects("notices")) {
        notices.add(new ClusterNotice(n.string("key"), n.string("summary"), n.optString("action")));
      }
      run.notices.addAll(notices);
    }
    for (Doc res : doc.objects("resumptions")) {
      run.resumptions.add(new dev.rollback.core.Resumption(Node.valueOf(res.string("node")),
          Instant.parse(res.string("interruptedAfter")), Instant.parse(res.string("resumedAt")), res.string("holder")));
    }
    String next = doc.optString("next");
    return new Snapshot(run, next == null ? null : Node.valueOf(next), Instant.parse(doc.string("savedAt")));
  }

  private static Map<String, Object> entry(JournalEntry e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node", e.node().name());
    out.put("start", e.start().toString());
    out.put("end", e.end().toString());
    out.put("result", e.result().name());
    out.put("detail", e.detail());
    put(out, "failure", e.failure() == null ? null : e.failure().name());
    put(out, "cause", e.cause());
    Edge edge = e.edge();
    put(out, "edgeTo", edge == null ? null : edge.to().name());
    return out;
  }

  private static JournalEntry entry(Doc e) {
    Node node = Node.valueOf(e.string("node"));
    String to = e.optString("edgeTo");
    Edge edge = to == null ? null : WorkflowGraph.seed().edge(node, Node.valueOf(to))
        .orElseThrow(() -> new IllegalArgumentException("run document: no edge from " + node + " to " + to));
    String failure = e.optString("failure");
    return new JournalEntry(node, Instant.parse(e.string("start")), Instant.parse(e.string("end")),
        StepResult.valueOf(e.string("result")), e.string("detail"),
        failure == null ? null : FailureKind.valueOf(failure), e.optString("cause"), edge);
  }

  private static Map<String, Object> notification(NotificationRecord n) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", n.kind().name());
    out.put("audience", n.audience().name());
    out.put("notifier", n.notifier());
    out.put("attempt", (long) n.attempt());
    out.put("at", n.at().toString());
    out.put("delivered", n.delivered());
    put(out, "error", n.error());
    return out;
  }

  private static Map<String, Object> version(Version v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", v.id());
    Map<String, Object> images = new LinkedHashMap<>();
    v.images().forEach(i -> images.put(i.container(), i.image().value()));
    out.put("images", images);
    return out;
  }

  private static Version version(Doc d) {
    List<ContainerImage> images = new ArrayList<>();
    d.object("images").raw.forEach((k, v) -> images.add(ContainerImage.of(String.valueOf(k), String.valueOf(v))));
    return new Version(d.string("id"), images);
  }

  private static Map<String, Object> trigger(Trigger trigger) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (trigger instanceof Trigger.Manual m) {
      out.put("type", "manual");
      out.put("operator", m.operator());
      out.put("reason", m.reason());
      return out;
    }
    Finding f = ((Trigger.Detected) trigger).finding();
    out.put("type", "detected");
    out.put("detector", f.detector());
    out.put("summary", f.summary());
    out.put("anomalyStart", f.anomalyStart().toString());
    out.put("detectedAt", f.detectedAt().toString());
    out.put("evidence", map(f.evidence(), ev -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("metric", ev.metric());
      e.put("rule", ev.rule());
      e.put("observed", ev.observed());
      e.put("expected", ev.expected());
      e.put("explanation", ev.explanation());
      put(e, "trace", ev.trace() == null ? null : trace(ev.trace()));
      return e;
    }));
    return out;
  }

  private static Trigger trigger(Doc d) {
    if (d.string("type").equals("manual")) {
      return Trigger.manual(d.string("operator"), d.string("reason"));
    }
    List<Evidence> evidence = new ArrayList<>();
    for (Doc e : d.objects("evidence")) {
      Doc trace = e.optObject("trace");
      evidence.add(new Evidence(e.string("metric"), e.string("rule"), e.decimal("observed"), e.decimal("expected"),
          e.string("explanation"), trace == null ? null : trace(trace)));
    }
    return Trigger.detected(new Finding(d.string("detector"), d.string("summary"), evidence,
        Instant.parse(d.string("anomalyStart")), Instant.parse(d.string("detectedAt"))));
  }

  /** The samples as {@code [time, value]} pairs: a trace holds up to {@link MetricTrace#MAX_SAMPLES} of them. */
  private static Map<String, Object> trace(MetricTrace t) {
    Map<String, Object> out = new LinkedHashMap<>();
    put(out, "baselineFrom", t.baselineFrom() == null ? null : t.baselineFrom().toString());
    out.put("releasedAt", t.releasedAt().toString());
    out.put("judgedAt", t.judgedAt().toString());
    out.put("stride", (long) t.stride());
    put(out, "alarmLimit", t.alarmLimit());
    out.put("samples", map(t.samples(), s -> List.of(s.at().toString(), s.value())));
    return out;
  }

  private static MetricTrace trace(Doc d) {
    String from = d.optString("baselineFrom");
    List<Sample> samples = new ArrayList<>();
    for (Object o : (List<?>) d.get("samples")) {
      List<?> pair = (List<?>) o;
      Object v = pair.get(1);
      samples.add(new Sample(Instant.parse(String.valueOf(pair.get(0))),
          v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v))));
    }
    return new MetricTrace(from == null ? null : Instant.parse(from), Instant.parse(d.string("releasedAt")),
        Instant.parse(d.string("judgedAt")), samples, (int) d.number("stride"),
        d.has("alarmLimit") ? d.decimal("alarmLimit") : null);
  }

  private static <T> List<Object> map(List<T> items, Function<T, Object> f) {
    List<Object> out = new ArrayList<>();
    items.forEach(i -> out.add(f.apply(i)));
    return out;
  }

  private static void put(Map<String, Object> map, String key, @Nullable Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  /** Typed access to a parsed JSON object; every miss names the field. */
  private static final class Doc {
    final Map<?, ?> raw;

    Doc(Map<?, ?> raw) {
      this.raw = raw;
    }

    boolean has(String key) {
      return raw.get(key) != null;
    }

    Object get(String key) {
      Object v = raw.get(key);
      if (v == null) {
        throw new IllegalArgumentException("run document: field '" + key + "' is missing");
      }
      return v;
    }

    String string(String key) {
      return String.valueOf(get(key));
    }

    @Nullable String optString(String key) {
      Object v = raw.get(key);
      return v == null ? null : String.valueOf(v);
    }

    long number(String key) {
      return ((Number) get(key)).longValue();
    }

    double decimal(String key) {
      Object v = get(key);
      return v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v));
    }

    boolean bool(String key) {
      return Boolean.TRUE.equals(get(key));
    }

    Doc object(String key) {
      return new Doc((Map<?, ?>) get(key));
    }

    @Nullable Doc optObject(String key) {
      Object v = raw.get(key);
      return v == null ? null : new Doc((Map<?, ?>) v);
    }

    List<Doc> objects(String key) {
      Object v = raw.get(key);
      List<Doc> out = new ArrayList<>();
      if (v != null) {
        for (Object o : (List<?>) v) {
          out.add(new Doc((Map<?, ?>) o));
        }
      }
      return out;
    }

    List<String> strings(String key) {
      List<String> out = new ArrayList<>();
      for (Object o : (List<?>) get(key)) {
        out.add(String.valueOf(o));
      }
      return out;
    }
  }
}
