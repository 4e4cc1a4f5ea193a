package dev.rollback.k8s.internal;

import com.google.gson.JsonObject;
import dev.rollback.k8s.ClusterStateException;
import dev.rollback.spi.RollbackManifest;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The annotations the adapters write: failure marks (so a failed version is never offered as
 * stable again), the replica count before scale-down, and the record of a rollback. Each patch
 * builder answers null when the object already carries what it would write, which is what makes
 * the steps idempotent.
 */
final class Marks {
  static final String PREFIX = "rollback.dev/";
  static final String FAILED = PREFIX + "failed-run";
  static final String FAILED_REASON = PREFIX + "failed-reason";
  static final String ROLLED_BACK_FROM = PREFIX + "rolled-back-from-run";
  static final String REPLICAS_BEFORE = PREFIX + "replicas-before";
  static final String SCALED_DOWN_BY = PREFIX + "scaled-down-by-run";
  static final String PAUSED_BY = PREFIX + "paused-by-run";
  static final String ROLLBACK_RUN = PREFIX + "rollback-run";
  static final String ROLLBACK_FROM = PREFIX + "rollback-from";
  static final String ROLLBACK_TO = PREFIX + "rollback-to";
  static final String ROLLBACK_AT = PREFIX + "rollback-at";
  /**
   * The name of the object a failure mark was written on. The Deployment controller copies a
   * Deployment's annotations onto each new ReplicaSet, and {@code kubectl rollout undo} copies a
   * ReplicaSet's onto the Deployment, so a mark can ride onto objects it was never about; a mark
   * counts only on the object it names.
   */
  static final String MARKED = PREFIX + "marked-object";
  /** Blue/green, on the failing version's Deployment: when this run switched traffic away from it. */
  static final String TRAFFIC_LEFT_AT = PREFIX + "traffic-left-at";
  static final String TRAFFIC_LEFT_BY = PREFIX + "traffic-left-by-run";
  /** On a HorizontalPodAutoscaler: the run that pinned it to the floor, and its range before ("min-max"). */
  static final String PINNED_BY = PREFIX + "pinned-by-run";
  static final String RANGE_BEFORE = PREFIX + "replica-range-before";
  /** The annotations of one run's scale-down, removed from every object once the run is cleaned up. */
  static final List<String> RUN_BOOKKEEPING = List.of(REPLICAS_BEFORE, SCALED_DOWN_BY, PAUSED_BY);
  private static final int MAX_REASON = 512;

  private Marks() {}

  /**
   * Returns whether a version's object is marked failed or rolled back from: by a mark written on
   * this very object (one without {@link #MARKED}, from an older release of the library, counts
   * too), not by one copied onto it from another.
   */
  static boolean unstable(KubernetesObject o) {
    Map<String, String> a = Templates.annotations(o);
    String marked = a.get(MARKED);
    return (a.get(FAILED) != null || a.get(ROLLED_BACK_FROM) != null)
        && (marked == null || marked.equals(Templates.name(o)));
  }

  /** Returns whether {@code key} is one of the annotations this library writes. */
  static boolean ours(String key) {
    return key.startsWith(PREFIX);
  }

  /** Returns why a version's object is unstable, for messages. */
  static String why(KubernetesObject o) {
    Map<String, String> a = Templates.annotations(o);
    if (a.get(FAILED) != null) {
      return "marked failed by run " + a.get(FAILED);
    }
    return "rolled back from by run " + a.get(ROLLED_BACK_FROM);
  }

  static @Nullable JsonObject failed(KubernetesObject o, String apiVersion, String kind,
      RollbackManifest m, String reason) {
    String shortReason = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
    Map<String, @Nullable String> values = new LinkedHashMap<>();
    values.put(FAILED, m.runId().value());
    values.put(FAILED_REASON, shortReason.isBlank() ? "unspecified" : shortReason);
    values.put(MARKED, Templates.name(o));
    return annotationsIfChanged(o, apiVersion, kind, values);
  }

  static @Nullable JsonObject rolledBackFrom(KubernetesObject o, String apiVersion, String kind,
      RollbackManifest m) {
    Map<String, @Nullable String> values = new LinkedHashMap<>();
    values.put(ROLLED_BACK_FROM, m.runId().value());
    values.put(MARKED, Templates.name(o));
    return annotationsIfChanged(o, apiVersion, kind, values);
  }

