package dev.rollback.core.detect;

import java.util.Objects;

/**
 * What one metric showed: the rule it was held to and what was observed against what was
 * expected.
 *
 * @param metric the metric's logical name
 * @param rule the rule, e.g. "error_ratio > 0.01 for 3 consecutive samples"
 * @param observed the observed value (e.g. the last sample, or the post-deploy median)
 * @param expected the threshold or baseline it was compared to
 * @param explanation one sentence for an on-call engineer, e.g. "error ratio 4.2% is above the
 *     1% limit for the last 3 samples"
 */
public record Evidence(String metric, String rule, double observed, double expected, String explanation) {
  /** Validates the texts. */
  public Evidence {
    Objects.requireNonNull(metric, "Evidence.metric");
    Objects.requireNonNull(rule, "Evidence.rule");
    Objects.requireNonNull(explanation, "Evidence.explanation");
    if (metric.isBlank() || rule.isBlank() || explanation.isBlank()) {
      throw new IllegalArgumentException("Evidence.metric, rule and explanation must not be blank");
    }
  }
}
