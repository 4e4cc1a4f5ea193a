package dev.rollback.spi;

import org.jspecify.annotations.Nullable;

/**
 * Something a {@link ClusterDriver} did or found beyond what its step's name says, which the
 * people handling the run must know: that it suspended a GitOps controller's reconciliation of an
 * object (and who must resume it), or that it restored a ConfigMap together with the pod template.
 * The engine puts every notice of a run into each notification it sends after the notice arrived
 * and into the postmortem, where each {@code action} becomes an action item.
 *
 * @param key identifies the notice within its run, e.g. {@code gitops-suspended:Deployment/checkout}:
 *     a notice with the key of an earlier one replaces its texts and keeps its place, so a step
 *     repeated on a resumed run (which must be idempotent) reports it again without a duplicate
 * @param summary what happened, one or two plain sentences
 * @param action what people must do about it, one plain sentence; null when nothing
 */
public record ClusterNotice(String key, String summary, @Nullable String action) {

  /** Validates that the key and the summary are not blank, and that a present action is not blank. */
  public ClusterNotice {
    Checks.notBlank(key, "ClusterNotice.key");
    Checks.notBlank(summary, "ClusterNotice.summary");
    if (action != null) {
      Checks.notBlank(action, "ClusterNotice.action");
    }
  }
}
