package dev.rollback.benchmarks;

/** What the release changes, from the first sample after it on: nothing, or one step of one metric. */
public enum Regression {
  /** No change: any rollback is a false alarm. */
  NONE("no change", 1, 1),
  /** The error ratio rises by half. */
  ERRORS_1_5X("errors 1.5x", 1.5, 1),
  /** The error ratio doubles. */
  ERRORS_2X("errors 2x", 2, 1),
  /** The error ratio quadruples. */
  ERRORS_4X("errors 4x", 4, 1),
  /** The p99 latency rises by 20%. */
  LATENCY_20("latency +20%", 1, 1.2),
  /** The p99 latency rises by 50%. */
  LATENCY_50("latency +50%", 1, 1.5);

  private final String title;
  private final double errorFactor;
  private final double latencyFactor;

  Regression(String title, double errorFactor, double latencyFactor) {
    this.title = title;
    this.errorFactor = errorFactor;
    this.latencyFactor = latencyFactor;
  }

  /** Returns how the tables name it. */
  public String title() {
    return title;
  }

  /** Returns the factor on the error probability after the release. */
  public double errorFactor() {
    return errorFactor;
  }

  /** Returns the factor on the latency after the release. */
  public double latencyFactor() {
    return latencyFactor;
  }

  /** Returns whether it changes the error ratio. */
  public boolean ofErrors() {
    return errorFactor != 1;
  }
}
