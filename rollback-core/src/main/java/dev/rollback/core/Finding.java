package dev.rollback.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Why a detector judged a deployment anomalous: the reason a rollback starts.
 *
 * @param detector the detector's name, e.g. "slo-threshold"
 * @param summary one sentence, e.g. "error_ratio above 1% for 3 consecutive samples"
 * @param evidence one entry per metric that failed, at least one
 * @param anomalyStart the time of the first bad sample: where the impact window opens
 * @param detectedAt when the detector judged
 */
public record Finding(
    String detector, String summary, List<Evidence> evidence, Instant anomalyStart, Instant detectedAt) {
  /** Validates the fields and copies the list. */
  public Finding {
    Objects.requireNonNull(detector, "Finding.detector");
    Objects.requireNonNull(summary, "Finding.summary");
    Objects.requireNonNull(anomalyStart, "Finding.anomalyStart");
    Objects.requireNonNull(detectedAt, "Finding.detectedAt");
    evidence = List.copyOf(evidence);
    if (evidence.isEmpty()) {
      throw new IllegalArgumentException("Finding.evidence must not be empty");
    }
    if (anomalyStart.isAfter(detectedAt)) {
      throw new IllegalArgumentException(
          "Finding.anomalyStart (" + anomalyStart + ") must not be after detectedAt (" + detectedAt + ")");
    }
  }
}
