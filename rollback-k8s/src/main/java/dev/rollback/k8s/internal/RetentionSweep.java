package dev.rollback.k8s.internal;

import dev.rollback.k8s.KubernetesAdapterException;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the ConfigMaps of finished runs once the retention has passed since they finished: the
 * time in the annotation {@value ConfigMapRunStore#FINISHED_AT} (the store's clock), or for a
 * ConfigMap without it (written before the annotation existed) its creationTimestamp. A sweep runs
 * when due, at most once per {@code min(retention, 1 h)}, and its work is bounded: it lists the
 * finished runs {@value #PAGE} at a time, at most {@value #PAGES} pages, deleting each expired one
 * with its resourceVersion as precondition (a ConfigMap changed meanwhile is left for the next
 * sweep). A sweep that fails is logged and tried again at the next interval; it never fails the
 * call that ran it. Thread-safe: concurrent callers skip a sweep already running.
 */
final class RetentionSweep {
  static final int PAGE = 100;
  static final int PAGES = 10;
  private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);
  private static final Duration MAX_INTERVAL = Duration.ofHours(1);

  private final DurabilityObjects objects;
  private final String namespace;
  private final Clock clock;
  private final Duration retention;
  private final Duration interval;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Instant due = Instant.MIN;

  RetentionSweep(DurabilityObjects objects, String namespace, Clock clock, Duration retention) {
    this.objects = objects;
    this.namespace = namespace;
    this.clock = clock;
    this.retention = retention;
    this.interval = retention.compareTo(MAX_INTERVAL) < 0 ? retention : MAX_INTERVAL;
  }

  /** Sweeps if the interval has passed since the last sweep; returns how many runs it deleted. */
  int sweepIfDue() throws InterruptedException {
    Instant now = clock.instant();
    if (now.isBefore(due) || !running.compareAndSet(false, true)) {
      return 0;
    }
    int deleted = 0;
    try {
      due = now.plus(interval);
      String next = null;
      for (int page = 0; page < PAGES; page++) {
        V1ConfigMapList list = objects.configMapPage(namespace,
            ConfigMapRunStore.STORE + "=true," + ConfigMapRunStore.FINISHED + "=true", PAGE, next);
        for (V1ConfigMap configMap : list.getItems()) {
          Instant finished = finishedAt(configMap);
          if (finished != null && !finished.plus(retention).isAfter(now) && delete(configMap)) {
            deleted++;
          }
        }
        V1ListMeta meta = list.getMetadata();
        next = meta == null ? null : meta.getContinue();
        if (next == null || next.isEmpty()) {
          break;
        }
      }
      if (deleted > 0) {
        LOG.info("deleted {} finished run(s) from {}: finished more than {} ago", deleted, namespace, retention);
      }
    } catch (KubernetesAdapterException e) {
      LOG.warn("the sweep of finished runs in {} failed after {} deletion(s); it runs again in {}: {}", namespace,
          deleted, interval, e.getMessage());
    } finally {
      running.set(false);
    }
    return deleted;
  }

  private boolean delete(V1ConfigMap configMap) throws InterruptedException {
    V1ObjectMeta meta = configMap.getMetadata();
    if (meta == null || meta.getName() == null || meta.getResourceVersion() == null) {
      return false;
    }
    try {
      return objects.deleteConfigMap(namespace, meta.getName(), meta.getResourceVersion());
    } catch (KubeApi.ConflictException changed) {
      LOG.debug("ConfigMap {}/{} changed since it was listed; the next sweep looks at it again", namespace,
          meta.getName());
      return false;
    }
  }

  private @Nullable Instant finishedAt(V1ConfigMap configMap) {
    V1ObjectMeta meta = configMap.getMetadata();
    if (meta == null) {
      return null;
    }
    Map<String, String> annotations = meta.getAnnotations();
    String at = annotations == null ? null : annotations.get(ConfigMapRunStore.FINISHED_AT);
    if (at != null) {
      try {
        return Instant.parse(at);
      } catch (DateTimeParseException e) {
        LOG.warn("ConfigMap {}/{} has an unreadable {} '{}'; its creation time counts instead", namespace,
            meta.getName(), ConfigMapRunStore.FINISHED_AT, at);
      }
    }
    OffsetDateTime created = meta.getCreationTimestamp();
    return created == null ? null : created.toInstant();
  }
}
