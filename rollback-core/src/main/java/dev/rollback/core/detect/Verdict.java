package dev.rollback.core.detect;

import dev.rollback.core.Finding;
import java.util.Objects;

/** A detector's judgement of a deployment at one moment. */
public sealed interface Verdict {

  /** Nothing is wrong. */
  record Healthy(String detail) implements Verdict {}

  /** Too little data to judge yet (e.g. fewer samples than the detector needs): judge again later. */
  record Insufficient(String reason) implements Verdict {}

  /**
   * The metrics the detector needs have no data (Kayenta's {@code Nodata}): the source answers
   * nothing, or only NaN, for a window that should have samples. The {@link DecisionPolicy} says
   * whether that means waiting, paging a human or rolling back.
   *
   * @param metric the metric without data
   * @param reason one sentence, e.g. "error_ratio has no samples in the 60 min before the deployment"
   */
  record NoData(String metric, String reason) implements Verdict {
    /** Validates the fields. */
    public NoData {
      Objects.requireNonNull(metric, "Verdict.NoData.metric");
      Objects.requireNonNull(reason, "Verdict.NoData.reason");
    }
  }

  /**
   * Something is wrong: the finding explains what.
   *
   * @param finding what was found
   * @param critical whether the anomaly alone fails a {@link MultiMetricJudge}, whatever the
   *     weights (Kayenta's critical effect size)
   */
  record Anomalous(Finding finding, boolean critical) implements Verdict {
    /** Validates the finding. */
    public Anomalous {
      Objects.requireNonNull(finding, "Verdict.Anomalous.finding");
    }

    /** Returns a non-critical anomaly. */
    public Anomalous(Finding finding) {
      this(finding, false);
    }
  }
}
