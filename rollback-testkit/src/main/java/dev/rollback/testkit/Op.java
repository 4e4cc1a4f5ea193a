package dev.rollback.testkit;

import dev.rollback.core.Node;
import org.jspecify.annotations.Nullable;

/**
 * Every scriptable call of the in-memory adapters, with the node that makes it. The workflow's
 * adapters come first, then {@link #NOTIFY}, then the durability calls {@link #LOCK} and {@link #SAVE}.
 */
public enum Op {
  /** {@code VersionRegistry.currentVersion}. */
  CURRENT_VERSION(Node.IDENTIFY_CURRENT),
  /** {@code VersionRegistry.previousStable}; No: no previous stable version. */
  PREVIOUS_STABLE(Node.FETCH_PREVIOUS),
  /** {@code ClusterDriver.validate}; No: a problem with the manifest. */
  VALIDATE(Node.PREPARE_MANIFEST),
  /** {@code ClusterDriver.scaleDown}. */
  SCALE_DOWN(Node.SCALE_DOWN),
  /** {@code ClusterDriver.deploy}. */
  DEPLOY(Node.DEPLOY_PREVIOUS),
  /** {@code ClusterDriver.readiness}; No: pods never become ready (image pull fails). */
  READINESS(Node.WAIT_READY),
  /** {@code ClusterDriver.podHealth}; No: a pod crash-loops. */
  POD_HEALTH(Node.PODS_HEALTHY),
  /** {@code ClusterDriver.switchTraffic}. */
  SWITCH_TRAFFIC(Node.UPDATE_SELECTOR),
  /** {@code VersionRegistry.markFailed}. */
  MARK_FAILED(Node.MARK_FAILED),
  /** {@code SmokeTester.run}; No: a check fails. */
  SMOKE(Node.RUN_SMOKE_TESTS),
  /** {@code VersionRegistry.recordRollback}. */
  RECORD_ROLLBACK(Node.UPDATE_STATUS),
  /** {@code ClusterDriver.cleanup}. */
  CLEANUP(Node.CLEANUP),
  /** {@code Notifier.send}. */
  NOTIFY(null),
  /**
   * {@code DeploymentLock.tryAcquire} of a lock made by {@link InMemoryDeploymentLock#following};
   * No: another holder has the lease.
   */
  LOCK(null),
  /** {@code RunStore.save} of a store made by {@link InMemoryRunStore#following}. */
  SAVE(null);

  private final @Nullable Node node;

  Op(@Nullable Node node) {
    this.node = node;
  }

  /**
   * Returns the node that makes this call, or null for notifications (several nodes send them), the
   * lock and the store (called around every node).
   */
  public @Nullable Node node() {
    return node;
  }

  /** Returns whether the method has a "No" answer. */
  public boolean hasNoAnswer() {
    return this == LOCK || this == PREVIOUS_STABLE || this == VALIDATE || this == READINESS || this == POD_HEALTH || this == SMOKE;
  }
}
