package dev.rollback.k8s.internal;

import com.google.gson.reflect.TypeToken;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.Subscription;
import dev.rollback.spi.helpers.Causes;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes readiness snapshots of the restored version's pods: lists them, then follows a watch from
 * the list's resourceVersion and recomputes the snapshot on every event. As client-go's reflector
 * does, each watch asks the server to end it after the configured watch timeout and is then
 * resumed from the last resourceVersion seen (events and bookmarks); only a watch that answers an
 * ERROR (410 Gone when that resourceVersion has been compacted away) lists afresh. A watch that
 * breaks with an I/O error is re-opened with backoff; one the API refuses to open (403, 405) falls
 * back to listing with backoff up to the configured interval. Each snapshot is pushed only when it
 * differs from the last one. Runs on its own daemon thread until cancelled.
 */
final class ReadinessWatch implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(ReadinessWatch.class);
  private static final Type EVENT = new TypeToken<Watch.Response<V1Pod>>() {}.getType();

  private final ClusterObjects k;
  private final PodInspector inspector;
  private final String namespace;
  private final Rollout.Target target;
  private final Consumer<ReadinessSnapshot> onChange;
  private final Thread thread;
  private volatile boolean cancelled;
  private volatile @Nullable Watch<V1Pod> watch;
  /** The pods last seen, for the re-judgement when a pod's minReadySeconds pass. Guarded by this. */
  private List<V1Pod> latest = List.of();
  private @Nullable ReadinessSnapshot last;
  /** Re-judges the pods when one becomes available with no event telling; made when first needed. */
  private @Nullable ScheduledExecutorService timer;
  /** When the timer judges next, or null when nothing is scheduled. Guarded by this. */
  private @Nullable Instant judgeAt;
  /** Where the next watch resumes; null to list afresh. Used by the watch thread only. */
  private @Nullable String resourceVersion;

  /** How one watch ended. */
  private enum End { RESUME, RELIST, BROKEN, REFUSED }

  ReadinessWatch(ClusterObjects k, PodInspector inspector, String namespace, Rollout.Target target,
      Consumer<ReadinessSnapshot> onChange) {
    this.k = k;
    this.inspector = inspector;
    this.namespace = namespace;
    this.target = target;
    this.onChange = onChange;
    this.thread = new Thread(this::run, "rollback-k8s-readiness-" + namespace);
    this.thread.setDaemon(true);
  }

  ReadinessWatch start() {
    thread.start();
    return this;
  }

  @Override
  public void cancel() {
    cancelled = true;
    closeWatch();
    thread.interrupt();
    synchronized (this) {
      if (timer != null) {
        timer.shutdownNow();
      }
    }
  }

  private void run() {
    Map<String, V1Pod> pods = new LinkedHashMap<>();
    int broken = 0; // watches broken in a row: the retry of the backoff
    try {
      while (!cancelled) {
        if (resourceVersion == null) {
          V1PodList list = k.pods(namespace, target.podSelector());
          pods.clear();
          list.getItems().forEach(p -> pods.put(Templates.name(p), p));
          publish(pods);
          resourceVersion = list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
        }
        switch (follow(pods)) {
          case RESUME -> broken = 0;
          case RELIST -> resourceVersion = null;
          case BROKEN -> k.api().sleeper().sleep(k.api().retryBackoff().delay(++broken));
          case REFUSED -> {
            poll();
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (!cancelled) {
        LOG.warn("readiness watch of {} in {} stopped: {}", target.podSelector(), namespace, Causes.describe(e));
      }
    }
  }

  /** Follows one watch from {@link #resourceVersion}, advancing it with every event and bookmark. */
  private End follow(Map<String, V1Pod> pods) {
    try (Watch<V1Pod> w = open(resourceVersion)) {
      watch = w;
      if (cancelled) {
        return End.RESUME;
      }
      for (Watch.Response<V1Pod> event : w) {
        if (cancelled) {
          return End.RESUME;
        }
        if ("ERROR".equals(event.type) || event.object == null) {
          LOG.debug("watch of pods in {} answered {}; listing afresh", namespace, event.status);
          return End.RELIST;
        }
        String seen = event.object.getMetadata() == null ? null : event.object.getMetadata().getResourceVersion();
        if (seen != null) {
          resourceVersion = seen;
        }
        if ("BOOKMARK".equals(event.type)) {
          continue;
        }
        if ("DELETED".equals(event.type)) {
          pods.remove(Templates.name(event.object));
        } else {
          pods.put(Templates.name(event.object), event.object);
        }
        publish(pods);
      }
      return End.RESUME;
    } catch (ApiException e) {
      if (e.getCode() == 410) {
        return End.RELIST;
      }
      if (e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500) {
        LOG.info("cannot open the watch of pods in {} ({}); retrying", namespace, KubeApi.statusMessage(e));
        return End.BROKEN;
      }
      LOG.info("cannot watch pods in {} ({}: {}); polling instead", namespace, e.getCode(), KubeApi.statusMessage(e));
      return End.REFUSED;
    } catch (IOException | RuntimeException e) {
      if (cancelled) {
        return End.RESUME;
      }
      LOG.info("watch of pods in {} broke ({}); re-opening it", namespace, Causes.describe(e));
      return End.BROKEN;
    } finally {
      watch = null;
    }
  }

  private Watch<V1Pod> open(@Nullable String rv) throws ApiException {
    ApiClient client = k.api().client();
    CoreV1Api core = new CoreV1Api(client);
    Call listCall = core.listNamespacedPod(namespace).labelSelector(target.podSelector())
        .resourceVersion(rv).allowWatchBookmarks(true)
        .timeoutSeconds((int) Math.max(1, k.api().config().watchTimeout().toSeconds()))
        .watch(true).buildCall(null);
    // A watch idles for minutes between events: no read timeout on its connection.
    OkHttpClient http = client.getHttpClient().newBuilder().readTimeout(Duration.ZERO).build();
    return KubeApi.watch(client, http.newCall(listCall.request()), EVENT);
  }

  private void poll() throws InterruptedException {
    for (int polls = 1; !cancelled; polls++) {
      k.api().sleeper().sleep(k.api().pollBackoff().delay(polls));
      Map<String, V1Pod> pods = new LinkedHashMap<>();
      k.pods(namespace, target.podSelector()).getItems().forEach(p -> pods.put(Templates.name(p), p));
      publish(pods);
    }
  }

  private void publish(Map<String, V1Pod> pods) {
    synchronized (this) {
      latest = List.copyOf(pods.values());
    }
    judge();
  }

  /**
   * Judges the latest pods and pushes the snapshot if it changed; when a ready pod waits for its
   * minReadySeconds, judges again once they have passed (no pod event marks that moment).
   */
  private synchronized void judge() {
    if (cancelled) {
      return;
    }
    Instant now = inspector.now();
    ReadinessSnapshot snapshot = Readiness.of(target, latest, inspector, List.of(), now);
    if (judgeAt != null && !judgeAt.isAfter(now)) {
      judgeAt = null; // this is the scheduled judgement (or a later one)
    }
    Instant next = Readiness.nextAvailability(target, latest, now);
    // One judgement scheduled at a time: pod events while a pod waits do not schedule more.
    if (next != null && (judgeAt == null || next.isBefore(judgeAt))) {
      judgeAt = next;
      if (timer == null) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, thread.getName() + "-available");
          t.setDaemon(true);
          return t;
        });
      }
      timer.schedule(this::judge, Duration.between(now, next).toMillis() + 1, TimeUnit.MILLISECONDS);
    }
    if (!Objects.equals(snapshot, last)) {
      last = snapshot;
      try {
        onChange.accept(snapshot);
      } catch (RuntimeException e) {
        LOG.warn("readiness listener threw; ignoring", e);
      }
    }
  }

  private void closeWatch() {
    Watch<V1Pod> w = watch;
    if (w != null) {
      try {
        w.close();
      } catch (IOException | RuntimeException ignored) {
        // closing is best effort; the thread is interrupted as well
      }
    }
  }
}
