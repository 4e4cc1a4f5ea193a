package dev.rollback.spi;

/**
 * What a {@link RunStore} keeps of one run: the engine's document of it, opaque to the store.
 *
 * @param runId the run
 * @param deployment the deployment the run rolls back
 * @param finished whether the run reached End
 * @param document the engine's JSON document of the run (journal, versions, what it needs to
 *     continue); the store keeps it verbatim
 */
public record RunRecord(RunId runId, DeploymentRef deployment, boolean finished, String document) {
  /** Validates the fields. */
  public RunRecord {
    Checks.present(runId, "RunRecord.runId");
    Checks.present(deployment, "RunRecord.deployment");
    Checks.notBlank(document, "RunRecord.document");
  }
}
