package dev.rollback.spi;

import java.time.Instant;

/**
 * One observation of a metric.
 *
 * @param at when it was observed
 * @param value the value; {@link Double#NaN} marks a sample the source could not compute (detectors
 *     drop it), infinities are kept as observed
 */
public record Sample(Instant at, double value) {
  /** Validates the timestamp is present. */
  public Sample {
    Checks.present(at, "Sample.at");
  }
}
