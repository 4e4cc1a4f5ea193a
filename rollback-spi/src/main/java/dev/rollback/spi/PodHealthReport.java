package dev.rollback.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer of {@link ClusterDriver#podHealth}: the health of every pod of the restored version
 * and any problem of the workload as a whole. <i>All pods healthy?</i> answers Yes only when {@link
 * #allHealthy()} holds.
 *
 * @param pods one entry per pod of the restored version
 * @param workloadProblems problems of the workload itself (e.g. "Deployment exceeded its progress
 *     deadline"); empty when there are none
 */
public record PodHealthReport(List<PodHealth> pods, List<String> workloadProblems) {
  /** Copies the lists. */
  public PodHealthReport {
    pods = Checks.list(pods, "PodHealthReport.pods");
    workloadProblems = Checks.list(workloadProblems, "PodHealthReport.workloadProblems");
  }

  /** Returns a report of {@code pods} with no workload problem. */
  public static PodHealthReport of(List<PodHealth> pods) {
    return new PodHealthReport(pods, List.of());
  }

  /** Returns whether there is at least one pod, every pod is healthy and the workload is fine. */
  public boolean allHealthy() {
    return !pods.isEmpty() && workloadProblems.isEmpty() && pods.stream().allMatch(PodHealth::healthy);
  }

  /** Returns a one-line summary, e.g. "2/3 pods healthy; checkout-7f-x: CrashLoopBackOff". */
  public String summary() {
    long healthy = pods.stream().filter(PodHealth::healthy).count();
    List<String> parts = new ArrayList<>();
    parts.add(healthy + "/" + pods.size() + " pods healthy");
    if (pods.isEmpty()) {
      parts.add("no pods found");
    }
    parts.addAll(workloadProblems);
    for (PodHealth pod : pods) {
      if (!pod.healthy()) {
        List<String> why = new ArrayList<>(pod.problems());
        if (why.isEmpty()) {
          why.add("not ready");
        }
        parts.add(pod.pod() + ": " + String.join(", ", why));
      }
    }
    return String.join("; ", parts);
  }
}
