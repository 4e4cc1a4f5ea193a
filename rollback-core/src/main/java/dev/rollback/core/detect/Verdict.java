package dev.rollback.core.detect;

/** A detector's judgement of a deployment at one moment. */
public sealed interface Verdict {

  /** Nothing is wrong. */
  record Healthy(String detail) implements Verdict {}

  /** Too little data to judge yet (e.g. fewer samples than the detector needs). */
  record Insufficient(String reason) implements Verdict {}

  /** Something is wrong: the finding explains what. */
  record Anomalous(Finding finding) implements Verdict {}
}
