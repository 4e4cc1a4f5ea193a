package dev.rollback.k8s.internal;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.JSON;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Objects the adapters read or wrote in the last {@code reuse} (monotonic time), so that the steps
 * of one run, which follow each other within milliseconds, do not read the same Deployment and
 * ReplicaSets again and again.
 *
 * <p>What it may serve, and why that is safe:
 *
 * <ul>
 *   <li>Writes use a recent copy only for their first attempt. Every write is conditional on the
 *       copy's resourceVersion, so a copy that someone changed since makes the API answer 409; the
 *       object is then {@linkplain #forget forgotten} and read afresh.
 *   <li>Reads that decide something (which version runs, which is stable, whether the manifest
 *       still applies) may be up to {@code reuse} old; an answer of the API is as old by the time
 *       it is acted on when the API is slow.
 *   <li>Status is never taken from here: readiness and pod health read the Deployment and the
 *       pods afresh, because the controllers change them without us.
 * </ul>
 *
 * <p>Every write's answer replaces the copies of that object, in single entries and in the lists
 * holding it. Copies go in and come out deep-copied, so a caller that changes what it got changes
 * nothing here. A zero {@code reuse} keeps nothing. Thread-safe.
 */
final class RecentReads {
  /** What was read: one object by name, or a list by label selector. */
  private record Key(String kind, String namespace, String nameOrSelector, boolean list) {}

  private record Entry(Object value, long atNanos) {}

  private final long reuseNanos;
  private final LongSupplier nanoTime;
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  RecentReads(Duration reuse, LongSupplier nanoTime) {
    this.reuseNanos = reuse.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Returns a copy of the object of that kind and name if it was seen within the reuse time. */
  <T extends KubernetesObject> @Nullable T object(Class<T> type, String namespace, String name) {
    Object value = fresh(new Key(type.getName(), namespace, name, false));
    return value == null ? null : copy(type.cast(value), type);
  }

  /** Returns copies of a list read by {@code selector} if it was read within the reuse time. */
  <T extends KubernetesObject> @Nullable List<T> list(Class<T> type, String namespace, String selector) {
    Object value = fresh(new Key(type.getName(), namespace, selector, true));
    if (value == null) {
      return null;
    }
    List<T> copies = new ArrayList<>();
    for (Object item : (List<?>) value) {
      copies.add(copy(type.cast(item), type));
    }
    return copies;
  }

  /** Remembers an object as read or as written, replacing its copies in lists read earlier. */
  <T extends KubernetesObject> void object(Class<T> type, String namespace, T object) {
    if (reuseNanos == 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    String name = Templates.name(object);
    T copy = copy(object, type);
    entries.put(new Key(type.getName(), namespace, name, false), new Entry(copy, now));
    entries.replaceAll((key, entry) -> key.list() && key.kind().equals(type.getName())
        && key.namespace().equals(namespace) ? new Entry(replaced((List<?>) entry.value(), name, copy), entry.atNanos())
        : entry);
    purge(now);
  }

  /** Remembers a list read by {@code selector}, and each of its objects. */
  <T extends KubernetesObject> void list(Class<T> type, String namespace, String selector, List<T> items) {
    if (reuseNanos == 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    List<T> copies = new ArrayList<>(items.size());
    for (T item : items) {
      T copy = copy(item, type);
      copies.add(copy);
      entries.put(new Key(type.getName(), namespace, Templates.name(item), false), new Entry(copy, now));
    }
    entries.put(new Key(type.getName(), namespace, selector, true), new Entry(List.copyOf(copies), now));
    purge(now);
  }

  /**
   * Forgets an object (a write conflicted, or it was deleted) and every list of its kind in that
   * namespace, which may hold it.
   */
  void forget(Class<?> type, String namespace, String name) {
    entries.keySet().removeIf(key -> key.kind().equals(type.getName()) && key.namespace().equals(namespace)
        && (key.list() || key.nameOrSelector().equals(name)));
  }

  /** Returns how many entries are held; for tests. */
  int size() {
    return entries.size();
  }

  private @Nullable Object fresh(Key key) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (nanoTime.getAsLong() - e.atNanos() >= reuseNanos) {
      entries.remove(key, e);
      return null;
    }
    return e.value();
  }

  private void purge(long now) {
    entries.values().removeIf(e -> now - e.atNanos() >= reuseNanos);
  }

  private static List<Object> replaced(List<?> list, String name, Object replacement) {
    List<Object> out = new ArrayList<>(list.size());
    for (Object item : list) {
      out.add(Templates.name((KubernetesObject) item).equals(name) ? replacement : item);
    }
    return List.copyOf(out);
  }

  private static <T> T copy(T object, Class<T> type) {
    return JSON.getGson().fromJson(JSON.getGson().toJson(object), type);
  }
}
