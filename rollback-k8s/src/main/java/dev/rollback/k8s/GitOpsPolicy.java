package dev.rollback.k8s;

/**
 * What the adapters do with a Deployment or Service that a GitOps controller (Argo CD, Flux) keeps
 * in line with Git: with automated sync and self-heal it reverts a rollback within seconds and
 * recreates what cleanup deletes, so the rollback would silently not hold.
 */
public enum GitOpsPolicy {
  /**
   * Halts the run for a manual rollback in <i>Prepare rollback manifest</i>, naming the owner and
   * saying to revert the release in Git (the default).
   */
  HALT,
  /**
   * Rolls back anyway, for owners known not to revert it (automated sync or self-heal off); the
   * survival check after <i>Update deployment status</i> still catches a revert.
   */
  PROCEED
}
