package dev.rollback.spi;

import java.time.Instant;

/**
 * The immutable description of the state a rollback moves to, prepared in <i>Prepare rollback
 * manifest</i> and handed to every later adapter call of the run.
 *
 * @param runId the run this manifest belongs to
 * @param deployment the deployment being rolled back
 * @param from the failing (current) version
 * @param to the previous stable version to restore
 * @param scaleDown how the failing version is scaled down
 * @param preparedAt when the manifest was prepared
 */
public record RollbackManifest(
    RunId runId,
    DeploymentRef deployment,
    Version from,
    Version to,
    ScaleDown scaleDown,
    Instant preparedAt) {

  /** Validates every field; {@code from} and {@code to} must be different versions. */
  public RollbackManifest {
    Checks.present(runId, "RollbackManifest.runId");
    Checks.present(deployment, "RollbackManifest.deployment");
    Checks.present(from, "RollbackManifest.from");
    Checks.present(to, "RollbackManifest.to");
    Checks.present(scaleDown, "RollbackManifest.scaleDown");
    Checks.present(preparedAt, "RollbackManifest.preparedAt");
    if (from.id().equals(to.id())) {
      throw new InvalidValueException(
          "RollbackManifest.to must differ from RollbackManifest.from but both are version '"
              + from.id()
              + "'");
    }
  }
}
