package dev.rollback.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one metric showed: the rule it was held to, what was observed against what was expected,
 * and the samples the judgement used.
 *
 * @param metric the metric's logical name
 * @param rule the rule, e.g. "error_ratio > 0.01 for 3 consecutive samples"
 * @param observed the observed value (e.g. the last sample, or the post-deploy median)
 * @param expected the threshold or baseline it was compared to
 * @param explanation one sentence for an on-call engineer, e.g. "error ratio 4.2% is above the
 *     1% limit for the last 3 samples"
 * @param trace the samples the judgement used (at most {@link MetricTrace#MAX_SAMPLES}), or null
 *     when there were none (a metric without data) or the evidence was made without them
 */
public record Evidence(
    String metric, String rule, double observed, double expected, String explanation, @Nullable MetricTrace trace) {
  /** Validates the texts. */
  public Evidence {
    Objects.requireNonNull(metric, "Evidence.metric");
    Objects.requireNonNull(rule, "Evidence.rule");
    Objects.requireNonNull(explanation, "Evidence.explanation");
    if (metric.isBlank() || rule.isBlank() || explanation.isBlank()) {
      throw new IllegalArgumentException("Evidence.metric, rule and explanation must not be blank");
    }
  }

  /** Returns evidence without samples, as before traces were kept. */
  public Evidence(String metric, String rule, double observed, double expected, String explanation) {
    this(metric, rule, observed, expected, explanation, null);
  }
}
