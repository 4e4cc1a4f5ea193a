package dev.rollback.k8s.internal;

import dev.rollback.spi.PodHealth;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentCondition;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Judges pods and Deployments in words an on-call engineer understands. Stateless. */
final class PodInspector {
  private static final Set<String> IMAGE_PULL = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName");
  private static final Set<String> CONFIG = Set.of("CreateContainerConfigError", "CreateContainerError", "RunContainerError");
  /** Waiting reasons that mean the kubelet has retried already, or that no retry can clear. */
  private static final Set<String> PERSISTENT = Set.of("ImagePullBackOff", "InvalidImageName");
  /** Restarts after which a CrashLoopBackOff is taken as persistent without waiting for the grace. */
  private static final int CRASH_LOOP_RESTARTS = 2;

  private final int restartThreshold;
  private final Duration blockerGrace;
  private final Clock clock;

  PodInspector(int restartThreshold, Duration blockerGrace, Clock clock) {
    this.restartThreshold = restartThreshold;
    this.blockerGrace = blockerGrace;
    this.clock = clock;
  }

  /** Returns the time by the inspector's clock. */
  Instant now() {
    return clock.instant();
  }

  /**
   * Answers whether {@code pod} counts for its version, as the ReplicaSet controller counts it: not
   * terminating, not Succeeded and not Failed. An evicted or failed pod left from the version's
   * earlier life, or one on its way out, says nothing about the pods that serve now (the
   * controller replaces it).
   */
  static boolean active(V1Pod pod) {
    if (pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return !"Failed".equals(phase) && !"Succeeded".equals(phase);
  }

  PodHealth health(V1Pod pod) {
    List<String> problems = new ArrayList<>();
    int restarts = 0;
    V1PodStatus status = pod.getStatus();
    if (status != null) {
      if ("Failed".equals(status.getPhase())) {
        problems.add("pod failed" + suffix(status.getReason(), status.getMessage()));
      }
      for (V1ContainerStatus cs : containers(status)) {
        restarts += cs.getRestartCount() == null ? 0 : cs.getRestartCount();
        problems.addAll(containerProblems(cs));
      }
    }
    return new PodHealth(Templates.name(pod), ClusterObjects.isReady(pod), restarts, problems);
  }

  /**
   * Returns why waiting longer cannot make {@code pod} ready, or null when it might. A failure that
   * often clears by itself (a first pull error, a missing ConfigMap, one crash) counts only once
   * the pod is older than the blocker grace; one the kubelet has retried, or that cannot clear,
   * counts at once.
   */
  @Nullable String blocker(V1Pod pod) {
    V1PodStatus status = pod.getStatus();
    if (status == null) {
      return null;
    }
    if ("Failed".equals(status.getPhase())) {
      return "pod " + Templates.name(pod) + " failed" + suffix(status.getReason(), status.getMessage());
    }
    for (V1ContainerStatus cs : containers(status)) {
      V1ContainerState state = cs.getState();
      String reason = state == null || state.getWaiting() == null ? null : state.getWaiting().getReason();
      if (reason == null || !(IMAGE_PULL.contains(reason) || CONFIG.contains(reason) || "CrashLoopBackOff".equals(reason))) {
        continue;
      }
      int restarts = cs.getRestartCount() == null ? 0 : cs.getRestartCount();
      boolean persistent = PERSISTENT.contains(reason)
          || ("CrashLoopBackOff".equals(reason) && restarts >= CRASH_LOOP_RESTARTS)
          || olderThanGrace(pod);
      if (persistent) {
        return "pod " + Templates.name(pod) + ": " + containerProblems(cs).get(0);
      }
    }
    return null;
  }

  private boolean olderThanGrace(V1Pod pod) {
    OffsetDateTime created = pod.getMetadata() == null ? null : pod.getMetadata().getCreationTimestamp();
    return created == null || !created.toInstant().plus(blockerGrace).isAfter(clock.instant());
  }

  /**
   * Returns the Deployment's own problems for a restore applied at {@code restoredAt}: an exceeded
   * progress deadline, and a ReplicaSet the controller cannot create pods for (ReplicaFailure:
   * quota, PodSecurity, a webhook's FailedCreate). A condition last updated before the restore is
   * the failing rollout's: the controller keeps a TimedOut reason until a sync sees progress and
   * bumps observedGeneration regardless, so neither the reason nor the generation tells a stale
   * condition from a fresh one; its time does. (The controller's clock and the engine's must
   * agree to within the time a step takes.)
   */
  static List<String> workloadProblems(V1Deployment dep, Instant restoredAt) {
    List<String> problems = new ArrayList<>();
    List<V1DeploymentCondition> conditions = dep.getStatus() == null ? null : dep.getStatus().getConditions();
    if (conditions == null) {
      return problems;
    }
    for (V1DeploymentCondition c : conditions) {
      OffsetDateTime updated = c.getLastUpdateTime() != null ? c.getLastUpdateTime() : c.getLastTransitionTime();
      if (updated != null && updated.toInstant().isBefore(restoredAt.truncatedTo(ChronoUnit.SECONDS))) {
        continue; // the failing rollout's, from before the restore
      }
      if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus())
          && "ProgressDeadlineExceeded".equals(c.getReason())) {
        problems.add("Deployment " + Templates.name(dep) + " exceeded its progress deadline"
            + (c.getMessage() == null ? "" : ": " + c.getMessage()));
      } else if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
        problems.add("Deployment " + Templates.name(dep) + " cannot create pods"
            + (c.getReason() == null ? "" : " (" + c.getReason() + ")")
            + (c.getMessage() == null ? "" : ": " + c.getMessage()));
      }
    }
    return problems;
  }

  /**
   * Returns why a failed restore is not the restored version's fault, or null when it may be: the
   * controller could not create its pods (a ReplicaFailure condition since the restore: a quota,
   * PodSecurity, an admission webhook), or none of its active pods got a node (no node with room,
   * or the scheduler had not judged them yet). Such a version would run elsewhere or later, so it must not be marked failed for
   * good.
   *
   * @param restored the active pods of the restored version's ReplicaSet
   */
  static @Nullable String notTheVersions(V1Deployment dep, Instant restoredAt, List<V1Pod> restored) {
    List<V1DeploymentCondition> conditions = dep.getStatus() == null ? null : dep.getStatus().getConditions();
    for (V1DeploymentCondition c : conditions == null ? List.<V1DeploymentCondition>of() : conditions) {
      OffsetDateTime updated = c.getLastUpdateTime() != null ? c.getLastUpdateTime() : c.getLastTransitionTime();
      boolean fresh = updated == null || !updated.toInstant().isBefore(restoredAt.truncatedTo(ChronoUnit.SECONDS));
      if (fresh && "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
        return "the controller could not create its pods" + suffix(c.getReason(), c.getMessage());
      }
    }
    String unschedulable = null;
    String waiting = null;
    for (V1Pod pod : restored) {
      V1PodCondition scheduled = pod.getStatus() == null || pod.getStatus().getConditions() == null ? null
          : pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
      boolean onANode = pod.getSpec() != null && pod.getSpec().getNodeName() != null;
      if (onANode || (scheduled != null && !"False".equals(scheduled.getStatus()))) {
        return null; // this pod got a node: whatever it does there is the version's
      }
      if (scheduled == null) {
        // the scheduler has not judged it yet (a busy scheduler, a pod created just now): no node, so
        // nothing it did; without this a slow scheduler made a version that no node has room for
        // look like the version's failure
        waiting = "its pods were not scheduled yet";
      } else {
        unschedulable = "its pods could not be scheduled" + suffix(scheduled.getReason(), scheduled.getMessage());
      }
    }
    return unschedulable != null ? unschedulable : waiting;
  }

  private List<String> containerProblems(V1ContainerStatus cs) {
    List<String> problems = new ArrayList<>();
    String name = "container " + cs.getName();
    int restarts = cs.getRestartCount() == null ? 0 : cs.getRestartCount();
    V1ContainerState state = cs.getState();
    if (state != null && state.getWaiting() != null && state.getWaiting().getReason() != null) {
      String reason = state.getWaiting().getReason();
      String message = state.getWaiting().getMessage();
      if (IMAGE_PULL.contains(reason)) {
        problems.add(name + " cannot pull image " + cs.getImage() + " (" + reason + ")" + suffix(null, message));
      } else if ("CrashLoopBackOff".equals(reason)) {
        problems.add(name + " keeps crashing (CrashLoopBackOff, " + restarts + " restarts)" + suffix(null, message));
      } else if (CONFIG.contains(reason)) {
        problems.add(name + " cannot start (" + reason + ")" + suffix(null, message));
      }
    }
    boolean oom = isOom(state) || isOom(cs.getLastState());
    if (oom) {
      problems.add(name + " was killed for running out of memory (OOMKilled)");
    }
    if (restarts > restartThreshold && problems.isEmpty()) {
      problems.add(name + " restarted " + restarts + " times (more than " + restartThreshold + ")");
    }
    return problems;
  }

  private static boolean isOom(@Nullable V1ContainerState state) {
    return state != null && state.getTerminated() != null && "OOMKilled".equals(state.getTerminated().getReason());
  }

  private static List<V1ContainerStatus> containers(V1PodStatus status) {
    List<V1ContainerStatus> all = new ArrayList<>();
    if (status.getInitContainerStatuses() != null) {
      all.addAll(status.getInitContainerStatuses());
    }
    if (status.getContainerStatuses() != null) {
      all.addAll(status.getContainerStatuses());
    }
    return all;
  }

  private static String suffix(@Nullable String reason, @Nullable String message) {
    StringBuilder sb = new StringBuilder();
    if (reason != null && !reason.isBlank()) {
      sb.append(" (").append(reason).append(")");
    }
    if (message != null && !message.isBlank()) {
      sb.append(": ").append(message.length() > 200 ? message.substring(0, 200) + "…" : message);
    }
    return sb.toString();
  }
}