  static @Nullable JsonObject rollbackRecord(KubernetesObject o, String apiVersion, String kind,
      RollbackManifest m, Instant at) {
    Map<String, String> a = Templates.annotations(o);
    if (m.runId().value().equals(a.get(ROLLBACK_RUN))) {
      return null; // this run is recorded already; keep its first timestamp
    }
    Map<String, @Nullable String> values = new LinkedHashMap<>();
    values.put(ROLLBACK_RUN, m.runId().value());
    values.put(ROLLBACK_FROM, m.from().id());
    values.put(ROLLBACK_TO, m.to().id());
    values.put(ROLLBACK_AT, at.toString());
    return annotationsIfChanged(o, apiVersion, kind, values);
  }

  /**
   * Returns the patch scaling {@code d} down as the manifest says, recording the replica count it
   * had (once per run), or null when it is scaled down already.
   */
  static @Nullable JsonObject scaleDown(V1Deployment d, RollbackManifest m) {
    int replicas = replicas(d);
    int target = Math.min(replicas, m.scaleDown().floor());
    Map<String, String> a = Templates.annotations(d);
    boolean recorded = m.runId().value().equals(a.get(SCALED_DOWN_BY));
    if (recorded && replicas == target) {
      return null;
    }
    JsonObject patch = Patches.of("apps/v1", "Deployment");
    if (!recorded) {
      Map<String, @Nullable String> values = new LinkedHashMap<>();
      values.put(REPLICAS_BEFORE, Integer.toString(replicas));
      values.put(SCALED_DOWN_BY, m.runId().value());
      patch = Patches.annotations("apps/v1", "Deployment", values);
    }
    Patches.child(patch, "spec").addProperty("replicas", target);
    return patch;
  }

  /**
   * In place: the patch that stops the failing rollout from spreading (paused, so the controller
   * grows no ReplicaSet further) and shrinks it as the manifest says, recording the replica count
   * and the pause as this run's; null when that was done already.
   */
  static @Nullable JsonObject pauseAndScaleDown(V1Deployment d, RollbackManifest m) {
    JsonObject patch = scaleDown(d, m);
    boolean paused = d.getSpec() != null && Boolean.TRUE.equals(d.getSpec().getPaused());
    if (paused && m.runId().value().equals(Templates.annotations(d).get(PAUSED_BY))) {
      return patch;
    }
    if (patch == null) {
      patch = Patches.of("apps/v1", "Deployment");
    }
    Patches.child(Patches.child(patch, "metadata"), "annotations").addProperty(PAUSED_BY, m.runId().value());
    Patches.child(patch, "spec").addProperty("paused", true);
    return patch;
  }

  /**
   * Returns the patch removing this run's scale-down bookkeeping ({@link #RUN_BOOKKEEPING}) from
   * {@code o}, or null when it carries none.
   */
  static @Nullable JsonObject withoutBookkeeping(KubernetesObject o, String apiVersion, String kind) {
    Map<String, String> a = Templates.annotations(o);
    Map<String, @Nullable String> remove = new LinkedHashMap<>();
    for (String key : RUN_BOOKKEEPING) {
      if (a.get(key) != null) {
        remove.put(key, null);
      }
    }
    return remove.isEmpty() ? null : Patches.annotations(apiVersion, kind, remove);
  }

  /**
   * Returns the patch recording that the run of {@code m} switched traffic away from {@code d} at
   * {@code at}, or null when it recorded that already (the first time stays).
   */
  static @Nullable JsonObject trafficLeft(V1Deployment d, RollbackManifest m, Instant at) {
    if (m.runId().value().equals(Templates.annotations(d).get(TRAFFIC_LEFT_BY))) {
      return null;
    }
    Map<String, @Nullable String> values = new LinkedHashMap<>();
    values.put(TRAFFIC_LEFT_BY, m.runId().value());
    values.put(TRAFFIC_LEFT_AT, at.toString());
    return Patches.annotations("apps/v1", "Deployment", values);
  }

