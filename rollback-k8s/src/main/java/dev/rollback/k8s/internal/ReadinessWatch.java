package dev.rollback.k8s.internal;

import com.google.gson.reflect.TypeToken;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.Subscription;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes readiness snapshots of the restored version's pods: lists them, then follows a watch from
 * the list's resourceVersion and recomputes the snapshot on every event. When a watch cannot be
 * opened (or breaks), falls back to listing with backoff up to the configured interval. Each
 * snapshot is pushed only when it differs from the last one. Runs on its own daemon thread until
 * cancelled.
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
  private @Nullable ReadinessSnapshot last;

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
  }

  private void run() {
    try {
      while (!cancelled) {
        Map<String, V1Pod> pods = new LinkedHashMap<>();
        V1PodList list = k.pods(namespace, target.podSelector());
        list.getItems().forEach(p -> pods.put(Templates.name(p), p));
        publish(pods);
        String rv = list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
        if (!follow(pods, rv)) {
          poll();
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (!cancelled) {
        LOG.warn("readiness watch of {} in {} stopped: {}", target.podSelector(), namespace, e.toString());
      }
    }
  }

  /** Follows one watch; answers false when none could be opened or it broke. */
  private boolean follow(Map<String, V1Pod> pods, @Nullable String rv) {
    try (Watch<V1Pod> w = open(rv)) {
      watch = w;
      if (cancelled) {
        return true;
      }
      for (Watch.Response<V1Pod> event : w) {
        if (cancelled) {
          return true;
        }
        if ("ERROR".equals(event.type) || event.object == null) {
          LOG.debug("watch of {} answered {}; listing afresh", namespace, event.status);
          return true;
        }
        if ("DELETED".equals(event.type)) {
          pods.remove(Templates.name(event.object));
        } else if (!"BOOKMARK".equals(event.type)) {
          pods.put(Templates.name(event.object), event.object);
        }
        publish(pods);
      }
      return true;
    } catch (ApiException e) {
      LOG.info("cannot watch pods in {} ({}); polling instead", namespace, e.getCode());
      return false;
    } catch (IOException | RuntimeException e) {
      if (cancelled) {
        return true;
      }
      LOG.info("watch of pods in {} broke ({}); polling instead", namespace, e.toString());
      return false;
    } finally {
      watch = null;
    }
  }

  private Watch<V1Pod> open(@Nullable String rv) throws ApiException {
    ApiClient client = k.api().client();
    CoreV1Api core = new CoreV1Api(client);
    Call listCall = core.listNamespacedPod(namespace).labelSelector(target.podSelector())
        .resourceVersion(rv).watch(true).buildCall(null);
    // A watch idles for minutes between events: no read timeout on its connection.
    OkHttpClient http = client.getHttpClient().newBuilder().readTimeout(Duration.ZERO).build();
    return Watch.createWatch(client, http.newCall(listCall.request()), EVENT);
  }

  private void poll() throws InterruptedException {
    Duration interval = k.api().config().initialBackoff();
    Duration max = k.api().config().readinessPollMax();
    while (!cancelled) {
      Thread.sleep(interval.toMillis());
      Map<String, V1Pod> pods = new LinkedHashMap<>();
      k.pods(namespace, target.podSelector()).getItems().forEach(p -> pods.put(Templates.name(p), p));
      publish(pods);
      interval = interval.multipliedBy(2).compareTo(max) > 0 ? max : interval.multipliedBy(2);
    }
  }

  private void publish(Map<String, V1Pod> pods) {
    ReadinessSnapshot snapshot = Readiness.of(target.desired(), pods.values(), inspector, List.of());
    if (!cancelled && !Objects.equals(snapshot, last)) {
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
