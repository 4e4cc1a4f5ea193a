package dev.rollback.spi;

/**
 * A version that became current by a rollback: the ping-pong guard of a deployment monitor does not
 * roll it back automatically within its window.
 *
 * @param versionId the version rolled back to
 * @param at when it became current
 */
public record RollbackTarget(String versionId, java.time.Instant at) {
  /** Validates the fields. */
  public RollbackTarget {
    Checks.notBlank(versionId, "RollbackTarget.versionId");
    Checks.present(at, "RollbackTarget.at");
  }
}
