package dev.rollback.spi;

/**
 * A {@link MonitorState} as stored, with the revision a later write must name.
 *
 * @param state the state
 * @param revision the store's opaque revision of it (e.g. a Kubernetes resourceVersion)
 */
public record StoredMonitorState(MonitorState state, String revision) {
  /** Validates the fields. */
  public StoredMonitorState {
    Checks.present(state, "StoredMonitorState.state");
    Checks.notBlank(revision, "StoredMonitorState.revision");
  }
}
