package dev.rollback.k8s.internal;

import com.google.gson.reflect.TypeToken;
import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.k8s.Release;
import dev.rollback.k8s.ReleaseListener;
import dev.rollback.k8s.RolloutShape;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.helpers.Causes;
import dev.rollback.spi.helpers.Sleeper;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentCondition;
import io.kubernetes.client.openapi.models.V1DeploymentList;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
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
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The implementation of {@link dev.rollback.k8s.ReleaseWatcher}: per namespace, a thread that lists
 * the selected Deployments and follows a watch from the list's resourceVersion (resumed from the
 * last resourceVersion seen when the server ends it after the watch timeout, listed afresh after an
 * ERROR event or 410 Gone, re-opened with backoff after an I/O error or a 429/5xx, as {@link
 * ReadinessWatch} does), and a timer that closes judgement windows. What it tracks per deployment
 * is guarded by this object; the listener is called under that lock, so its calls for one
 * deployment are ordered.
 */
public final class ReleaseWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseWatch.class);
  private static final Type EVENT = new TypeToken<Watch.Response<V1Deployment>>() {}.getType();
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

  /** What the watcher knows of one deployment's current revision. */
  private static final class Tracked {
    final @Nullable String uid;
    long revision;
    /** Whether the Deployment carried a run's scale-down bookkeeping while at this revision. */
    boolean restoring;
    /** Whether this revision was told to the listener (or found with its window closed). */
    boolean settled;
    @Nullable Release release;
    @Nullable ScheduledFuture<?> closing;

    Tracked(@Nullable String uid, long revision) {
      this.uid = uid;
      this.revision = revision;
    }
  }

  private final ClusterObjects k;
  private final Rollout rollout;
  private final Settings settings;
  private final AppsV1Api apps;
  /** By namespace/name. Guarded by this. */
  private final Map<String, Tracked> tracked = new HashMap<>();
  private final List<Feed> feeds = new ArrayList<>();
  private final ScheduledExecutorService timer;
  private volatile boolean closed;
  private boolean started;

  /** Creates the watch over {@code client}; nothing runs before {@link #start()}. */
  public ReleaseWatch(ApiClient client, KubernetesAdapterConfig config, Sleeper sleeper, Settings settings) {
    if (config.shape() != RolloutShape.IN_PLACE) {
      throw new UnsupportedOperationException("ReleaseWatcher supports the in-place shape only so far");
    }
    // Every read afresh: a copy reused from a read a second ago would name the revision before.
    KubernetesAdapterConfig fresh = KubernetesAdapterConfig.builder(config).readReuse(Duration.ZERO).build();
    this.k = new ClusterObjects(new KubeApi(client, fresh, sleeper));
    this.rollout = new InPlaceRollout(k);
    this.settings = settings;
    this.apps = new AppsV1Api(client);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rollback-k8s-release-windows");
      t.setDaemon(true);
      return t;
    });
    for (String ns : settings.namespaces()) {
      feeds.add(new Feed(ns));
    }
  }

  /** Starts the threads, once. */
  public synchronized void start() {
    if (!started && !closed) {
      started = true;
      feeds.forEach(f -> f.thread.start());
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
    feeds.forEach(Feed::cancel);
    timer.shutdownNow();
  }

  /** One namespace's list and watch of Deployments. */
  private final class Feed {
    private final String ns;
    private final Thread thread;
    private volatile @Nullable Watch<V1Deployment> watch;
    /** Where the next watch resumes; null to list afresh. Used by the feed's thread only. */
    private @Nullable String resourceVersion;

    Feed(String ns) {
      this.ns = ns;
      this.thread = new Thread(this::run, "rollback-k8s-releases-" + ns);
      this.thread.setDaemon(true);
    }

    void cancel() {
      Watch<V1Deployment> w = watch;
      if (w != null) {
        try {
          w.close();
        } catch (IOException | RuntimeException ignored) {
          // best effort; the thread is interrupted as well
        }
      }
      thread.interrupt();
    }

    private void run() {
      int broken = 0; // watches broken in a row: the retry of the backoff
      try {
        while (!closed) {
          if (resourceVersion == null) {
            V1DeploymentList list = k.api().call(Op.collection("list", ClusterObjects.DEPLOYMENTS, ns),
                () -> apps.listNamespacedDeployment(ns).labelSelector(selector()).buildCall(null),
                V1DeploymentList.class);
            listed(ns, list.getItems());
            resourceVersion = list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
          }
          switch (follow()) {
            case RESUME -> broken = 0;
            case RELIST -> resourceVersion = null;
            case BROKEN -> k.api().sleeper().sleep(k.api().retryBackoff().delay(++broken));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.error("release watch of Deployments in {} stopped: {}", ns, Causes.describe(e), e);
        }
      }
    }

    private @Nullable String selector() {
      return settings.labelSelector().isEmpty() ? null : settings.labelSelector();
    }

    /** Follows one watch from {@link #resourceVersion}, advancing it with every event and bookmark. */
    private End follow() throws InterruptedException {
      try (Watch<V1Deployment> w = open()) {
        watch = w;
        for (Watch.Response<V1Deployment> event : w) {
          if (closed) {
            return End.RESUME;
          }
          if ("ERROR".equals(event.type) || event.object == null) {
            LOG.debug("watch of Deployments in {} answered {}; listing afresh", ns, event.status);
            return End.RELIST;
          }
          String seen = event.object.getMetadata() == null ? null : event.object.getMetadata().getResourceVersion();
          if (seen != null) {
            resourceVersion = seen;
          }
          if ("DELETED".equals(event.type)) {
            deleted(ns, Templates.name(event.object));
          } else if (!"BOOKMARK".equals(event.type)) {
            seen(ns, event.object);
          }
        }
        return End.RESUME;
      } catch (ApiException e) {
        if (e.getCode() == 410) {
          return End.RELIST;
        }
        if (e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500) {
          LOG.info("cannot open the watch of Deployments in {} ({}); retrying", ns, KubeApi.statusMessage(e));
          return End.BROKEN;
        }
        throw new IllegalStateException("cannot watch Deployments in " + ns + " (" + e.getCode() + ": "
            + KubeApi.statusMessage(e) + "); grant the Role rollback-release-watcher of dev/rollback/k8s/rbac.yaml", e);
      } catch (IOException | RuntimeException e) {
        if (closed) {
          return End.RESUME;
        }
        if (e.getCause() instanceof InterruptedException) {
          throw new InterruptedException("interrupted while watching Deployments in " + ns);
        }
        LOG.info("watch of Deployments in {} broke ({}); re-opening it", ns, Causes.describe(e));
        return End.BROKEN;
      } finally {
        watch = null;
      }
    }

    private Watch<V1Deployment> open() throws ApiException {
      ApiClient client = k.api().client();
      Call listCall = apps.listNamespacedDeployment(ns).labelSelector(selector()).resourceVersion(resourceVersion)
          .allowWatchBookmarks(true).timeoutSeconds((int) Math.max(1, k.api().config().watchTimeout().toSeconds()))
          .watch(true).buildCall(null);
      // A watch idles for minutes between events: no read timeout on its connection.
      OkHttpClient http = client.getHttpClient().newBuilder().readTimeout(Duration.ZERO).build();
      return KubeApi.watch(client, http.newCall(listCall.request()), EVENT);
    }
  }

  /** How one watch ended. */
  private enum End { RESUME, RELIST, BROKEN }

  /** A fresh list of {@code ns}: every Deployment in it is seen, every one tracked and missing from it is gone. */
  private synchronized void listed(String ns, List<V1Deployment> deployments) throws InterruptedException {
    Set<String> present = new HashSet<>();
    for (V1Deployment d : deployments) {
      present.add(key(ns, Templates.name(d)));
    }
    for (String key : List.copyOf(tracked.keySet())) {
      if (key.startsWith(ns + "/") && !present.contains(key)) {
        gone(key);
      }
    }
    for (V1Deployment d : deployments) {
      seen(ns, d);
    }
  }

  private synchronized void deleted(String ns, String name) {
    gone(key(ns, name));
  }

  private void gone(String key) {
    Tracked t = tracked.remove(key);
    if (t != null) {
      end(t, Release.End.DELETED);
    }
  }

  /** Updates what is known of {@code d}, and tells the listener of a revision that finished rolling out. */
  private synchronized void seen(String ns, V1Deployment d) throws InterruptedException {
    if (closed) {
      return;
    }
    String name = Templates.name(d);
    String key = key(ns, name);
    String uid = d.getMetadata() == null ? null : d.getMetadata().getUid();
    Tracked t = tracked.get(key);
    if (t != null && !Objects.equals(t.uid, uid)) {
      gone(key); // deleted and created again between two looks
      t = null;
    }
    long revision = Templates.revision(d);
    if (revision == 0) {
      return; // the controller has not numbered it yet
    }
    if (t == null) {
      t = new Tracked(uid, revision);
      tracked.put(key, t);
      t.restoring = restoring(d);
    } else if (t.revision != revision) {
      end(t, Release.End.REPLACED);
      t.revision = revision;
      t.settled = false;
      t.restoring = restoring(d);
    } else if (!t.settled) {
      t.restoring |= restoring(d);
    }
    if (t.settled) {
      return;
    }
    Instant completed = completedAt(d);
    if (completed == null) {
      return;
    }
    try {
      settle(ns, d, t, completed);
    } catch (RuntimeException e) {
      LOG.warn("cannot tell the release of revision {} of Deployment {}/{}: {}; trying again at its next change",
          revision, ns, name, Causes.describe(e));
    }
  }

  private void settle(String ns, V1Deployment d, Tracked t, Instant completed) throws InterruptedException {
    DeploymentRef ref = DeploymentRef.of(settings.cluster(), ns, Templates.name(d));
    String versionId = rollout.currentVersion(ref).id();
    Release release = new Release(ref, Templates.name(d), versionId, t.revision, completed,
        completed.plus(settings.window()));
    t.settled = true;
    if (!release.judgedUntil().isAfter(settings.clock().instant())) {
      LOG.debug("{}: revision {} ({}) finished rolling out at {}; its judgement window closed at {}", ref,
          t.revision, versionId, completed, release.judgedUntil());
      return;
    }
    if (t.restoring || recordedRestore(d, t.revision, versionId, completed)) {
      LOG.info("{}: revision {} ({}) is a rollback of this library, finished at {}; not judged as a release", ref,
          t.revision, versionId, completed);
      tell(ref, "restored", () -> settings.listener().restored(release));
      return;
    }
    t.release = release;
    LOG.info("{}: release of version {} (revision {}) finished rolling out at {}; judged until {}", ref, versionId,
        t.revision, completed, release.judgedUntil());
    tell(ref, "released", () -> settings.listener().released(release));
    Tracked which = t;
    long delay = Math.max(0, Duration.between(settings.clock().instant(), release.judgedUntil()).toMillis());
    t.closing = timer.schedule(() -> windowClosed(which, release), delay, TimeUnit.MILLISECONDS);
  }

  private synchronized void windowClosed(Tracked t, Release release) {
    if (t.release == release && !closed) {
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
   * Returns whether the ReplicaSet of {@code revision} carries the record of a rollback of this
   * library to {@code versionId}, written once this very rollout completed (an older record stays
   * on a ReplicaSet a person later rolls back to by hand).
   */
  private boolean recordedRestore(V1Deployment d, long revision, String versionId, Instant completed)
      throws InterruptedException {
    for (V1ReplicaSet rs : k.ownedReplicaSets(d)) {
      if (Templates.revision(rs) != revision) {
        continue;
      }
      Map<String, String> a = Templates.annotations(rs);
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
    return false;
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
