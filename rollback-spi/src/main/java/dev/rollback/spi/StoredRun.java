package dev.rollback.spi;

/**
 * A {@link RunRecord} as stored, with the revision a later write must name.
 *
 * @param record the record
 * @param revision the store's opaque revision of it (e.g. a Kubernetes resourceVersion)
 */
public record StoredRun(RunRecord record, String revision) {
  /** Validates the fields. */
  public StoredRun {
    Checks.present(record, "StoredRun.record");
    Checks.notBlank(revision, "StoredRun.revision");
  }
}
