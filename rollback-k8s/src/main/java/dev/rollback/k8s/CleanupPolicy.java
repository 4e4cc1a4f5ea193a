package dev.rollback.k8s;

/** What <i>Cleanup old resources</i> does with the failing version's Deployment (blue/green). */
public enum CleanupPolicy {
  /** Deletes the failing version's Deployment. */
  DELETE,
  /** Scales the failing version's Deployment to zero and keeps it for inspection. */
  SCALE_TO_ZERO
}
