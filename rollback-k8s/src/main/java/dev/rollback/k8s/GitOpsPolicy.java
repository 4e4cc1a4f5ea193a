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
   * Suspends the owner's reconciliation before the rollback changes anything (in <i>Scale down new
   * pods</i>), then rolls back, and says so in every later notification and as a postmortem action
   * item: revert the release in Git, then resume the controller. A Flux Kustomization's object gets
   * the annotation {@code kustomize.toolkit.fluxcd.io/reconcile: disabled} (Flux leaves that object
   * alone); a Flux HelmRelease gets {@code spec.suspend: true}; an Argo CD Application loses its
   * automated sync ({@code spec.syncPolicy.automated}, kept in the annotation {@code
   * rollback.dev/automated-sync-before}). <i>Prepare rollback manifest</i> halts for a manual
   * rollback, with the reason, when an Application or HelmRelease cannot be read (missing, or not
   * granted by the Role {@code rollback-gitops-suspend}) or is itself kept in line with Git by an
   * Argo CD Application (an app of apps would turn the sync back on).
   */
  SUSPEND,
  /**
   * Rolls back anyway, for owners known not to revert it (automated sync or self-heal off); the
   * survival check after <i>Update deployment status</i> still catches a revert.
   */
  PROCEED
}
