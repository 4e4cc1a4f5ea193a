package dev.rollback.k8s;

/** When the Job smoke tester deletes the Job it ran (with its pods). */
public enum JobCleanup {
  /** Always, once the result is read. */
  ALWAYS,
  /** Only when the Job succeeded; a failed Job is kept for inspection. */
  ON_SUCCESS,
  /** Never; something else removes Jobs (e.g. {@code ttlSecondsAfterFinished}). */
  NEVER
}
