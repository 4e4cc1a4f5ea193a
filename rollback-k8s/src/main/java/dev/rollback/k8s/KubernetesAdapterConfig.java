package dev.rollback.k8s;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of the Kubernetes adapters. Start from {@link #ofDefaults()} or {@link
 * #builder()}; the constructor checks every field and reports every broken rule at once.
 *
 * @param shape how versions are laid out on the cluster
 * @param serviceName the Service that routes traffic, or null for one named like the deployment
 * @param nameLabel the label naming the application (blue/green: selects its Deployments)
 * @param versionLabel the label naming the version on Deployments, pod templates and the Service
 *     selector
 * @param cleanupPolicy what cleanup does with the failing version's Deployment (blue/green)
 * @param restartThreshold restarts of one container above which a pod counts as unhealthy
 * @param maxAttempts attempts per request when the API answers 429, 5xx or not at all (at least 1)
 * @param initialBackoff the wait before the first retry, doubled per retry
 * @param maxBackoff the longest wait between retries
 * @param conflictRetries fresh reads and re-writes after a 409 Conflict before giving up
 * @param readinessPollMax the longest interval of the list-polling fallback of {@code
 *     watchReadiness} when a watch cannot be opened
 * @param readReuse how long a Deployment, ReplicaSet or Service that the adapters read or wrote is
 *     reused by the following steps instead of being read again; zero reads afresh every time. A
 *     write starting from a stale copy is refused by the API (409, as every write is conditional
 *     on the resourceVersion) and retried on a fresh read; readiness and pod health always read
 *     the pods and the Deployment's status afresh
 * @param blockerGrace how long a pod may show a failure that often clears by itself (a first
 *     {@code ErrImagePull}, a missing ConfigMap or Secret, a container that crashed once) before
 *     the readiness wait takes it as a blocker and ends early; failures the kubelet has already
 *     retried ({@code ImagePullBackOff}, {@code CrashLoopBackOff} after repeated restarts) and
 *     ones that cannot clear ({@code InvalidImageName}) block at once
 * @param watchTimeout how long one readiness watch runs before the API server is asked to end it
 *     ({@code timeoutSeconds}); the watch is then resumed from the last resourceVersion seen, as
 *     client-go's reflector does (whole seconds, at least 1)
 * @param requestTimeout how long one API request (not a watch) may take, connection to the end of
 *     the answer, before it counts as unanswered and is retried (the client's own default is none)
 * @param maxRetryAfter the longest {@code Retry-After} of a 429 or 5xx answer that is waited for
 *     before the retry (a shorter computed backoff is raised to it); an answer asking for longer
 *     ends the attempts at once, naming the delay asked
 * @param runRetention how long the ConfigMap run store keeps a finished run before deleting it
 *     (measured from the save that finished it, by the store's clock; positive)
 * @param drainTimeout blue/green: how long <i>Update service selector</i> waits, after switching
 *     the Service, until its EndpointSlices hold only pods of the restored version (past it, the
 *     step goes on and says so in the log: the selector is right, the endpoints lag)
 * @param scaleDownDelay blue/green: how long after the switch the failing version's pods keep
 *     running before <i>Cleanup old resources</i> removes them, for connections, kube-proxy rules
 *     and clients' caches still on them (Argo Rollouts' {@code scaleDownDelaySeconds}); cleanup
 *     waits what remains of it, so its step deadline must exceed it
 * @param gitOpsPolicy what to do with a Deployment or Service that Argo CD or Flux keeps in line
 *     with Git (see {@link GitOpsPolicy}); detected from their tracking annotations and labels
 * @param argoCdInstanceLabel the label Argo CD tracks resources by when its tracking method is
 *     {@code label} (its default key {@code app.kubernetes.io/instance}, which Helm charts set too,
 *     so it is never assumed); null when Argo CD tracks by annotation, or is not used
 * @param survivalWindow how long after the manifest was prepared <i>Cleanup old resources</i>
 *     (which follows <i>Update deployment status</i>) checks, before it removes anything, that the
 *     restored version is still in place (waiting what remains of it): a GitOps controller or a
 *     pipeline that reverted the rollback sends the run to <i>Escalate to team lead</i> with what
 *     changed, and the failing version is left running; zero checks at once
 */
public record KubernetesAdapterConfig(
    RolloutShape shape,
    @Nullable String serviceName,
    String nameLabel,
    String versionLabel,
    CleanupPolicy cleanupPolicy,
    int restartThreshold,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    int conflictRetries,
    Duration readinessPollMax,
    Duration readReuse,
    Duration blockerGrace,
    Duration watchTimeout,
    Duration requestTimeout,
    Duration maxRetryAfter,
    Duration runRetention,
    Duration drainTimeout,
    Duration scaleDownDelay,
    GitOpsPolicy gitOpsPolicy,
    @Nullable String argoCdInstanceLabel,
    Duration survivalWindow) {

  private static final Pattern LABEL_KEY =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
              + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** Validates every field and throws one exception naming every broken rule. */
  public KubernetesAdapterConfig {
    List<String> problems = new ArrayList<>();
    if (shape == null) {
      problems.add("shape must not be null");
    }
    if (serviceName != null && !DNS_LABEL.matcher(serviceName).matches()) {
      problems.add("serviceName '" + serviceName + "' must be a DNS-1123 label");
    }
    checkLabelKey(nameLabel, "nameLabel", problems);
    checkLabelKey(versionLabel, "versionLabel", problems);
    if (cleanupPolicy == null) {
      problems.add("cleanupPolicy must not be null");
    }
    if (restartThreshold < 0) {
      problems.add("restartThreshold must be >= 0 but was " + restartThreshold);
    }
    if (maxAttempts < 1) {
      problems.add("maxAttempts must be >= 1 but was " + maxAttempts);
    }
    checkPositive(initialBackoff, "initialBackoff", problems);
    checkPositive(maxBackoff, "maxBackoff", problems);
    if (initialBackoff != null && maxBackoff != null && maxBackoff.compareTo(initialBackoff) < 0) {
      problems.add("maxBackoff " + maxBackoff + " must not be shorter than initialBackoff " + initialBackoff);
    }
    if (conflictRetries < 0) {
      problems.add("conflictRetries must be >= 0 but was " + conflictRetries);
    }
    checkPositive(readinessPollMax, "readinessPollMax", problems);
    if (readReuse == null || readReuse.isNegative()) {
      problems.add("readReuse must be zero or a positive duration but was " + readReuse);
    }
    if (blockerGrace == null || blockerGrace.isNegative()) {
      problems.add("blockerGrace must be zero or a positive duration but was " + blockerGrace);
    }
    if (watchTimeout == null || watchTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      problems.add("watchTimeout must be at least 1 s but was " + watchTimeout);
    }
    checkPositive(requestTimeout, "requestTimeout", problems);
    if (maxRetryAfter == null || maxRetryAfter.isNegative()) {
      problems.add("maxRetryAfter must be zero or a positive duration but was " + maxRetryAfter);
    }
    checkPositive(runRetention, "runRetention", problems);
    checkPositive(drainTimeout, "drainTimeout", problems);
    if (scaleDownDelay == null || scaleDownDelay.isNegative()) {
      problems.add("scaleDownDelay must be zero or a positive duration but was " + scaleDownDelay);
    }
    if (gitOpsPolicy == null) {
      problems.add("gitOpsPolicy must not be null");
    }
    if (argoCdInstanceLabel != null) {
      checkLabelKey(argoCdInstanceLabel, "argoCdInstanceLabel", problems);
    }
    if (survivalWindow == null || survivalWindow.isNegative()) {
      problems.add("survivalWindow must be zero or a positive duration but was " + survivalWindow);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid KubernetesAdapterConfig: " + String.join("; ", problems));
    }
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
    b.survivalWindow = existing.survivalWindow;
    return b;
  }

  private static void checkLabelKey(@Nullable String key, String field, List<String> problems) {
    if (key == null || !LABEL_KEY.matcher(key).matches() || key.length() > 316) {
      problems.add(field + " '" + key + "' must be a Kubernetes label key such as app.kubernetes.io/name");
    }
  }

  private static void checkPositive(@Nullable Duration d, String field, List<String> problems) {
    if (d == null || d.isZero() || d.isNegative()) {
      problems.add(field + " must be a positive duration but was " + d);
    }
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

    /** Returns the configuration, or throws naming every broken rule. */
    public KubernetesAdapterConfig build() {
      return new KubernetesAdapterConfig(
          shape, serviceName, nameLabel, versionLabel, cleanupPolicy, restartThreshold,
          maxAttempts, initialBackoff, maxBackoff, conflictRetries, readinessPollMax, readReuse, blockerGrace, watchTimeout, requestTimeout,
          maxRetryAfter, runRetention,
          drainTimeout, scaleDownDelay, gitOpsPolicy, argoCdInstanceLabel, survivalWindow);
    }
  }
}
