package dev.rollback.k8s.internal;

import dev.rollback.spi.helpers.Causes;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace's list and watch of one resource, on a daemon thread of its own until cancelled:
 * lists, hands the list to {@code listed}, then follows a watch from the list's resourceVersion,
 * handing each object to {@code seen} or {@code deleted}. As client-go's reflector does, each watch
 * asks the server to end it after the configured watch timeout and is then resumed from the last
 * resourceVersion seen (events and bookmarks); an ERROR event or 410 Gone lists afresh; an I/O
 * error or a 429/5xx re-opens it with backoff. A watch the Role does not allow stops it, logged at
 * ERROR. (ReadinessWatch has the same loop for pods, with a polling fallback; it could move onto
 * this class.)
 */
final class ListWatch<T extends KubernetesObject> {
  private static final Logger LOG = LoggerFactory.getLogger(ListWatch.class);

  /** Builds a call; a call can be executed only once. */
  @FunctionalInterface
  interface CallFor {
    Call call(@Nullable String resourceVersion) throws ApiException;
  }

  /** Takes what the watch saw. */
  @FunctionalInterface
  interface Sink<T> {
    void accept(String ns, T seen) throws InterruptedException;
  }

  /** How one watch ended. */
  private enum End { RESUME, RELIST, BROKEN }

  private final String ns;
  private final String resource;
  private final Type eventType;
  private final KubeApi.CallFactory list;
  private final Type listType;
  private final CallFor watchCall;
  private final Sink<List<T>> listed;
  private final Sink<T> seen;
  private final Sink<T> deleted;
  private final Thread thread;
  private final KubeApi api;
  private volatile boolean cancelled;
  private volatile @Nullable Watch<T> watch;
  /** Where the next watch resumes; null to list afresh. Used by its thread only. */
  private @Nullable String resourceVersion;

  ListWatch(KubeApi api, String ns, String resource, Type eventType, KubeApi.CallFactory list, Type listType,
      CallFor watchCall, Sink<List<T>> listed, Sink<T> seen, Sink<T> deleted) {
    this.api = api;
    this.ns = ns;
    this.resource = resource;
    this.eventType = eventType;
    this.list = list;
    this.listType = listType;
    this.watchCall = watchCall;
    this.listed = listed;
    this.seen = seen;
    this.deleted = deleted;
    this.thread = new Thread(this::run, "rollback-k8s-releases-" + ns + "-" + resource);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void cancel() {
    cancelled = true;
    Watch<T> w = watch;
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
      while (!cancelled) {
        if (resourceVersion == null) {
          KubernetesListObject items = api.call(Op.collection("list", resource, ns), list, listType);
          @SuppressWarnings("unchecked")
          List<T> all = (List<T>) List.copyOf(items.getItems());
          listed.accept(ns, all);
          resourceVersion = items.getMetadata() == null ? null : items.getMetadata().getResourceVersion();
        }
        switch (follow()) {
          case RESUME -> broken = 0;
          case RELIST -> resourceVersion = null;
          case BROKEN -> api.sleeper().sleep(api.retryBackoff().delay(++broken));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (!cancelled) {
        LOG.error("release watch of {} in {} stopped: {}", resource, ns, Causes.describe(e), e);
      }
    }
  }

  /** Follows one watch from {@link #resourceVersion}, advancing it with every event and bookmark. */
  private End follow() throws InterruptedException {
    try (Watch<T> w = open()) {
      watch = w;
      for (Watch.Response<T> event : w) {
        if (cancelled) {
          return End.RESUME;
        }
        if ("ERROR".equals(event.type) || event.object == null) {
          LOG.debug("watch of {} in {} answered {}; listing afresh", resource, ns, event.status);
          return End.RELIST;
        }
        String rv = event.object.getMetadata() == null ? null : event.object.getMetadata().getResourceVersion();
        if (rv != null) {
          resourceVersion = rv;
        }
        if ("DELETED".equals(event.type)) {
          deleted.accept(ns, event.object);
        } else if (!"BOOKMARK".equals(event.type)) {
          seen.accept(ns, event.object);
        }
      }
      return End.RESUME;
    } catch (ApiException e) {
      if (cancelled) {
        return End.RESUME; // closing cancelled the call
      }
      if (e.getCode() == 410) {
        return End.RELIST;
      }
      if (e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500) {
        LOG.info("cannot open the watch of {} in {} ({}); retrying", resource, ns, KubeApi.statusMessage(e));
        return End.BROKEN;
      }
      throw new IllegalStateException("cannot watch " + resource + " in " + ns + " (" + e.getCode() + ": "
          + KubeApi.statusMessage(e) + "); grant the Role rollback-release-watcher of dev/rollback/k8s/rbac.yaml", e);
    } catch (IOException | RuntimeException e) {
      if (cancelled) {
        return End.RESUME;
      }
      LOG.info("watch of {} in {} broke ({}); re-opening it", resource, ns, Causes.describe(e));
      return End.BROKEN;
    } finally {
      watch = null;
    }
  }

  private Watch<T> open() throws ApiException {
    ApiClient client = api.client();
    // A watch idles for minutes between events: no read timeout on its connection.
    OkHttpClient http = client.getHttpClient().newBuilder().readTimeout(Duration.ZERO).build();
    return KubeApi.watch(client, http.newCall(watchCall.call(resourceVersion).request()), eventType);
  }
}
