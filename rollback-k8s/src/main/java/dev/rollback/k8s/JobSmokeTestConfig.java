package dev.rollback.k8s;

import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.util.Yaml;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of the Kubernetes Job smoke tester: the Job template to run against the
 * restored version, how long to wait, how much log to report and when to delete the Job.
 *
 * <p>The tester names each Job after the template's {@code metadata.name} (or {@code smoke}) plus a
 * hash of the run and the restored version, so a repeated run reuses its Job; it adds the
 * environment variables {@code ROLLBACK_DEPLOYMENT}, {@code ROLLBACK_NAMESPACE}, {@code
 * ROLLBACK_VERSION}, {@code ROLLBACK_FROM_VERSION}, {@code ROLLBACK_RUN_ID} and {@code
 * ROLLBACK_IMAGE} (the restored version's first image) to every container. Instances are
 * immutable and thread-safe: the template is copied in and out. A final class with a builder, so
 * that a setting added later does not break callers; {@link #builder(JobSmokeTestConfig)} starts
 * from an existing configuration.
 */
public final class JobSmokeTestConfig {
  private final String templateJson;
  private final Duration timeout;
  private final Duration pollInterval;
  private final int logTailLines;
  private final JobCleanup cleanup;

  private JobSmokeTestConfig(Builder b) {
    this.templateJson = JSON.serialize(b.template);
    this.timeout = b.timeout;
    this.pollInterval = b.pollInterval;
    this.logTailLines = b.logTailLines;
    this.cleanup = b.cleanup;
  }

  /** Returns a builder for the Job {@code template}, copied. */
  public static Builder builder(V1Job template) {
    return new Builder(Objects.requireNonNull(template, "template"));
  }

  /** Returns a builder holding the template and the settings of {@code existing}. */
  public static Builder builder(JobSmokeTestConfig existing) {
    Objects.requireNonNull(existing, "existing");
    return new Builder(existing.template()).timeout(existing.timeout).pollInterval(existing.pollInterval)
        .logTailLines(existing.logTailLines).cleanup(existing.cleanup);
  }

  /** Returns a builder for the Job template written as YAML (a {@code batch/v1} Job manifest). */
  public static Builder fromYaml(String yaml) {
    return new Builder(Yaml.loadAs(Objects.requireNonNull(yaml, "yaml"), V1Job.class));
  }

  /** Returns a fresh copy of the Job template. */
  public V1Job template() {
    return JSON.getGson().fromJson(templateJson, V1Job.class);
  }

  /** Returns how long to wait for the Job to finish before reporting it failed. */
  public Duration timeout() {
    return timeout;
  }

  /** Returns how often the Job's status is read while waiting. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** Returns how many lines of the pod's log the result carries. */
  public int logTailLines() {
    return logTailLines;
  }

  /** Returns when the Job is deleted. */
  public JobCleanup cleanup() {
    return cleanup;
  }

  /** Answers whether {@code o} has the same template (compared as JSON) and settings. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof JobSmokeTestConfig c
        && templateJson.equals(c.templateJson)
        && timeout.equals(c.timeout)
        && pollInterval.equals(c.pollInterval)
        && logTailLines == c.logTailLines
        && cleanup == c.cleanup;
  }

  @Override
  public int hashCode() {
    return Objects.hash(templateJson, timeout, pollInterval, logTailLines, cleanup);
  }

  /**
   * Returns the Job's name and the settings; not the template, whose environment may hold
   * credentials.
   */
  @Override
  public String toString() {
    V1Job job = template();
    String name = job.getMetadata() == null || job.getMetadata().getName() == null ? "smoke" : job.getMetadata().getName();
    return "JobSmokeTestConfig[job=" + name + ", timeout=" + timeout + ", pollInterval=" + pollInterval
        + ", logTailLines=" + logTailLines + ", cleanup=" + cleanup + "]";
  }

  /** Collects the configuration; {@link #build()} validates it all at once. Not thread-safe. */
  public static final class Builder {
    private final V1Job template;
    private Duration timeout = Duration.ofMinutes(5);
    private Duration pollInterval = Duration.ofSeconds(1);
    private int logTailLines = 20;
    private JobCleanup cleanup = JobCleanup.ON_SUCCESS;

    private Builder(V1Job template) {
      this.template = JSON.getGson().fromJson(JSON.serialize(template), V1Job.class);
    }

    /** Sets the longest wait for the Job (default 5 minutes); the step deadline may cut it short. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Sets how often the Job's status is read (default 1 second). */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
      return this;
    }

    /** Sets how many log lines to report (default 20, 0 for none). */
    public Builder logTailLines(int logTailLines) {
      this.logTailLines = logTailLines;
      return this;
    }

    /** Sets when to delete the Job (default {@link JobCleanup#ON_SUCCESS}). */
    public Builder cleanup(JobCleanup cleanup) {
      this.cleanup = Objects.requireNonNull(cleanup, "cleanup");
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws InvalidConfigurationException naming every broken rule
     */
    public JobSmokeTestConfig build() {
      ConfigProblems problems = ConfigProblems.of("JobSmokeTestConfig");
      problems.check(template.getSpec() == null || template.getSpec().getTemplate() == null
          || template.getSpec().getTemplate().getSpec() == null
          || template.getSpec().getTemplate().getSpec().getContainers().isEmpty(),
          "template must have spec.template.spec.containers");
      problems.within("timeout", timeout);
      problems.within("pollInterval", pollInterval);
      problems.atLeast("logTailLines", logTailLines, 0);
      problems.throwIfAny();
      return new JobSmokeTestConfig(this);
    }
  }
}
