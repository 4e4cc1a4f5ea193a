package dev.rollback.k8s.internal;

import com.google.gson.reflect.TypeToken;
import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.k8s.Release;
import dev.rollback.k8s.ReleaseListener;
import dev.rollback.k8s.RolloutShape;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.helpers.Causes;
import dev.rollback.spi.helpers.Sleeper;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentCondition;
import io.kubernetes.client.openapi.models.V1DeploymentList;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceList;
import io.kubernetes.client.util.Watch;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The implementation of {@link dev.rollback.k8s.ReleaseWatcher}: per namespace, a {@link ListWatch}
 * of the selected Deployments (and in blue/green one of the Services), and a timer that closes
 * judgement windows. What it tracks per deployment
 * is guarded by this object; the listener is called under that lock, so its calls for one
 * deployment are ordered.
 */
public final class ReleaseWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseWatch.class);
  private static final Type DEPLOYMENT_EVENT = new TypeToken<Watch.Response<V1Deployment>>() {}.getType();
  private static final Type SERVICE_EVENT = new TypeToken<Watch.Response<V1Service>>() {}.getType();
  /** The Deployment controller's reason on the Progressing condition once the new ReplicaSet is available. */
  static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";

  /**
   * The watcher's settings, validated by its builder.
   *
   * @param cluster the cluster name of the references
   * @param namespaces the namespaces watched
   * @param labelSelector the selector of the Deployments; empty for all
   * @param window the judgement window
   * @param clock tells when a window closes
   * @param listener hears of releases
   */
  public record Settings(String cluster, List<String> namespaces, String labelSelector, Duration window, Clock clock,
      ReleaseListener listener) {}

  /** What the watcher knows of one deployment's release. */
  private static final class Tracked {
    /** The Deployment running the release, its uid and its identity (uid and revision). */
    String workload;
    @Nullable String uid;
    String identity;
    long revision;
    /** Whether a run of this library was rolling back to this revision when it appeared. */
    boolean restoring;
    /** Whether this revision was told to the listener (or found with its window closed). */
    boolean settled;
    @Nullable Release release;
    @Nullable ScheduledFuture<?> closing;
    /** When the watcher first saw this revision serve. */
    Instant seenAt;

    Tracked(Look look, Instant seenAt) {
      this.seenAt = seenAt;
      this.workload = look.workload();
      this.uid = look.uid();
      this.identity = look.identity();
      this.revision = look.revision();
    }
  }

  /**
   * One look at a deployment: the Deployment running what it serves, and when that finished rolling
   * out (null while it has not).
   *
   * @param restoring whether a run of this library is rolling back to this revision now
   * @param completed when the serving Deployment finished rolling out, or null while it has not
   * @param versionId the version id when the look knows it (blue/green), else null (read on settling)
   */
  private record Look(DeploymentRef ref, V1Deployment served, String workload, @Nullable String uid, String identity,
      long revision, boolean restoring, @Nullable Instant completed, @Nullable String versionId) {}

  private final ClusterObjects k;
  private final Rollout rollout;
  private final KubernetesAdapterConfig config;
  private final Settings settings;
  private final AppsV1Api apps;
  private final CoreV1Api core;
  /** By namespace/deployment name (the application's name in blue/green). Guarded by this. */
  private final Map<String, Tracked> tracked = new HashMap<>();
  /** Blue/green: the Deployments and Services last seen, by namespace/name. Guarded by this. */
  private final Map<String, V1Deployment> deployments = new HashMap<>();
  private final Map<String, V1Service> services = new HashMap<>();
  private final List<ListWatch<?>> feeds = new ArrayList<>();
  private final ScheduledExecutorService timer;
  private volatile boolean closed;
  private boolean started;

  /** Creates the watch over {@code client}; nothing runs before {@link #start()}. */
  public ReleaseWatch(ApiClient client, KubernetesAdapterConfig config, Sleeper sleeper, Settings settings) {
    // Every read afresh: a copy reused from a read a second ago would name the revision before.
    this.config = KubernetesAdapterConfig.builder(config).readReuse(Duration.ZERO).build();
    this.k = new ClusterObjects(new KubeApi(client, this.config, sleeper));
    this.rollout = config.shape() == RolloutShape.BLUE_GREEN ? new BlueGreenRollout(k) : new InPlaceRollout(k);
    this.settings = settings;
    this.apps = new AppsV1Api(client);
    this.core = new CoreV1Api(client);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rollback-k8s-release-windows");
      t.setDaemon(true);
      return t;
    });
    String selector = settings.labelSelector().isEmpty() ? null : settings.labelSelector();
    for (String ns : settings.namespaces()) {
      feeds.add(new ListWatch<V1Deployment>(k.api(), ns, ClusterObjects.DEPLOYMENTS, DEPLOYMENT_EVENT,
          () -> apps.listNamespacedDeployment(ns).labelSelector(selector).buildCall(null), V1DeploymentList.class,
          rv -> apps.listNamespacedDeployment(ns).labelSelector(selector).resourceVersion(rv).allowWatchBookmarks(true)
              .timeoutSeconds(watchSeconds()).watch(true).buildCall(null),
          this::deploymentsListed, this::deploymentSeen, this::deploymentDeleted));
      if (config.shape() == RolloutShape.BLUE_GREEN) {
        feeds.add(new ListWatch<V1Service>(k.api(), ns, ClusterObjects.SERVICES, SERVICE_EVENT,
            () -> core.listNamespacedService(ns).buildCall(null), V1ServiceList.class,
            rv -> core.listNamespacedService(ns).resourceVersion(rv).allowWatchBookmarks(true)
                .timeoutSeconds(watchSeconds()).watch(true).buildCall(null),
            this::servicesListed, this::serviceSeen, this::serviceDeleted));
      }
    }
  }

  private int watchSeconds() {
    return (int) Math.max(1, config.watchTimeout().toSeconds());
  }

  /** Starts the threads, once. */
  public synchronized void start() {
    if (!started && !closed) {
      started = true;
      feeds.forEach(ListWatch::start);
    }
  }

  /** Returns the releases announced and not ended. */
  public synchronized List<Release> releases() {
    List<Release> out = new ArrayList<>();
    for (Tracked t : tracked.values()) {
      if (t.release != null) {
        out.add(t.release);
      }
    }
    return List.copyOf(out);
  }

  @Override
  public void close() {
    closed = true;
    feeds.forEach(ListWatch::cancel);
    timer.shutdownNow();
  }

  private boolean blueGreen() {
    return config.shape() == RolloutShape.BLUE_GREEN;
  }

  /** A fresh list of {@code ns}'s Deployments. */
  private synchronized void deploymentsListed(String ns, List<V1Deployment> listed) throws InterruptedException {
    if (blueGreen()) {
      deployments.keySet().removeIf(key -> key.startsWith(ns + "/"));
      listed.forEach(d -> deployments.put(key(ns, Templates.name(d)), d));
      lookAtApplications(ns);
      return;
    }
    Set<String> present = new HashSet<>();
    listed.forEach(d -> present.add(key(ns, Templates.name(d))));
    for (String key : List.copyOf(tracked.keySet())) {
      if (key.startsWith(ns + "/") && !present.contains(key)) {
        gone(key);
      }
    }
    for (V1Deployment d : listed) {
      deploymentSeen(ns, d);
    }
  }

  private synchronized void deploymentSeen(String ns, V1Deployment d) throws InterruptedException {
    if (blueGreen()) {
      deployments.put(key(ns, Templates.name(d)), d);
      String app = Templates.labels(d.getMetadata()).get(config.nameLabel());
      if (app != null) {
        lookAtApplication(ns, app);
      }
      return;
    }
    long revision = Templates.revision(d);
    if (revision == 0) {
      return; // the controller has not numbered it yet
    }
    String uid = d.getMetadata() == null ? null : d.getMetadata().getUid();
    DeploymentRef ref = DeploymentRef.of(settings.cluster(), ns, Templates.name(d));
    observe(key(ns, Templates.name(d)), new Look(ref, d, Templates.name(d), uid, uid + "/" + revision, revision,
        restoring(d), completedAt(d), null));
  }

  private synchronized void deploymentDeleted(String ns, V1Deployment d) throws InterruptedException {
    if (blueGreen()) {
      deployments.remove(key(ns, Templates.name(d)));
      String app = Templates.labels(d.getMetadata()).get(config.nameLabel());
      if (app != null) {
        lookAtApplication(ns, app);
      }
      return;
    }
    gone(key(ns, Templates.name(d)));
  }

  private synchronized void servicesListed(String ns, List<V1Service> listed) throws InterruptedException {
    services.keySet().removeIf(key -> key.startsWith(ns + "/"));
    listed.forEach(s -> services.put(key(ns, Templates.name(s)), s));
    lookAtApplications(ns);
  }

  private synchronized void serviceSeen(String ns, V1Service s) throws InterruptedException {
    services.put(key(ns, Templates.name(s)), s);
    lookAtApplications(ns);
  }

  private synchronized void serviceDeleted(String ns, V1Service s) throws InterruptedException {
    services.remove(key(ns, Templates.name(s)));
    lookAtApplications(ns);
  }

  /** Blue/green: looks at every application of {@code ns} known from its Deployments or tracked. */
  private void lookAtApplications(String ns) throws InterruptedException {
    Set<String> apps = new java.util.TreeSet<>();
    deployments.forEach((key, d) -> {
      String app = Templates.labels(d.getMetadata()).get(config.nameLabel());
      if (key.startsWith(ns + "/") && app != null) {
        apps.add(app);
      }
    });
    tracked.keySet().stream().filter(key -> key.startsWith(ns + "/")).map(key -> key.substring(ns.length() + 1))
        .forEach(apps::add);
    for (String app : apps) {
      lookAtApplication(ns, app);
    }
  }

  /**
   * Blue/green: the release of application {@code app} is the version its Service selects, run by
   * the Deployment labelled with the application's name and that version.
   */
  private void lookAtApplication(String ns, String app) throws InterruptedException {
    String key = key(ns, app);
    String serviceName = config.serviceName() == null ? app : config.serviceName();
    V1Service svc = services.get(key(ns, serviceName));
    String served = svc == null || svc.getSpec() == null || svc.getSpec().getSelector() == null ? null
        : svc.getSpec().getSelector().get(config.versionLabel());
    V1Deployment dep = served == null ? null : deployments.values().stream()
        .filter(d -> Objects.equals(ns, d.getMetadata() == null ? null : d.getMetadata().getNamespace()))
        .filter(d -> app.equals(Templates.labels(d.getMetadata()).get(config.nameLabel()))
            && served.equals(Templates.labels(d.getMetadata()).get(config.versionLabel())))
        .findFirst().orElse(null);
    if (dep == null) {
      Tracked t = tracked.get(key);
      if (t != null && (svc == null || !deployments.containsKey(key(ns, t.workload)))) {
        gone(key); // the Service or the serving version's Deployment was deleted
      }
      return;
    }
    long revision = Templates.revision(dep);
    if (revision == 0) {
      return;
    }
    Tracked t = tracked.get(key);
    V1Deployment left = t == null || t.workload.equals(Templates.name(dep)) ? null : deployments.get(key(ns, t.workload));
    String uid = dep.getMetadata() == null ? null : dep.getMetadata().getUid();
    observe(key, new Look(DeploymentRef.of(settings.cluster(), ns, app), dep, Templates.name(dep), uid,
        Templates.name(dep) + "/" + uid + "/" + revision, revision, left != null && restoring(left), completedAt(dep),
        served));
  }

  private void gone(String key) {
    Tracked t = tracked.remove(key);
    if (t != null) {
      end(t, Release.End.DELETED);
    }
  }

  /** Updates what is known of a deployment, and tells the listener of a revision that finished rolling out. */
  private void observe(String key, Look look) throws InterruptedException {
    if (closed) {
      return;
    }
    Tracked t = tracked.get(key);
    if (t != null && t.workload.equals(look.workload()) && !Objects.equals(t.uid, look.uid())) {
      gone(key); // deleted and created again between two looks
      t = null;
    }
    Instant now = settings.clock().instant();
    if (t == null) {
      t = new Tracked(look, now);
      t.restoring = look.restoring();
      tracked.put(key, t);
    } else if (!t.identity.equals(look.identity())) {
      end(t, Release.End.REPLACED);
      t.workload = look.workload();
      t.uid = look.uid();
      t.identity = look.identity();
      t.revision = look.revision();
      t.seenAt = now;
      t.settled = false;
      t.restoring = look.restoring();
    } else if (!t.settled) {
      t.restoring |= look.restoring();
    }
    Instant completed = look.completed();
    if (t.settled || completed == null) {
      return;
    }
    if (blueGreen() && t.seenAt.isAfter(completed)) {
      // Released when it finished rolling out and the Service sent it traffic, whichever came last.
      // The Service keeps no time of that switch: its managedFields have times, but the client's
      // models decode them as empty (checked against the API server's answer), so the watcher's
      // clock dates the switch.
      completed = t.seenAt;
    }
    try {
      settle(look, t, completed);
    } catch (RuntimeException e) {
      LOG.warn("cannot tell the release of revision {} of {}: {}; trying again at its next change", look.revision(),
          look.ref(), Causes.describe(e));
    }
  }

  private void settle(Look look, Tracked t, Instant completed) throws InterruptedException {
    DeploymentRef ref = look.ref();
    String versionId = look.versionId() != null ? look.versionId() : rollout.currentVersion(ref).id();
    Release release = new Release(ref, look.workload(), versionId, t.revision, completed,
        completed.plus(settings.window()));
    t.settled = true;
    if (!release.judgedUntil().isAfter(settings.clock().instant())) {
      LOG.debug("{}: revision {} ({}) finished rolling out at {}; its judgement window closed at {}", ref,
          t.revision, versionId, completed, release.judgedUntil());
      return;
    }
    if (t.restoring || recordedRestore(look.served(), t.revision, versionId, completed)) {
      LOG.info("{}: revision {} ({}) is a rollback of this library, finished at {}; not judged as a release", ref,
          t.revision, versionId, completed);
      tell(ref, "restored", () -> settings.listener().restored(release));
      return;
    }
    t.release = release;
    LOG.info("{}: release of version {} (revision {}) finished rolling out at {}; judged until {}", ref, versionId,
        t.revision, completed, release.judgedUntil());
    tell(ref, "released", () -> settings.listener().released(release));
    scheduleClose(t, release);
  }

  /** Schedules the end of {@code release}'s window on the timer, a millisecond late rather than early. */
  private void scheduleClose(Tracked t, Release release) {
    long delay = Math.max(0, Duration.between(settings.clock().instant(), release.judgedUntil()).toMillis()) + 1;
    t.closing = timer.schedule(() -> windowClosed(t, release), delay, TimeUnit.MILLISECONDS);
  }

  private synchronized void windowClosed(Tracked t, Release release) {
    if (t.release != release || closed) {
      return;
    }
    if (settings.clock().instant().isBefore(release.judgedUntil())) {
      scheduleClose(t, release); // the timer's time and the clock's differ
    } else {
      end(t, Release.End.WINDOW_CLOSED);
    }
  }

  /** Ends the judgement of {@code t}'s release, if one was announced. */
  private void end(Tracked t, Release.End why) {
    Release release = t.release;
    ScheduledFuture<?> closing = t.closing;
    t.release = null;
    t.closing = null;
    if (closing != null) {
      closing.cancel(false);
    }
    if (release != null && !closed) {
      LOG.info("{}: no longer judging version {} (revision {}): {}", release.deployment(), release.versionId(),
          release.revision(), why);
      tell(release.deployment(), "ended", () -> settings.listener().ended(release, why));
    }
  }

  private static void tell(DeploymentRef ref, String what, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("{}: the release listener threw on {}; watching goes on", ref, what, e);
    }
  }

  /** Returns whether a run of this library is rolling {@code d} back: its scale-down bookkeeping is on it. */
  private static boolean restoring(V1Deployment d) {
    Map<String, String> a = Templates.annotations(d);
    return a.get(Marks.SCALED_DOWN_BY) != null || a.get(Marks.PAUSED_BY) != null;
  }

  /**
   * Returns whether the object the adapters record a rollback on (in place the ReplicaSet of {@code
   * revision}, in blue/green the version's Deployment {@code d}) carries the record of a rollback
   * of this library to {@code versionId}, written once this very rollout completed (an older record
   * stays on a version a person later goes back to by hand).
   */
  private boolean recordedRestore(V1Deployment d, long revision, String versionId, Instant completed)
      throws InterruptedException {
    if (blueGreen()) {
      return recorded(d, versionId, completed);
    }
    for (V1ReplicaSet rs : k.ownedReplicaSets(d)) {
      if (Templates.revision(rs) == revision) {
        return recorded(rs, versionId, completed);
      }
    }
    return false;
  }

  private static boolean recorded(KubernetesObject o, String versionId, Instant completed) {
    Map<String, String> a = Templates.annotations(o);
    String at = a.get(Marks.ROLLBACK_AT);
    if (a.get(Marks.ROLLBACK_RUN) == null || !versionId.equals(a.get(Marks.ROLLBACK_TO)) || at == null) {
      return false;
    }
    try {
      return !Instant.parse(at).isBefore(completed.minusSeconds(1)); // lastUpdateTime is to the second
    } catch (DateTimeParseException malformed) {
      return false;
    }
  }

  /**
   * Returns when {@code d}'s current revision finished rolling out, or null while it has not: the
   * controller has observed its generation, every replica is updated and available, and the
   * Progressing condition's reason is {@value #NEW_RS_AVAILABLE}, whose lastUpdateTime is the time.
   */
  static @Nullable Instant completedAt(V1Deployment d) {
    V1DeploymentStatus status = d.getStatus();
    Long generation = d.getMetadata() == null ? null : d.getMetadata().getGeneration();
    if (status == null || status.getObservedGeneration() == null
        || (generation != null && status.getObservedGeneration() < generation)) {
      return null;
    }
    int want = Marks.replicas(d);
    int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
    int total = Objects.requireNonNullElse(status.getReplicas(), 0);
    int available = Objects.requireNonNullElse(status.getAvailableReplicas(), 0);
    if (updated != want || total != want || available != want || status.getConditions() == null) {
      return null;
    }
    for (V1DeploymentCondition c : status.getConditions()) {
      if ("Progressing".equals(c.getType()) && "True".equals(c.getStatus()) && NEW_RS_AVAILABLE.equals(c.getReason())
          && c.getLastUpdateTime() != null) {
        return c.getLastUpdateTime().toInstant();
      }
    }
    return null;
  }

  private static String key(String ns, String name) {
    return ns + "/" + name;
  }
}