  /**
   * Returns how much of {@code delay} is left at {@code now} since the run of {@code m} switched
   * traffic away from {@code d}; all of it when the switch was not recorded by this run.
   */
  static Duration scaleDownDelayLeft(V1Deployment d, RollbackManifest m, Duration delay, Instant now) {
    Map<String, String> a = Templates.annotations(d);
    String at = a.get(TRAFFIC_LEFT_AT);
    if (!m.runId().value().equals(a.get(TRAFFIC_LEFT_BY)) || at == null) {
      return delay;
    }
    try {
      Duration left = Duration.between(now, Instant.parse(at).plus(delay));
      return left.isNegative() ? Duration.ZERO : left.compareTo(delay) > 0 ? delay : left;
    } catch (DateTimeParseException malformed) {
      return delay;
    }
  }

  /**
   * Returns the patch pinning {@code hpa} to {@code floor} replicas (minReplicas = maxReplicas), so
   * that it does not scale the failing version back up, recording its range; null when this run
   * pinned it already.
   */
  static @Nullable JsonObject pin(V2HorizontalPodAutoscaler hpa, RollbackManifest m, int floor) {
    if (m.runId().value().equals(Templates.annotations(hpa).get(PINNED_BY)) || hpa.getSpec() == null) {
      return null;
    }
    Integer min = hpa.getSpec().getMinReplicas();
    Map<String, @Nullable String> values = new LinkedHashMap<>();
    values.put(PINNED_BY, m.runId().value());
    values.put(RANGE_BEFORE, (min == null ? 1 : min) + "-" + hpa.getSpec().getMaxReplicas());
    JsonObject patch = Patches.annotations("autoscaling/v2", "HorizontalPodAutoscaler", values);
    Patches.child(patch, "spec").addProperty("minReplicas", floor);
    Patches.child(patch, "spec").addProperty("maxReplicas", floor);
    return patch;
  }

  /** Returns the patch giving {@code hpa} back the range this run pinned it from, or null when it did not. */
  static @Nullable JsonObject unpin(V2HorizontalPodAutoscaler hpa, RollbackManifest m) {
    Map<String, String> a = Templates.annotations(hpa);
    String range = a.get(RANGE_BEFORE);
    if (!m.runId().value().equals(a.get(PINNED_BY)) || range == null) {
      return null;
    }
    Map<String, @Nullable String> values = new LinkedHashMap<>();
    values.put(PINNED_BY, null);
    values.put(RANGE_BEFORE, null);
    JsonObject patch = Patches.annotations("autoscaling/v2", "HorizontalPodAutoscaler", values);
    String[] minMax = range.split("-", 2);
    try {
      Patches.child(patch, "spec").addProperty("minReplicas", Integer.parseInt(minMax[0]));
      Patches.child(patch, "spec").addProperty("maxReplicas", Integer.parseInt(minMax[1]));
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException malformed) {
      throw new ClusterStateException("HorizontalPodAutoscaler " + Templates.name(hpa) + " carries a malformed "
          + RANGE_BEFORE + " '" + range + "'; set its minReplicas and maxReplicas back by hand");
    }
    return patch;
  }

  /** Returns whether {@code d} is paused by someone other than the run of {@code m}. */
  static boolean pausedByOthers(V1Deployment d, RollbackManifest m) {
    boolean paused = d.getSpec() != null && Boolean.TRUE.equals(d.getSpec().getPaused());
    return paused && !m.runId().value().equals(Templates.annotations(d).get(PAUSED_BY));
  }

  /** Returns the replica count to restore: what {@code from} had before this run scaled it down. */
  static int replicasToRestore(@Nullable V1Deployment from, RollbackManifest m) {
    if (from == null) {
      return 1;
    }
    Map<String, String> a = Templates.annotations(from);
    if (m.runId().value().equals(a.get(SCALED_DOWN_BY)) && a.get(REPLICAS_BEFORE) != null) {
      try {
        return Math.max(1, Integer.parseInt(Objects.requireNonNull(a.get(REPLICAS_BEFORE))));
      } catch (NumberFormatException malformed) {
        // fall back to the current count
      }
    }
    return Math.max(1, replicas(from));
  }

  static int replicas(V1Deployment d) {
    Integer r = d.getSpec() == null ? null : d.getSpec().getReplicas();
    return r == null ? 1 : r;
  }

  private static @Nullable JsonObject annotationsIfChanged(KubernetesObject o, String apiVersion,
      String kind, Map<String, @Nullable String> values) {
    Map<String, String> a = Templates.annotations(o);
    boolean same = values.entrySet().stream().allMatch(e -> Objects.equals(a.get(e.getKey()), e.getValue()));
    return same ? null : Patches.annotations(apiVersion, kind, values);
  }
}
