package dev.rollback.k8s;

import dev.rollback.k8s.internal.ConfigRecorder;
import dev.rollback.k8s.internal.ReleaseWatch;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.spi.helpers.Sleeper;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds releases by itself: watches the Deployments of chosen namespaces that a label selector
 * picks (a list, then a watch resumed from its resourceVersion, relisted after 410 Gone) and tells
 * a {@link ReleaseListener} of each new revision once it finished rolling out, so that it is judged
 * for a judgement window, and when that judgement ends.
 *
 * <p>In place ({@link RolloutShape#IN_PLACE}), a release is a new revision of the Deployment (a new
 * ReplicaSet from a template change). Its release time is taken from the cluster: the {@code
 * lastUpdateTime} of the Deployment's {@code Progressing} condition once its reason is {@code
 * NewReplicaSetAvailable}, which the Deployment controller sets when it first sees the new
 * ReplicaSet's replicas all updated and available (to the second). The watcher announces the
 * release then, once the controller has observed the Deployment's generation and every replica is
 * updated and available (what {@code kubectl rollout status} waits for). In blue/green ({@link
 * RolloutShape#BLUE_GREEN}), a release is another version behind the application's Service (the
 * version its selector names, run by the Deployment labelled with the application's name and that
 * version; a new version's Deployment that gets no traffic is no release yet), released at the
 * later of that Deployment's rollout completion (as in place) and the Service's switch to it. The
 * Service records no time of the switch that the client keeps, so the switch is dated when the
 * watcher saw it, by its clock: a watcher started after the switch dates such a release late.
 *
 * <p>A release stops being judged when its window closes, when a newer revision replaces it (at the
 * moment the newer revision appears) or when the Deployment is deleted. A revision that a rollback
 * of this library restored (its Deployment still carries the run's scale-down bookkeeping, or the
 * restored ReplicaSet the run's record; blue/green, the version that left the Service the run's
 * bookkeeping, or the restored version's Deployment the run's record) is told as {@link ReleaseListener#restored}, not as a
 * release. A release found when the watcher starts whose window is still open is announced for the
 * rest of its window, so a restarted watcher goes on judging the same releases.
 *
 * <p>Configuration travels with the version: before it tells the listener of a release (or a
 * restore), the watcher records on the revision's ReplicaSet (annotation {@code
 * rollback.dev/config-fingerprints}) a SHA-256 fingerprint of each ConfigMap and Secret its pod
 * template references (env {@code valueFrom} and {@code envFrom}, volumes, projected volumes; an
 * optional reference and a missing object are recorded as such), never a value in clear; with
 * {@link Builder#keepConfigSnapshots(boolean)} it also keeps their content. A rollback to that
 * revision then restores what was changed in place with the template, or halts when the old
 * content is gone. The ReplicaSet is where the record lives because it lives exactly as long as
 * the revision, and the driver reads it anyway.
 *
 * <p>Runs, from {@link #start()} until {@link #close()}, a daemon thread per namespace for its
 * Deployments (in blue/green a second one for its Services) and one that closes windows. Needs the
 * Role {@code rollback-release-watcher} of {@link KubernetesAdapters#RBAC_RESOURCE} in each
 * namespace watched (and {@code rollback-config-snapshots} to keep snapshots). Thread-safe.
 */
public final class ReleaseWatcher implements AutoCloseable {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final ReleaseWatch watch;
  private final String cluster;
  private final List<String> namespaces;
  private final String labelSelector;
  private final Duration judgementWindow;
  private final boolean keepConfigSnapshots;

  private ReleaseWatcher(Builder b, ApiClient client, KubernetesAdapterConfig config, ReleaseListener listener) {
    this.cluster = Objects.requireNonNull(b.cluster);
    this.namespaces = List.copyOf(b.namespaces);
    this.labelSelector = b.labelSelector;
    this.judgementWindow = b.judgementWindow;
    this.keepConfigSnapshots = b.keepConfigSnapshots;
    ReleaseListener recording = new ConfigRecorder(client, config, Sleeper.system(), keepConfigSnapshots, b.clock)
        .recordingFor(listener);
    this.watch = new ReleaseWatch(client, config, Sleeper.system(), new ReleaseWatch.Settings(cluster, namespaces,
        labelSelector, judgementWindow, b.clock, recording));
  }

  /** Returns a builder for a watcher over {@code client}, reading versions as {@code config} says (shape, labels). */
  public static Builder builder(ApiClient client, KubernetesAdapterConfig config) {
    return new Builder(Objects.requireNonNull(client, "client"), Objects.requireNonNull(config, "config"));
  }

  /** Starts watching; returns this watcher. Calling it again does nothing. */
  public ReleaseWatcher start() {
    watch.start();
    return this;
  }

  /** Returns the releases being judged now, as last announced to the listener. */
  public List<Release> releases() {
    return watch.releases();
  }

  /** Returns the cluster name the watcher's {@link Release#deployment()}s carry. */
  public String cluster() {
    return cluster;
  }

  /** Returns the namespaces watched. */
  public List<String> namespaces() {
    return namespaces;
  }

  /** Returns the label selector of the Deployments watched; empty for all. */
  public String labelSelector() {
    return labelSelector;
  }

  /** Returns how long after its release a release is judged. */
  public Duration judgementWindow() {
    return judgementWindow;
  }

  /** Returns whether snapshots of each release's ConfigMaps and Secrets are kept in the cluster. */
  public boolean keepConfigSnapshots() {
    return keepConfigSnapshots;
  }

  /** Stops watching; the listener hears of no more releases, and no release is ended for it. */
  @Override
  public void close() {
    watch.close();
  }

  /** Builds a {@link ReleaseWatcher}; each setter checks its value at once, {@link #build()} all of them together. */
  public static final class Builder {
    private final ApiClient client;
    private final KubernetesAdapterConfig config;
    private @Nullable String cluster;
    private final LinkedHashSet<String> namespaces = new LinkedHashSet<>();
    private String labelSelector = "";
    private Duration judgementWindow = Duration.ofHours(2);
    private Clock clock = Clock.systemUTC();
    private @Nullable ReleaseListener listener;
    private boolean keepConfigSnapshots;

    private Builder(ApiClient client, KubernetesAdapterConfig config) {
      this.client = client;
      this.config = config;
    }

    /** Sets the cluster name of the {@link dev.rollback.spi.DeploymentRef}s, as the engine knows it (required). */
    public Builder cluster(String cluster) {
      this.cluster = Objects.requireNonNull(cluster, "cluster");
      return this;
    }

    /** Adds namespaces to watch (at least one is required); each must be a DNS-1123 label. */
    public Builder namespaces(String... namespaces) {
      for (String ns : namespaces) {
        this.namespaces.add(Objects.requireNonNull(ns, "namespace"));
      }
      return this;
    }

    /** Sets the label selector that picks the Deployments, as kubectl's {@code -l} takes it; default empty: all. */
    public Builder labelSelector(String labelSelector) {
      this.labelSelector = Objects.requireNonNull(labelSelector, "labelSelector").trim();
      return this;
    }

    /** Sets how long after it finished rolling out a release is judged; default 2 h. */
    public Builder judgementWindow(Duration judgementWindow) {
      this.judgementWindow = Objects.requireNonNull(judgementWindow, "judgementWindow");
      return this;
    }

    /** Sets the clock that tells when a judgement window closes; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets who hears of releases (required). */
    public Builder listener(ReleaseListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets whether the content of each release's ConfigMaps and Secrets is kept in the cluster, so
     * that a rollback can put back what a later release changed in place; default false: only
     * their fingerprints are recorded, and such a rollback halts for a manual one. A snapshot is an
     * object of the same kind in the same namespace (a Secret's only ever a Secret), named {@code
     * NAME-rb-DIGEST10}, labelled {@code rollback.dev/config-snapshot} and owned by the ReplicaSets
     * of the revisions that recorded that content, so the garbage collector deletes it with the last
     * of them. Needs the Role {@code rollback-config-snapshots} besides {@code
     * rollback-release-watcher}.
     */
    public Builder keepConfigSnapshots(boolean keep) {
      this.keepConfigSnapshots = keep;
      return this;
    }

    /**
     * Returns the watcher, not started.
     *
     * @throws InvalidConfigurationException naming every missing or bad setting
     */
    public ReleaseWatcher build() {
      ConfigProblems problems = ConfigProblems.of("ReleaseWatcher");
      if (cluster != null) {
        problems.notBlank("cluster", cluster);
      } else {
        problems.add("cluster is required");
      }
      problems.check(namespaces.isEmpty(), "at least one namespace is required");
      List<String> bad = new ArrayList<>();
      namespaces.stream().filter(ns -> !DNS_LABEL.matcher(ns).matches()).forEach(bad::add);
      problems.check(!bad.isEmpty(), "namespaces " + bad + " must be DNS-1123 labels");
      problems.within("judgementWindow", judgementWindow);
      problems.check(listener == null, "listener is required");
      problems.throwIfAny();
      return new ReleaseWatcher(this, client, config, Objects.requireNonNull(listener));
    }
  }
}
