package dev.rollback.k8s.internal;

import dev.rollback.k8s.JobCleanup;
import dev.rollback.k8s.JobSmokeTestConfig;
import dev.rollback.k8s.KubernetesAdapterException;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.SmokeTester;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobCondition;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Runs a configured Job against the restored version and reports it as one smoke check, with the
 * pod's termination message and the tail of its log. Waits by reading the Job's status at the
 * configured interval, within the configured timeout (the engine's step deadline interrupts it
 * sooner). Thread-safe.
 */
public final class JobSmokeTester implements SmokeTester {
  private static final int MAX_DETAIL = 4000;
  private static final OffsetDateTime EPOCH = OffsetDateTime.parse("1970-01-01T00:00:00Z");

  private final ClusterObjects k;
  private final JobSmokeTestConfig config;

  JobSmokeTester(ClusterObjects k, JobSmokeTestConfig config) {
    this.k = k;
    this.config = config;
  }

  @Override
  public SmokeResult run(RollbackManifest m) throws InterruptedException {
    long start = System.nanoTime();
    String ns = m.deployment().namespace();
    V1Job job = jobFor(m);
    String name = Objects.requireNonNull(Objects.requireNonNull(job.getMetadata()).getName());
    k.createJob(ns, job); // null: this run created it before, and it is followed again
    long deadline = start + config.timeout().toNanos();
    Boolean succeeded = null;
    String jobState = "did not finish within " + config.timeout();
    while (System.nanoTime() < deadline) {
      V1Job current = k.job(ns, name);
      if (current == null) {
        throw new KubernetesAdapterException("smoke-test Job " + ns + "/" + name + " vanished while running", 404);
      }
      V1JobCondition finished = finished(current);
      if (finished != null) {
        succeeded = "Complete".equals(finished.getType()) || "SuccessCriteriaMet".equals(finished.getType());
        jobState = (succeeded ? "completed" : "failed")
            + (finished.getReason() == null ? "" : " (" + finished.getReason()
                + (finished.getMessage() == null ? "" : ": " + finished.getMessage()) + ")");
        break;
      }
      k.api().sleeper().sleep(Duration.ofMillis(Math.min(config.pollInterval().toMillis(),
          Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()))));
    }
    boolean passed = Boolean.TRUE.equals(succeeded);
    String detail = "Job " + name + " " + jobState + podReport(ns, name);
    if (config.cleanup() == JobCleanup.ALWAYS || (config.cleanup() == JobCleanup.ON_SUCCESS && passed)) {
      k.deleteJob(ns, name);
    }
    if (detail.length() > MAX_DETAIL) {
      detail = detail.substring(0, MAX_DETAIL - 1) + "…";
    }
    return SmokeResult.of(new SmokeCheck("Job " + name, passed, detail, Duration.ofNanos(System.nanoTime() - start)));
  }

  @Override
  public String toString() {
    return "JobSmokeTester[" + config.template().getMetadata() + "]";
  }

  private V1Job jobFor(RollbackManifest m) {
    V1Job job = config.template();
    V1ObjectMeta meta = job.getMetadata() == null ? new V1ObjectMeta() : job.getMetadata();
    String prefix = meta.getName() != null ? meta.getName() : "smoke";
    String suffix = hash(m.runId().value() + "/" + m.to().id());
    prefix = prefix.length() > 63 - suffix.length() - 1 ? prefix.substring(0, 63 - suffix.length() - 1) : prefix;
    Map<String, String> labels = new LinkedHashMap<>(Templates.labels(meta));
    labels.put("rollback.dev/run-id", m.runId().value());
    labels.put(k.api().config().nameLabel(), m.deployment().name());
    job.apiVersion("batch/v1").kind("Job").metadata(new V1ObjectMeta()
        .name(prefix + "-" + suffix)
        .namespace(m.deployment().namespace())
        .labels(labels)
        .annotations(meta.getAnnotations()));
    // The Job must not outlive the check: the API ends it at the check's timeout, and a pod that
    // fails is not retried unless the template asks for retries (the API's default is 6).
    var spec = Objects.requireNonNull(job.getSpec());
    long deadline = Math.max(1, (config.timeout().toMillis() + 999) / 1000);
    if (spec.getActiveDeadlineSeconds() == null || spec.getActiveDeadlineSeconds() > deadline) {
      spec.setActiveDeadlineSeconds(deadline);
    }
    if (spec.getBackoffLimit() == null) {
      spec.setBackoffLimit(0);
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ROLLBACK_DEPLOYMENT", m.deployment().name());
    env.put("ROLLBACK_NAMESPACE", m.deployment().namespace());
    env.put("ROLLBACK_VERSION", m.to().id());
    env.put("ROLLBACK_FROM_VERSION", m.from().id());
    env.put("ROLLBACK_RUN_ID", m.runId().value());
    env.put("ROLLBACK_IMAGE", m.to().images().get(0).image().value());
    for (V1Container c : Objects.requireNonNull(Objects.requireNonNull(job.getSpec()).getTemplate().getSpec()).getContainers()) {
      List<V1EnvVar> vars = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
      env.forEach((key, value) -> vars.add(new V1EnvVar().name(key).value(value)));
      c.setEnv(vars);
    }
    return job;
  }

  private static @Nullable V1JobCondition finished(V1Job job) {
    List<V1JobCondition> conditions = job.getStatus() == null ? null : job.getStatus().getConditions();
    if (conditions == null) {
      return null;
    }
    return conditions.stream()
        .filter(c -> "True".equals(c.getStatus()))
        .filter(c -> "Complete".equals(c.getType()) || "Failed".equals(c.getType()) || "SuccessCriteriaMet".equals(c.getType())
            || "FailureTarget".equals(c.getType()))
        .findFirst().orElse(null);
  }

  private String podReport(String ns, String job) throws InterruptedException {
    List<V1Pod> pods = new ArrayList<>(k.pods(ns, "job-name=" + job).getItems());
    if (pods.isEmpty()) {
      return "; no pod of the Job was found";
    }
    pods.sort(Comparator.comparing(p -> p.getMetadata() == null || p.getMetadata().getCreationTimestamp() == null
        ? EPOCH : p.getMetadata().getCreationTimestamp()));
    V1Pod pod = pods.get(pods.size() - 1);
    StringBuilder sb = new StringBuilder("; pod ").append(Templates.name(pod));
    String container = Objects.requireNonNull(pod.getSpec()).getContainers().get(0).getName();
    Map<String, V1ContainerStatus> statuses = new HashMap<>();
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      pod.getStatus().getContainerStatuses().forEach(s -> statuses.put(s.getName(), s));
    }
    V1ContainerStatus status = statuses.get(container);
    V1ContainerStateTerminated terminated = status == null || status.getState() == null ? null : status.getState().getTerminated();
    if (terminated != null) {
      sb.append(" exited ").append(terminated.getExitCode());
      if (terminated.getReason() != null) {
        sb.append(" (").append(terminated.getReason()).append(")");
      }
      if (terminated.getMessage() != null && !terminated.getMessage().isBlank()) {
        sb.append("; termination message: ").append(terminated.getMessage().strip());
      }
    } else {
      sb.append(" has not terminated");
    }
    if (config.logTailLines() > 0) {
      String log;
      try {
        log = k.logTail(ns, Templates.name(pod), container, config.logTailLines());
      } catch (KubernetesAdapterException e) {
        log = null;
        sb.append("; log unavailable: ").append(e.getMessage());
      }
      if (log != null && !log.isBlank()) {
        sb.append("; last ").append(config.logTailLines()).append(" log lines:\n").append(log.stripTrailing());
      }
    }
    return sb.toString();
  }

  private static String hash(String s) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
