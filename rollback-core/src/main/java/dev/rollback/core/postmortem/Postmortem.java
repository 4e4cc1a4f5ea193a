package dev.rollback.core.postmortem;

import dev.rollback.core.Edge;
import dev.rollback.core.FailureKind;
import dev.rollback.core.Lane;
import dev.rollback.core.MetricTrace;
import dev.rollback.core.Node;
import dev.rollback.core.NotificationRecord;
import dev.rollback.core.RunResult;
import dev.rollback.core.StepResult;
import dev.rollback.core.WorkflowGraph;
import dev.rollback.core.internal.format.Redaction;
import dev.rollback.core.internal.format.UtcTimes;
import dev.rollback.spi.RunOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A blameless postmortem draft of one run, filled from the run's journal and data: what an on-call
 * engineer takes into the review meeting. Render it with {@link #markdown()} (CommonMark with GFM
 * tables and a Mermaid diagram) or {@link #json()} (schema {@value #SCHEMA_VERSION}, documented in
 * {@code rollback-core/POSTMORTEM.md}).
 *
 * <p>The visual renderings: {@link #html()} (one self-contained page with every section, the charts
 * and the drawn workflow), {@link #charts()} (an SVG chart of each metric whose samples the
 * detection kept) and {@link #workflowSvg()} (the workflow with the run's path).
 *
 * <p>Every text field is redacted when the record is constructed: values that look like tokens,
 * passwords, bearer or basic credentials, or credentials in URLs are replaced by {@code
 * [REDACTED]}, whoever builds the record. Immutable and thread-safe.
 *
 * @param schemaVersion the version of the JSON schema, {@value #SCHEMA_VERSION}
 * @param title one line naming the deployment and what happened
 * @param date the UTC date the run started
 * @param status always {@code draft}: people complete and approve it
 * @param complete whether the run had ended when this was written; false for the draft attached to
 *     the on-call notification, whose journal stops before <i>Notify on-call engineer</i>
 * @param runId the run
 * @param deployment the deployment rolled back
 * @param outcome how the run ended
 * @param startedAt when the run started
 * @param writtenAt when the run ended, or for an incomplete draft when it was written
 * @param summary one paragraph generated from the facts
 * @param impact the impact window
 * @param detection how the problem was detected
 * @param decision why a rollback was started, or why it halted
 * @param from the failing version, when it was identified
 * @param to the previous stable version, when one was found
 * @param timeline one row per journal entry, in order
 * @param verification pod health and smoke test results
 * @param notifications every notification attempt, in order, failures included
 * @param actionItems generated follow-ups, each with an empty owner
 * @param humanSections sections people complete, each with a short prompt
 * @param graph the workflow the path diagram draws
 */
public record Postmortem(
    int schemaVersion,
    String title,
    LocalDate date,
    String status,
    boolean complete,
    String runId,
    Deployment deployment,
    RunOutcome outcome,
    Instant startedAt,
    Instant writtenAt,
    String summary,
    Impact impact,
    Detection detection,
    String decision,
    @Nullable VersionInfo from,
    @Nullable VersionInfo to,
    List<TimelineRow> timeline,
    Verification verification,
    List<NotificationRecord> notifications,
    List<ActionItem> actionItems,
    List<HumanSection> humanSections,
    WorkflowGraph graph) {

  /** The schema version this library writes. */
  public static final int SCHEMA_VERSION = 1;

  /** Validates the fields, redacts the texts and copies the lists. */
  public Postmortem {
    Objects.requireNonNull(date, "Postmortem.date");
    Objects.requireNonNull(deployment, "Postmortem.deployment");
    Objects.requireNonNull(outcome, "Postmortem.outcome");
    Objects.requireNonNull(startedAt, "Postmortem.startedAt");
    Objects.requireNonNull(writtenAt, "Postmortem.writtenAt");
    Objects.requireNonNull(impact, "Postmortem.impact");
    Objects.requireNonNull(detection, "Postmortem.detection");
    Objects.requireNonNull(verification, "Postmortem.verification");
    Objects.requireNonNull(graph, "Postmortem.graph");
    title = Redaction.text(title);
    status = Redaction.text(status);
    runId = Redaction.text(runId);
    summary = Redaction.text(summary);
    decision = Redaction.text(decision);
    timeline = List.copyOf(timeline);
    notifications = redacted(notifications);
    actionItems = List.copyOf(actionItems);
    humanSections = List.copyOf(humanSections);
  }

  /** Returns the records with their notifier and error redacted; a record that needs no change is kept as it is. */
  private static List<NotificationRecord> redacted(List<NotificationRecord> records) {
    NotificationRecord[] out = new NotificationRecord[records.size()];
    for (int i = 0; i < out.length; i++) {
      NotificationRecord n = records.get(i);
      String notifier = Redaction.text(n.notifier());
      String error = Redaction.nullable(n.error());
      out[i] = notifier == n.notifier() && error == n.error() ? n
          : new NotificationRecord(n.kind(), n.audience(), notifier, n.attempt(), n.at(), n.delivered(), error);
    }
    return List.of(out);
  }

  /** Returns the postmortem of {@code result} on the seed workflow. */
  public static Postmortem of(RunResult result) {
    return of(result, WorkflowGraph.seed());
  }

  /**
   * Returns the postmortem of {@code result}. A result whose journal does not yet reach {@link
   * Node#END} gives an incomplete draft ({@link #complete()} is false).
   */
  public static Postmortem of(RunResult result, WorkflowGraph graph) {
    return PostmortemFactory.create(result, graph);
  }

  /** Returns the nodes of the run's path, in order. */
  public List<Node> path() {
    return timeline.stream().map(TimelineRow::node).toList();
  }

  /** Returns the notification attempts that failed. */
  public List<NotificationRecord> deliveryFailures() {
    return notifications.stream().filter(n -> !n.delivered()).toList();
  }

  /** Returns the document as CommonMark with GFM tables and a {@code mermaid} code block. */
  public String markdown() {
    return MarkdownRenderer.render(this);
  }

  /** Returns the document as JSON, pretty-printed, with the schema in {@code POSTMORTEM.md}. */
  public String json() {
    return JsonRenderer.render(this);
  }

  /**
   * Returns the document as one self-contained HTML page: every section of {@link #markdown()},
   * the {@link #charts()} and the {@link #workflowSvg()} inline, a print stylesheet, no scripts and
   * nothing fetched from elsewhere (its Content-Security-Policy forbids it). Every text is
   * HTML-escaped, after the redaction every text field had when the record was built.
   */
  public String html() {
    return HtmlRenderer.render(this);
  }

  /**
   * Returns the chart of each metric in the detection's evidence whose samples were kept, in the
   * evidence's order: empty for a manual run, whose detection has no metrics. The Markdown's
   * <i>Detection</i> section links each by its {@link Chart#fileName()}.
   */
  public List<Chart> charts() {
    return Charts.of(this);
  }

  /** Returns the workflow drawn as SVG: the four lanes and 21 steps, the run's path highlighted. */
  public String workflowSvg() {
    return Charts.workflow(this);
  }

  /**
   * A chart of one metric, as a standalone SVG document.
   *
   * @param metric the metric
   * @param fileName its name beside the Markdown: {@link #chartFileName(String)} of the metric, or
   *     of the metric followed by {@code -2}, {@code -3}, ... when the evidence names it again
   * @param svg the SVG document
   */
  public record Chart(String metric, String fileName, String svg) {
    /** Validates the fields. */
    public Chart {
      Objects.requireNonNull(metric, "Chart.metric");
      Objects.requireNonNull(fileName, "Chart.fileName");
      Objects.requireNonNull(svg, "Chart.svg");
    }
  }

  /**
   * Returns the file name of {@link #workflowSvg()} beside the Markdown: {@link #fileName} of
   * {@code md} with {@code .md} replaced by {@code .workflow.svg}, which no chart's name can be.
   */
  public String workflowFileName() {
    return name("-postmortem.workflow.svg");
  }

  /** The longest part of a chart's file name that stands for its metric. */
  private static final int MAX_METRIC_IN_NAME = 64;

  /**
   * Returns the file name of the chart of {@code metric}: {@link #fileName} of {@code md} with
   * {@code .md} replaced by {@code -}, the metric (each run of characters other than {@code
   * A-Za-z0-9._-} made one {@code -}; one longer than 64 characters cut, ending with {@code -}
   * and 16 hexadecimal digits of its SHA-256) and {@code .svg}, e.g. {@code
   * 20261127T071800Z-prod-eu-1-shop-checkout-rb-1-postmortem-error_ratio.svg}; at most {@link
   * #MAX_FILE_NAME} bytes.
   *
   * @throws IllegalArgumentException when {@code metric} is blank
   */
  public String chartFileName(String metric) {
    if (metric.isBlank()) {
      throw new IllegalArgumentException("metric must not be blank");
    }
    StringBuilder safe = new StringBuilder(metric);
    replaceUnsafeRuns(safe);
    if (safe.length() > MAX_METRIC_IN_NAME) {
      String digest = digest(safe);
      safe.setLength(MAX_METRIC_IN_NAME - 1 - DIGEST_DIGITS);
      safe.append('-').append(digest);
    }
    return name("-postmortem-" + safe + ".svg");
  }

  /** The longest file name {@link #fileName} returns, in bytes (ASCII characters): the common file systems' limit. */
  public static final int MAX_FILE_NAME = 255;

  /** How many hexadecimal digits of the SHA-256 digest stand for what a shortened file name leaves out. */
  private static final int DIGEST_DIGITS = 16;

  /**
   * Returns a file name for this document that sorts by time and names the deployment, e.g.
   * {@code 20261127T071800Z-prod-eu-1-shop-checkout-rb-20261127T071800Z-1-postmortem.md}: the
   * start time, cluster, namespace, workload and run id joined by {@code -}, each run of
   * characters other than {@code A-Za-z0-9._-} made one {@code -}. A name longer than {@link
   * #MAX_FILE_NAME} bytes keeps its start and ends, before {@code -postmortem.}, with {@code -} and
   * the first 16 hexadecimal digits of the SHA-256 of the whole name (the extension left out): it
   * still sorts by time, and the Markdown and JSON names of one document differ only in their
   * extension.
   *
   * @param extension e.g. {@code md} or {@code json}
   * @throws IllegalArgumentException when {@code extension} leaves no room for the name (more than
   *     200 characters) or holds a character other than {@code A-Za-z0-9}
   */
  public String fileName(String extension) {
    if (extension.isEmpty() || extension.length() > 200 || !extension.chars().allMatch(c -> c < 0x80
        && Character.isLetterOrDigit(c))) {
      throw new IllegalArgumentException("extension '" + extension + "' must be 1 to 200 letters or digits");
    }
    return name("-postmortem." + extension);
  }

  /** Returns the start time, deployment and run id, shortened as {@link #fileName} says, followed by {@code suffix}. */
  private String name(String suffix) {
    StringBuilder out = new StringBuilder(48 + deployment.cluster().length() + deployment.namespace().length()
        + deployment.name().length() + runId.length() + suffix.length());
    UtcTimes.compact(out, startedAt);
    out.append('-').append(deployment.cluster()).append('-').append(deployment.namespace())
        .append('-').append(deployment.name()).append('-').append(runId);
    replaceUnsafeRuns(out);
    if (out.length() + suffix.length() > MAX_FILE_NAME) {
      String digest = digest(out);
      out.setLength(MAX_FILE_NAME - suffix.length() - 1 - DIGEST_DIGITS);
      out.append('-').append(digest);
    }
    return out.append(suffix).toString();
  }

  /** Returns the first {@link #DIGEST_DIGITS} hexadecimal digits of the SHA-256 of {@code name} (ASCII). */
  private static String digest(CharSequence name) {
    byte[] bytes = new byte[name.length()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) name.charAt(i); // ASCII: replaceUnsafeRuns left nothing else
    }
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
      return java.util.HexFormat.of().formatHex(hash, 0, DIGEST_DIGITS / 2);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Replaces each run of characters unsafe in a file name (anything but {@code A-Za-z0-9._-}) by
   * one {@code -}, in place; a surrogate pair is unsafe as a whole, as one code point would be.
   */
  private static void replaceUnsafeRuns(StringBuilder s) {
    int n = s.length();
    int w = 0;
    while (w < n && isSafeInFileName(s.charAt(w))) {
      w++;
    }
    boolean inRun = false;
    for (int r = w; r < n; r++) {
      char c = s.charAt(r);
      if (isSafeInFileName(c)) {
        s.setCharAt(w++, c);
        inRun = false;
      } else if (!inRun) {
        s.setCharAt(w++, '-');
        inRun = true;
      }
    }
    s.setLength(w);
  }

  private static boolean isSafeInFileName(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
  }

  /**
   * The deployment.
   *
   * @param cluster the cluster
   * @param namespace the namespace
   * @param name the workload
   */
  public record Deployment(String cluster, String namespace, String name) {
    /** Redacts the fields. */
    public Deployment {
      cluster = Redaction.text(cluster);
      namespace = Redaction.text(namespace);
      name = Redaction.text(name);
    }

    @Override
    public String toString() {
      return cluster + "/" + namespace + "/" + name;
    }
  }

  /**
   * The impact window: from the first bad sample (or the run's start, when nobody knows it) to
   * traffic shifted back (or the run's end, when it never was).
   *
   * @param start where the window opens
   * @param startBasis what {@code start} is, in words
   * @param end where it closes
   * @param endBasis what {@code end} is, in words
   * @param trafficRestored whether traffic was shifted back to the previous version
   */
  public record Impact(Instant start, String startBasis, Instant end, String endBasis, boolean trafficRestored) {
    /** Validates and redacts the fields. */
    public Impact {
      Objects.requireNonNull(start, "Impact.start");
      Objects.requireNonNull(end, "Impact.end");
      startBasis = Redaction.text(startBasis);
      endBasis = Redaction.text(endBasis);
    }

    /** Returns how long the window is. */
    public Duration duration() {
      return Duration.between(start, end);
    }
  }

  /**
   * How the problem was detected.
   *
   * @param detected whether a detector found it; false for a manual trigger
   * @param detector the detector's name, or the operator for a manual trigger
   * @param summary the detector's finding, or the operator's reason
   * @param evidence what each failing metric showed; empty for a manual trigger
   * @param anomalyStart the first bad sample, when a detector found it
   * @param detectedAt when the detector judged, when one did
   */
  public record Detection(
      boolean detected,
      String detector,
      String summary,
      List<Signal> evidence,
      @Nullable Instant anomalyStart,
      @Nullable Instant detectedAt) {
    /** Redacts the texts and copies the list. */
    public Detection {
      detector = Redaction.text(detector);
      summary = Redaction.text(summary);
      evidence = List.copyOf(evidence);
    }

    /** Returns the time from the first bad sample to the detector's verdict, when known. */
    public @Nullable Duration timeToDetect() {
      return anomalyStart == null || detectedAt == null ? null : Duration.between(anomalyStart, detectedAt);
    }
  }

  /**
   * What one metric showed.
   *
   * @param metric the metric
   * @param rule the rule it was held to
   * @param observed what was observed
   * @param expected the threshold or baseline
   * @param explanation one sentence
   * @param trace the samples the detector judged (at most {@link MetricTrace#MAX_SAMPLES}), which
   *     the metric's chart draws; null when the evidence kept none
   */
  public record Signal(
      String metric, String rule, double observed, double expected, String explanation, @Nullable MetricTrace trace) {
    /** Redacts the texts. */
    public Signal {
      metric = Redaction.text(metric);
      rule = Redaction.text(rule);
      explanation = Redaction.text(explanation);
    }

    /** Returns a signal without samples. */
    public Signal(String metric, String rule, double observed, double expected, String explanation) {
      this(metric, rule, observed, expected, explanation, null);
    }
  }

  /**
   * A version and its images.
   *
   * @param id the version
   * @param images one per container
   */
  public record VersionInfo(String id, List<Image> images) {
    /** Redacts the id and copies the list. */
    public VersionInfo {
      id = Redaction.text(id);
      images = List.copyOf(images);
    }
  }

  /**
   * A container and its image.
   *
   * @param container the container
   * @param image the image reference
   */
  public record Image(String container, String image) {
    /** Redacts the fields. */
    public Image {
      container = Redaction.text(container);
      image = Redaction.text(image);
    }
  }

  /**
   * One step of the run.
   *
   * @param step 1 for the first step
   * @param node the node
   * @param start when it started
   * @param end when it ended
   * @param result how it ended
   * @param failure how it failed, when it did
   * @param detail what happened
   * @param cause the exception behind a failure, when there was one
   * @param edge the edge the run left by, or null for End or the last step of an incomplete draft
   */
  public record TimelineRow(
      int step,
      Node node,
      Instant start,
      Instant end,
      StepResult result,
      @Nullable FailureKind failure,
      String detail,
      @Nullable String cause,
      @Nullable Edge edge) {
    /** Redacts the texts. */
    public TimelineRow {
      Objects.requireNonNull(node, "TimelineRow.node");
      detail = Redaction.text(detail);
      cause = Redaction.nullable(cause);
    }

    /** Returns the node's lane. */
    public Lane lane() {
      return node.lane();
    }

    /** Returns how long the step took. */
    public Duration duration() {
      return Duration.between(start, end);
    }
  }

  /**
   * What the cluster and the smoke tests reported.
   *
   * @param readiness the last readiness snapshot, e.g. {@code 3/3 ready}, when the run waited
   * @param pods the pod health report, when the run checked it
   * @param smoke the smoke test results, when they ran
   */
  public record Verification(@Nullable String readiness, @Nullable PodReport pods, @Nullable SmokeReport smoke) {
    /** Redacts the readiness text. */
    public Verification {
      readiness = Redaction.nullable(readiness);
    }
  }

  /**
   * The pod health report.
   *
   * @param allHealthy whether every pod was healthy
   * @param summary one line
   * @param pods one entry per pod
   * @param workloadProblems problems of the workload as a whole
   */
  public record PodReport(boolean allHealthy, String summary, List<Pod> pods, List<String> workloadProblems) {
    /** Redacts the texts and copies the lists. */
    public PodReport {
      summary = Redaction.text(summary);
      pods = List.copyOf(pods);
      workloadProblems = Redaction.all(workloadProblems);
    }
  }

  /**
   * One pod.
   *
   * @param name the pod
   * @param ready whether it was ready
   * @param restarts its restarts
   * @param problems what was wrong
   */
  public record Pod(String name, boolean ready, int restarts, List<String> problems) {
    /** Redacts the texts. */
    public Pod {
      name = Redaction.text(name);
      problems = Redaction.all(problems);
    }
  }

  /**
   * The smoke test results.
   *
   * @param passed whether every check passed
   * @param summary one line
   * @param checks one entry per check
   */
  public record SmokeReport(boolean passed, String summary, List<Check> checks) {
    /** Redacts the summary and copies the list. */
    public SmokeReport {
      summary = Redaction.text(summary);
      checks = List.copyOf(checks);
    }
  }

  /**
   * One smoke check.
   *
   * @param name what was checked
   * @param passed whether it passed
   * @param detail what was observed
   * @param duration how long it took
   */
  public record Check(String name, boolean passed, String detail, Duration duration) {
    /** Redacts the texts. */
    public Check {
      name = Redaction.text(name);
      detail = Redaction.text(detail);
    }
  }

  /**
   * A follow-up.
   *
   * @param type what kind of follow-up
   * @param description what to do
   * @param owner who does it; empty until people assign it
   */
  public record ActionItem(ActionType type, String description, String owner) {
    /** Redacts the texts. */
    public ActionItem {
      Objects.requireNonNull(type, "ActionItem.type");
      description = Redaction.text(description);
      owner = Redaction.text(owner);
    }
  }

  /** The kind of a follow-up, as in the Google SRE and PagerDuty postmortem templates. */
  public enum ActionType {
    /** Restores or protects service now. */
    MITIGATE,
    /** Keeps it from happening again. */
    PREVENT,
    /** Finds out what happened or why. */
    INVESTIGATE;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** Returns the lower-case name used in the documents, e.g. {@code mitigate}. */
    public String label() {
      return label;
    }
  }

  /**
   * A section people complete.
   *
   * @param title its heading
   * @param prompt what to write there
   * @param level its heading level, 2 or 3
   */
  public record HumanSection(String title, String prompt, int level) {}
}
