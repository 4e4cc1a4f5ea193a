package dev.rollback.spi;

import java.util.List;

/**
 * The health of one pod of the restored version.
 *
 * @param pod the pod name
 * @param ready whether the pod's Ready condition is true
 * @param restarts restarts summed over its containers (0 or more)
 * @param problems what is wrong, in words an on-call engineer understands (e.g. "container app is
 *     in CrashLoopBackOff"); empty when nothing is
 */
public record PodHealth(String pod, boolean ready, int restarts, List<String> problems) {
  /** Validates the fields and copies the list. */
  public PodHealth {
    Checks.notBlank(pod, "PodHealth.pod");
    Checks.notNegative(restarts, "PodHealth.restarts");
    problems = Checks.list(problems, "PodHealth.problems");
  }

  /** Returns a ready pod with no restarts and no problems. */
  public static PodHealth healthy(String pod) {
    return new PodHealth(pod, true, 0, List.of());
  }

  /** Returns whether the pod is ready and has no problem. */
  public boolean healthy() {
    return ready && problems.isEmpty();
  }
}
