package dev.rollback.spi;

/** How a rollback run ended. Each outcome corresponds to one way into <i>Notify on-call engineer</i>. */
public enum RunOutcome {
  /** Edge "Rollback complete": the previous version runs, serves traffic and passed smoke tests. */
  ROLLED_BACK,
  /** Edge "Manual needed": no previous stable version could be restored automatically. */
  MANUAL_NEEDED,
  /** Edge "Failed": the previous version did not become healthy, or the cluster refused a step. */
  ROLLBACK_FAILED,
  /** Edge "Needs attention": traffic shifted but verification failed; a team lead was paged. */
  NEEDS_ATTENTION
}
