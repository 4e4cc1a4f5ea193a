package dev.rollback.core;

import java.util.Objects;

/** What started a run: a detector's finding, or an operator. Either way the run walks from Start. */
public sealed interface Trigger {

  /** Returns a one-sentence reason for alerts and postmortems. */
  String reason();

  /**
   * A detector found an anomaly.
   *
   * @param finding what it found
   */
  record Detected(Finding finding) implements Trigger {
    /** Validates the finding is present. */
    public Detected {
      Objects.requireNonNull(finding, "Trigger.Detected.finding");
    }

    @Override
    public String reason() {
      return finding.summary();
    }
  }

  /**
   * An operator asked for a rollback.
   *
   * @param operator who asked, e.g. an e-mail address or chat handle
   * @param reason why, in their words
   */
  record Manual(String operator, String reason) implements Trigger {
    /** Validates both fields are non-blank. */
    public Manual {
      if (operator == null || operator.isBlank()) {
        throw new IllegalArgumentException("Trigger.Manual.operator must not be blank");
      }
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException("Trigger.Manual.reason must not be blank");
      }
    }
  }

  /** Returns a manual trigger. */
  static Trigger manual(String operator, String reason) {
    return new Manual(operator, reason);
  }

  /** Returns a detector's trigger. */
  static Trigger detected(Finding finding) {
    return new Detected(finding);
  }
}
