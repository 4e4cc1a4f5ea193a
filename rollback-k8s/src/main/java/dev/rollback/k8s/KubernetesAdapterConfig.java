package dev.rollback.k8s;

import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of the Kubernetes adapters. Start from {@link #ofDefaults()}, {@link
 * #builder()} or {@link #builder(KubernetesAdapterConfig)}; {@link Builder#build()} checks every
 * setting and reports every broken rule at once in one {@link InvalidConfigurationException}.
 *
 * <pre>{@code
 * KubernetesAdapterConfig config = KubernetesAdapterConfig.builder()
 *     .shape(RolloutShape.IN_PLACE)
 *     .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
 *     .build();
 * KubernetesAdapterConfig slower = KubernetesAdapterConfig.builder(config).maxAttempts(8).build();
 * }</pre>
 *
 * <p>A final class rather than a record, so that a setting added later does not break callers.
 * Instances are immutable and thread-safe; {@link #equals}, {@link #hashCode} and {@link
 * #toString} cover every setting (none is a secret).
 */
public final class KubernetesAdapterConfig {
  private static final Pattern LABEL_KEY =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
              + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final RolloutShape shape;
  private final @Nullable String serviceName;
  private final String nameLabel;
  private final String versionLabel;
  private final CleanupPolicy cleanupPolicy;
  private final int restartThreshold;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final int conflictRetries;
  private final Duration readinessPollMax;
  private final Duration readReuse;
  private final Duration blockerGrace;
  private final Duration watchTimeout;
  private final Duration requestTimeout;
  private final Duration maxRetryAfter;
  private final Duration runRetention;
  private final Duration drainTimeout;
  private final Duration scaleDownDelay;
  private final GitOpsPolicy gitOpsPolicy;
  private final @Nullable String argoCdInstanceLabel;
  private final String argoCdNamespace;
  private final Duration survivalWindow;

  private KubernetesAdapterConfig(Builder b) {
    this.shape = b.shape;
    this.serviceName = b.serviceName;
    this.nameLabel = b.nameLabel;
    this.versionLabel = b.versionLabel;
    this.cleanupPolicy = b.cleanupPolicy;
    this.restartThreshold = b.restartThreshold;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.conflictRetries = b.conflictRetries;
    this.readinessPollMax = b.readinessPollMax;
    this.readReuse = b.readReuse;
    this.blockerGrace = b.blockerGrace;
    this.watchTimeout = b.watchTimeout;
    this.requestTimeout = b.requestTimeout;
    this.maxRetryAfter = b.maxRetryAfter;
    this.runRetention = b.runRetention;
    this.drainTimeout = b.drainTimeout;
    this.scaleDownDelay = b.scaleDownDelay;
    this.gitOpsPolicy = b.gitOpsPolicy;
    this.argoCdInstanceLabel = b.argoCdInstanceLabel;
    this.argoCdNamespace = b.argoCdNamespace;
    this.survivalWindow = b.survivalWindow;
    validate();
  }

  /** Checks every setting and throws one exception naming every broken rule. */
  private void validate() {
    ConfigProblems problems = ConfigProblems.of("KubernetesAdapterConfig");
    problems.present("shape", shape);
    problems.check(serviceName != null && !DNS_LABEL.matcher(serviceName).matches(),
        "serviceName '" + serviceName + "' must be a DNS-1123 label");
    labelKey(problems, "nameLabel", nameLabel);
    labelKey(problems, "versionLabel", versionLabel);
    problems.present("cleanupPolicy", cleanupPolicy);
    problems.atLeast("restartThreshold", restartThreshold, 0);
    if (problems.atLeast("maxAttempts", maxAttempts, 1)) {
      problems.atMost("maxAttempts", maxAttempts, ConfigProblems.MAX_ATTEMPTS);
    }
    // Both are checked (no short circuit), so that a bad initial does not hide a bad max.
    boolean backoffs =
        problems.within("initialBackoff", initialBackoff) & problems.within("maxBackoff", maxBackoff);
    if (backoffs) {
      problems.check(maxBackoff.compareTo(initialBackoff) < 0,
          "maxBackoff " + maxBackoff + " must not be shorter than initialBackoff " + initialBackoff);
    }
    problems.atLeast("conflictRetries", conflictRetries, 0);
    problems.within("readinessPollMax", readinessPollMax);
    problems.notNegativeWithin("readReuse", readReuse);
    problems.notNegativeWithin("blockerGrace", blockerGrace);
    problems.atLeast("watchTimeout", watchTimeout, Duration.ofSeconds(1));
    problems.within("requestTimeout", requestTimeout);
    problems.notNegativeWithin("maxRetryAfter", maxRetryAfter);
    problems.within("runRetention", runRetention);
    problems.within("drainTimeout", drainTimeout);
    problems.notNegativeWithin("scaleDownDelay", scaleDownDelay);
    problems.present("gitOpsPolicy", gitOpsPolicy);
    if (argoCdInstanceLabel != null) {
      labelKey(problems, "argoCdInstanceLabel", argoCdInstanceLabel);
    }
    problems.check(!DNS_LABEL.matcher(argoCdNamespace).matches(),
        "argoCdNamespace '" + argoCdNamespace + "' must be a namespace name (a DNS label such as argocd)");
    problems.notNegativeWithin("survivalWindow", survivalWindow);
    problems.throwIfAny();
  }

  private static void labelKey(ConfigProblems problems, String field, @Nullable String key) {
    problems.check(key == null || !LABEL_KEY.matcher(key).matches() || key.length() > 316,
        field + " '" + key + "' must be a Kubernetes label key such as app.kubernetes.io/name");
  }

  /** Returns the defaults: blue/green, standard labels, delete on cleanup, 5 attempts. */
  public static KubernetesAdapterConfig ofDefaults() {
    return builder().build();
  }

  /** Returns a builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding the values of {@code existing}. */
  public static Builder builder(KubernetesAdapterConfig existing) {
    Objects.requireNonNull(existing, "existing");
    Builder b = new Builder();
    b.shape = existing.shape;
    b.serviceName = existing.serviceName;
    b.nameLabel = existing.nameLabel;
    b.versionLabel = existing.versionLabel;
    b.cleanupPolicy = existing.cleanupPolicy;
    b.restartThreshold = existing.restartThreshold;
    b.maxAttempts = existing.maxAttempts;
    b.initialBackoff = existing.initialBackoff;
    b.maxBackoff = existing.maxBackoff;
    b.conflictRetries = existing.conflictRetries;
    b.readinessPollMax = existing.readinessPollMax;
    b.readReuse = existing.readReuse;
    b.blockerGrace = existing.blockerGrace;
    b.watchTimeout = existing.watchTimeout;
    b.requestTimeout = existing.requestTimeout;
    b.maxRetryAfter = existing.maxRetryAfter;
    b.runRetention = existing.runRetention;
    b.drainTimeout = existing.drainTimeout;
    b.scaleDownDelay = existing.scaleDownDelay;
    b.gitOpsPolicy = existing.gitOpsPolicy;
    b.argoCdInstanceLabel = existing.argoCdInstanceLabel;
    b.argoCdNamespace = existing.argoCdNamespace;
    b.survivalWindow = existing.survivalWindow;
    return b;
  }

  /** Returns how versions are laid out on the cluster. */
  public RolloutShape shape() {
    return shape;
  }

  /** Returns the Service that routes traffic, or null for one named like the deployment. */
  public @Nullable String serviceName() {
    return serviceName;
  }

  /** Returns the label naming the application (blue/green: selects its Deployments). */
  public String nameLabel() {
    return nameLabel;
  }

  /** Returns the label naming the version on Deployments, pod templates and the Service selector. */
  public String versionLabel() {
    return versionLabel;
  }

  /** Returns what cleanup does with the failing version's Deployment (blue/green). */
  public CleanupPolicy cleanupPolicy() {
    return cleanupPolicy;
  }

  /** Returns the restarts of one container above which a pod counts as unhealthy. */
  public int restartThreshold() {
    return restartThreshold;
  }

  /** Returns the attempts per request when the API answers 429, 5xx or not at all (at least 1). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Returns the wait before the first retry, doubled per retry. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** Returns the longest wait between retries. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** Returns how many fresh reads and re-writes follow a 409 Conflict before giving up. */
  public int conflictRetries() {
    return conflictRetries;
  }

  /**
   * Returns the longest interval of the list-polling fallback of {@code watchReadiness} when a
   * watch cannot be opened.
   */
  public Duration readinessPollMax() {
    return readinessPollMax;
  }

  /**
   * Returns how long a Deployment, ReplicaSet or Service that the adapters read or wrote is reused
   * by the following steps instead of being read again; zero reads afresh every time. A write
   * starting from a stale copy is refused by the API (409, as every write is conditional on the
   * resourceVersion) and retried on a fresh read; readiness and pod health always read the pods and
   * the Deployment's status afresh.
   */
  public Duration readReuse() {
    return readReuse;
  }

  /**
   * Returns how long a pod may show a failure that often clears by itself (a first {@code
   * ErrImagePull}, a missing ConfigMap or Secret, a container that crashed once) before the
   * readiness wait takes it as a blocker and ends early; failures the kubelet has already retried
   * ({@code ImagePullBackOff}, {@code CrashLoopBackOff} after repeated restarts) and ones that
   * cannot clear ({@code InvalidImageName}) block at once.
   */
  public Duration blockerGrace() {
    return blockerGrace;
  }

  /**
   * Returns how long one readiness watch runs before the API server is asked to end it ({@code
   * timeoutSeconds}); the watch is then resumed from the last resourceVersion seen, as client-go's
   * reflector does (whole seconds, at least 1).
   */
  public Duration watchTimeout() {
    return watchTimeout;
  }

  /**
   * Returns how long one API request (not a watch) may take, connection to the end of the answer,
   * before it counts as unanswered and is retried (the client's own default is none).
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * Returns the longest {@code Retry-After} of a 429 or 5xx answer that is waited for before the
   * retry (a shorter computed backoff is raised to it); an answer asking for longer ends the
   * attempts at once, naming the delay asked.
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * Returns how long the ConfigMap run store keeps a finished run before deleting it (measured from
   * the save that finished it, by the store's clock; positive).
   */
  public Duration runRetention() {
    return runRetention;
  }

  /**
   * Returns, for blue/green, how long <i>Update service selector</i> waits, after switching the
   * Service, until its EndpointSlices hold only pods of the restored version (past it, the step
   * goes on and says so in the log: the selector is right, the endpoints lag).
   */
  public Duration drainTimeout() {
    return drainTimeout;
  }

  /**
   * Returns, for blue/green, how long after the switch the failing version's pods keep running
   * before <i>Cleanup old resources</i> removes them, for connections, kube-proxy rules and
   * clients' caches still on them (Argo Rollouts' {@code scaleDownDelaySeconds}); cleanup waits
   * what remains of it, so its step deadline must exceed it.
   */
  public Duration scaleDownDelay() {
    return scaleDownDelay;
  }

  /**
   * Returns what to do with a Deployment or Service that Argo CD or Flux keeps in line with Git
   * (see {@link GitOpsPolicy}); detected from their tracking annotations and labels.
   */
  public GitOpsPolicy gitOpsPolicy() {
    return gitOpsPolicy;
  }

  /**
   * Returns the label Argo CD tracks resources by when its tracking method is {@code label} (its
   * default key {@code app.kubernetes.io/instance}, which Helm charts set too, so it is never
   * assumed); null when Argo CD tracks by annotation, or is not used.
   */
  public @Nullable String argoCdInstanceLabel() {
    return argoCdInstanceLabel;
  }

  /**
   * Returns the namespace of Argo CD's Applications (default {@code argocd}), where {@link
   * GitOpsPolicy#SUSPEND} turns off an Application's automated sync; an Application named {@code
   * ns_name} by its tracking id (Applications in any namespace) is looked up in {@code ns} instead.
   */
  public String argoCdNamespace() {
    return argoCdNamespace;
  }

  /**
   * Returns how long after the manifest was prepared <i>Cleanup old resources</i> (which follows
   * <i>Update deployment status</i>) checks, before it removes anything, that the restored version
   * is still in place (waiting what remains of it): a GitOps controller or a pipeline that reverted
   * the rollback sends the run to <i>Escalate to team lead</i> with what changed, and the failing
   * version is left running; zero checks at once.
   */
  public Duration survivalWindow() {
    return survivalWindow;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof KubernetesAdapterConfig c)) {
      return false;
    }
    return shape == c.shape
        && Objects.equals(serviceName, c.serviceName)
        && nameLabel.equals(c.nameLabel)
        && versionLabel.equals(c.versionLabel)
        && cleanupPolicy == c.cleanupPolicy
        && restartThreshold == c.restartThreshold
        && maxAttempts == c.maxAttempts
        && initialBackoff.equals(c.initialBackoff)
        && maxBackoff.equals(c.maxBackoff)
        && conflictRetries == c.conflictRetries
        && readinessPollMax.equals(c.readinessPollMax)
        && readReuse.equals(c.readReuse)
        && blockerGrace.equals(c.blockerGrace)
        && watchTimeout.equals(c.watchTimeout)
        && requestTimeout.equals(c.requestTimeout)
        && maxRetryAfter.equals(c.maxRetryAfter)
        && runRetention.equals(c.runRetention)
        && drainTimeout.equals(c.drainTimeout)
        && scaleDownDelay.equals(c.scaleDownDelay)
        && gitOpsPolicy == c.gitOpsPolicy
        && Objects.equals(argoCdInstanceLabel, c.argoCdInstanceLabel)
        && argoCdNamespace.equals(c.argoCdNamespace)
        && survivalWindow.equals(c.survivalWindow);
  }

  @Override
  public int hashCode() {
    return Objects.hash(shape, serviceName, nameLabel, versionLabel, cleanupPolicy, restartThreshold, maxAttempts,
        initialBackoff, maxBackoff, conflictRetries, readinessPollMax, readReuse, blockerGrace,
        watchTimeout, requestTimeout, maxRetryAfter, runRetention, drainTimeout, scaleDownDelay,
        gitOpsPolicy, argoCdInstanceLabel, argoCdNamespace, survivalWindow);
  }

  /** Returns every setting by name, e.g. {@code KubernetesAdapterConfig[shape=BLUE_GREEN, ...]}. */
  @Override
  public String toString() {
    return "KubernetesAdapterConfig["
        + "shape=" + shape
        + ", serviceName=" + serviceName
        + ", nameLabel=" + nameLabel
        + ", versionLabel=" + versionLabel
        + ", cleanupPolicy=" + cleanupPolicy
        + ", restartThreshold=" + restartThreshold
        + ", maxAttempts=" + maxAttempts
        + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff
        + ", conflictRetries=" + conflictRetries
        + ", readinessPollMax=" + readinessPollMax
        + ", readReuse=" + readReuse
        + ", blockerGrace=" + blockerGrace
        + ", watchTimeout=" + watchTimeout
        + ", requestTimeout=" + requestTimeout
        + ", maxRetryAfter=" + maxRetryAfter
        + ", runRetention=" + runRetention
        + ", drainTimeout=" + drainTimeout
        + ", scaleDownDelay=" + scaleDownDelay
        + ", gitOpsPolicy=" + gitOpsPolicy
        + ", argoCdInstanceLabel=" + argoCdInstanceLabel
        + ", argoCdNamespace=" + argoCdNamespace
        + ", survivalWindow=" + survivalWindow
        + "]";
  }

  /** Collects configuration values; not thread-safe. {@link #build()} validates them all. */
  public static final class Builder {
    private RolloutShape shape = RolloutShape.BLUE_GREEN;
    private @Nullable String serviceName;
    private String nameLabel = "app.kubernetes.io/name";
    private String versionLabel = "app.kubernetes.io/version";
    private CleanupPolicy cleanupPolicy = CleanupPolicy.DELETE;
    private int restartThreshold = 3;
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private int conflictRetries = 5;
    private Duration readinessPollMax = Duration.ofSeconds(2);
    private Duration readReuse = Duration.ofSeconds(2);
    private Duration blockerGrace = Duration.ofSeconds(30);
    private Duration drainTimeout = Duration.ofSeconds(60);
    private Duration scaleDownDelay = Duration.ofSeconds(30);
    private GitOpsPolicy gitOpsPolicy = GitOpsPolicy.HALT;
    private @Nullable String argoCdInstanceLabel;
    private String argoCdNamespace = "argocd";
    private Duration survivalWindow = Duration.ofSeconds(10);
    private Duration watchTimeout = Duration.ofMinutes(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration maxRetryAfter = Duration.ofSeconds(30);
    private Duration runRetention = Duration.ofDays(7);

    private Builder() {}

    /** Sets the rollout shape (default {@link RolloutShape#BLUE_GREEN}). */
    public Builder shape(RolloutShape shape) {
      this.shape = Objects.requireNonNull(shape, "shape");
      return this;
    }

    /** Sets the Service routing traffic; null (the default) means the deployment's name. */
    public Builder serviceName(@Nullable String serviceName) {
      this.serviceName = serviceName;
      return this;
    }

    /** Sets the application-name label key (default {@code app.kubernetes.io/name}). */
    public Builder nameLabel(String nameLabel) {
      this.nameLabel = Objects.requireNonNull(nameLabel, "nameLabel");
      return this;
    }

    /** Sets the version label key (default {@code app.kubernetes.io/version}). */
    public Builder versionLabel(String versionLabel) {
      this.versionLabel = Objects.requireNonNull(versionLabel, "versionLabel");
      return this;
    }

    /** Sets the cleanup policy (default {@link CleanupPolicy#DELETE}). */
    public Builder cleanupPolicy(CleanupPolicy cleanupPolicy) {
      this.cleanupPolicy = Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
      return this;
    }

    /** Sets the restart count above which a container is unhealthy (default 3). */
    public Builder restartThreshold(int restartThreshold) {
      this.restartThreshold = restartThreshold;
      return this;
    }

    /** Sets the attempts per request on 429, 5xx and timeouts (default 5). */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Sets the first and the longest wait between retries (defaults 200 ms and 5 s). */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = Objects.requireNonNull(initial, "initialBackoff");
      this.maxBackoff = Objects.requireNonNull(max, "maxBackoff");
      return this;
    }

    /** Sets how often a write is re-read and retried after a 409 Conflict (default 5). */
    public Builder conflictRetries(int conflictRetries) {
      this.conflictRetries = conflictRetries;
      return this;
    }

    /** Sets the longest interval of the readiness polling fallback (default 2 s). */
    public Builder readinessPollMax(Duration readinessPollMax) {
      this.readinessPollMax = Objects.requireNonNull(readinessPollMax, "readinessPollMax");
      return this;
    }

    /**
     * Sets how long an object read or written is reused by the following steps instead of being
     * read again (default 2 s, which spans the quick steps of one run; zero reads afresh every
     * time).
     */
    public Builder readReuse(Duration readReuse) {
      this.readReuse = Objects.requireNonNull(readReuse, "readReuse");
      return this;
    }

    /**
     * Sets how long the switch waits for the Service's endpoints to hold only the restored version
     * (blue/green; default 60 s).
     */
    public Builder drainTimeout(Duration drainTimeout) {
      this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
      return this;
    }

    /**
     * Sets how long the failing version's pods outlive the switch (blue/green; default 30 s); zero
     * removes them as soon as cleanup runs.
     */
    public Builder scaleDownDelay(Duration scaleDownDelay) {
      this.scaleDownDelay = Objects.requireNonNull(scaleDownDelay, "scaleDownDelay");
      return this;
    }

    /** Sets what to do with objects a GitOps controller owns (default {@link GitOpsPolicy#HALT}). */
    public Builder gitOpsPolicy(GitOpsPolicy gitOpsPolicy) {
      this.gitOpsPolicy = Objects.requireNonNull(gitOpsPolicy, "gitOpsPolicy");
      return this;
    }

    /**
     * Sets the label Argo CD tracks resources by, when its tracking method is {@code label} (default
     * none: tracking by the {@code argocd.argoproj.io/tracking-id} annotation only).
     */
    public Builder argoCdInstanceLabel(@Nullable String argoCdInstanceLabel) {
      this.argoCdInstanceLabel = argoCdInstanceLabel;
      return this;
    }

    /** Sets the namespace of Argo CD's Applications (default {@code argocd}); see {@link #argoCdNamespace()}. */
    public Builder argoCdNamespace(String argoCdNamespace) {
      this.argoCdNamespace = Objects.requireNonNull(argoCdNamespace, "argoCdNamespace");
      return this;
    }

    /** Sets how long the restored version must stay in place before the run ends (default 10 s). */
    public Builder survivalWindow(Duration survivalWindow) {
      this.survivalWindow = Objects.requireNonNull(survivalWindow, "survivalWindow");
      return this;
    }

    /**
     * Sets how long a pod may show a failure that often clears by itself before it ends the
     * readiness wait (default 30 s; zero takes every failure at once).
     */
    public Builder blockerGrace(Duration blockerGrace) {
      this.blockerGrace = Objects.requireNonNull(blockerGrace, "blockerGrace");
      return this;
    }

    /** Sets how long one readiness watch runs before it is ended and resumed (default 5 min). */
    public Builder watchTimeout(Duration watchTimeout) {
      this.watchTimeout = Objects.requireNonNull(watchTimeout, "watchTimeout");
      return this;
    }

    /** Sets how long one API request may take before it is retried (default 30 s). */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * Sets the longest {@code Retry-After} waited for before a retry (default 30 s); an answer
     * asking for longer ends the attempts at once.
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /**
     * Sets how long the ConfigMap run store keeps a finished run before deleting it (default 7
     * days).
     */
    public Builder runRetention(Duration runRetention) {
      this.runRetention = Objects.requireNonNull(runRetention, "runRetention");
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws InvalidConfigurationException naming every broken rule
     */
    public KubernetesAdapterConfig build() {
      return new KubernetesAdapterConfig(this);
    }
  }
}
