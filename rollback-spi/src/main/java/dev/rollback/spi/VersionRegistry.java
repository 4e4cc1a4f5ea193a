package dev.rollback.spi;

import java.time.Instant;

/**
 * Knows which versions of a deployment exist, which one runs, which are stable, and keeps the
 * record of rollbacks.
 *
 * <p>Used by <i>Identify current version</i>, <i>Fetch previous stable version</i>, <i>Mark
 * rollback failed</i> and <i>Update deployment status</i>. Thread-safe.
 */
public interface VersionRegistry {

  /**
   * Returns the version the deployment runs now (the one that is failing).
   *
   * <p>Read-only. Throws when the deployment does not exist or cannot be read; the run then halts
   * for manual rollback.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  Version currentVersion(DeploymentRef deployment) throws InterruptedException;

  /**
   * Returns the newest version older than {@code current} that is stable: it ran before, and no
   * earlier run {@linkplain #markFailed marked it failed}.
   *
   * <p>Read-only. "There is none" is an expected answer: return {@link PreviousVersion#none} with
   * the reason, and the run halts for a manual rollback. Throw only when the answer cannot be
   * known.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  PreviousVersion previousStable(DeploymentRef deployment, Version current)
      throws InterruptedException;

  /**
   * Records that restoring {@code manifest.to()} failed, so that {@link #previousStable} never
   * offers it again for this deployment.
   *
   * <p>An adapter that can tell the failure was not the version's (a quota or an admission
   * webhook refused its pods, no node had room for them) may leave it unmarked, so that it stays
   * eligible, and says why in its log.
   *
   * <p>Idempotent: marking twice leaves one mark. A throw is recorded in the run's journal; the
   * run still ends with its notification.
   *
   * @param reason why the rollback failed, for people reading the mark
   * @throws InterruptedException if interrupted while waiting
   */
  void markFailed(RollbackManifest manifest, String reason) throws InterruptedException;

  /**
   * Records on the deployment that it was rolled back from {@code manifest.from()} to {@code
   * manifest.to()} at {@code at} by run {@code manifest.runId()}.
   *
   * <p>Idempotent: recording the same run twice leaves the same record. A throw sends the run to
   * <i>Escalate to team lead</i>.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void recordRollback(RollbackManifest manifest, Instant at) throws InterruptedException;
}
