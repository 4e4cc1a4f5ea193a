package dev.rollback.core.detect;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.core.detect.internal.Texts;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Judges several metrics at once, each by its own {@link Detector}, and scores them like Kayenta's
 * weighted-sum scorer: the score is 100 times the weight of the passing metrics over the weight of
 * the metrics that could be judged. The deployment is anomalous when the score is below {@code
 * passScore}, when a metric marked {@code critical} fails, or when a detector reports a critical
 * anomaly.
 *
 * <p>Metrics whose detector answers {@link Verdict.Insufficient} or {@link Verdict.NoData} are left
 * out of the score. If no metric could be judged, the verdict is {@link Verdict.NoData} when some
 * metric has no data, else {@link Verdict.Insufficient}. The finding lists every failing metric
 * with its explanation, so the alert says which metrics failed and by how much.
 *
 * <p>Immutable and thread-safe if its detectors are; create with {@link #builder()}.
 */
public final class MultiMetricJudge implements Detector {

  /**
   * One judged metric.
   *
   * @param detector the detector of the metric
   * @param label how the metric is named in findings, e.g. "error ratio"
   * @param weight its share of the score, > 0
   * @param critical whether its failure alone means rollback
   */
  public record Entry(Detector detector, String label, double weight, boolean critical) {
    /** Validates the fields. */
    public Entry {
      Objects.requireNonNull(detector, "Entry.detector");
      Objects.requireNonNull(label, "Entry.label");
    }
  }

  private final List<Entry> entries;
  private final double passScore;
  private final String name;

  private MultiMetricJudge(List<Entry> entries, double passScore, String name) {
    this.entries = List.copyOf(entries);
    this.passScore = passScore;
    this.name = name;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /** Returns the judged metrics in order. */
  public List<Entry> entries() {
    return entries;
  }

  @Override
  public Verdict judge(DetectionContext context) throws InterruptedException {
    double judgedWeight = 0;
    double passingWeight = 0;
    List<Entry> failed = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    List<String> healthy = new ArrayList<>();
    Verdict.NoData noData = null;
    boolean criticalFailure = false;
    for (Entry entry : entries) {
      Verdict verdict = entry.detector().judge(context);
      if (verdict == null) {
        // A broken contract is reported, not judged around: the monitor logs it and judges again.
        throw new IllegalStateException("the detector of metric '" + entry.label() + "' ("
            + entry.detector().getClass().getName() + ") answered null instead of a verdict");
      }
      if (verdict instanceof Verdict.Healthy h) {
        judgedWeight += entry.weight();
        passingWeight += entry.weight();
        healthy.add(h.detail());
      } else if (verdict instanceof Verdict.Anomalous a) {
        judgedWeight += entry.weight();
        failed.add(entry);
        findings.add(a.finding());
        criticalFailure |= entry.critical() || a.critical();
      } else if (verdict instanceof Verdict.NoData n) {
        noData = noData == null ? n : noData;
        waiting.add(entry.label() + ": " + n.reason());
      } else if (verdict instanceof Verdict.Insufficient i) {
        waiting.add(entry.label() + ": " + i.reason());
      }
    }
    if (judgedWeight == 0) {
      return noData != null ? noData : new Verdict.Insufficient(String.join("; ", waiting));
    }
    double score = 100 * passingWeight / judgedWeight;
    if (!criticalFailure && score >= passScore) {
      String detail = String.format(java.util.Locale.ROOT, "score %s of 100 (needs %s)%s: %s", Texts.number(score),
          Texts.number(passScore), failed.isEmpty() ? "" : ", " + failed.size() + " metric(s) failed within the margin",
          String.join("; ", healthy));
      return new Verdict.Healthy(detail);
    }
    List<Evidence> evidence = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (int i = 0; i < failed.size(); i++) {
      Entry entry = failed.get(i);
      Finding finding = findings.get(i);
      evidence.addAll(finding.evidence());
      reasons.add((entry.critical() ? "critical metric " : "") + finding.summary());
    }
    int judged = failed.size() + healthy.size();
    String summary = failed.size() + " of " + judged + " judged metrics failed (score " + Texts.number(score)
        + " of 100, needs " + Texts.number(passScore) + (criticalFailure ? ", a critical metric failed" : "") + "): "
        + String.join("; ", reasons);
    Instant start = findings.stream().map(Finding::anomalyStart).min(Comparator.naturalOrder()).orElseThrow();
    return new Verdict.Anomalous(new Finding(name, summary, evidence, start, context.now()), criticalFailure);
  }

  /** Builds a {@link MultiMetricJudge}; {@link #build()} reports every bad setting at once. */
  public static final class Builder {
    private final List<Entry> entries = new ArrayList<>();
    private double passScore = 75;
    private String name = "multi-metric";

    private Builder() {}

    /** Adds a metric judged by {@code detector} with {@code weight}, critical or not. */
    public Builder metric(String label, Detector detector, double weight, boolean critical) {
      entries.add(new Entry(detector, label, weight, critical));
      return this;
    }

    /** Adds a critical metric of weight 1: its failure alone means rollback. */
    public Builder critical(String label, Detector detector) {
      return metric(label, detector, 1, true);
    }

    /** Sets the score below which the deployment fails, in (0, 100]; default 75 (Kayenta's marginal). */
    public Builder passScore(double passScore) {
      this.passScore = passScore;
      return this;
    }

    /** Sets the name in findings; default "multi-metric". */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Returns the judge.
     *
     * @throws InvalidConfigurationException listing every bad setting
     */
    public MultiMetricJudge build() {
      ConfigProblems problems = ConfigProblems.of("MultiMetricJudge");
      if (entries.isEmpty()) {
        problems.add("at least one metric is required");
      }
      for (int i = 0; i < entries.size(); i++) {
        Entry e = entries.get(i);
        if (!(e.weight() > 0) || Double.isInfinite(e.weight())) {
          problems.add("metrics[" + i + "] (" + e.label() + ").weight must be a finite number > 0 but was " + e.weight());
        }
        if (e.label().isBlank()) {
          problems.add("metrics[" + i + "].label must not be blank");
        }
      }
      if (!(passScore > 0 && passScore <= 100)) {
        problems.add("passScore must be in (0, 100] but was " + passScore);
      }
      if (name.isBlank()) {
        problems.add("name must not be blank");
      }
      problems.throwIfAny();
      return new MultiMetricJudge(entries, passScore, name);
    }
  }
}
