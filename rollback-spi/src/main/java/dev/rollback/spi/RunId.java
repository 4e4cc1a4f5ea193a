package dev.rollback.spi;

/**
 * Identifies one rollback run. Stable across retries and resumes of that run, so adapters may use
 * it as an idempotency or deduplication key.
 *
 * @param value 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit
 */
public record RunId(String value) {
  /** Validates the value as a Kubernetes label value, so it can label cluster objects. */
  public RunId {
    Checks.labelValue(value, "RunId.value");
  }

  /** Returns the run id {@code value}. */
  public static RunId of(String value) {
    return new RunId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
