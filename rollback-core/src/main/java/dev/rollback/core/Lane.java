package dev.rollback.core;

/** The four swim lanes of the seed workflow. */
public enum Lane {
  /** Detection, alerting and notification. */
  ALERT_SYSTEM("AlertSystem", "Alert System"),
  /** Finding the versions and preparing the rollback. */
  ORCHESTRATOR("Orchestrator", "Deployment Orchestrator"),
  /** Changing what runs on the cluster. */
  KUBERNETES("Kubernetes", "Kubernetes Cluster"),
  /** Checking the restored version and finishing up. */
  VERIFICATION("Verification", "Verification");

  private final String seedId;
  private final String title;

  Lane(String seedId, String title) {
    this.seedId = seedId;
    this.title = title;
  }

  /** Returns the lane's identifier in the seed file, e.g. {@code Orchestrator}. */
  public String seedId() {
    return seedId;
  }

  /** Returns the lane's title in the seed file, e.g. {@code Deployment Orchestrator}. */
  public String title() {
    return title;
  }
}
