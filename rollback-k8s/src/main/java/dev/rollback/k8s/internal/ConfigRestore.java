package dev.rollback.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.rollback.k8s.ClusterStateException;
import dev.rollback.k8s.KubernetesAdapterException;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's half of configuration travelling with the version, for both rollout shapes: in
 * <i>Prepare rollback manifest</i> compares the ConfigMaps and Secrets the restored revision
 * recorded ({@link ConfigFingerprints}, on its ReplicaSet) with what they hold now; a change in
 * place whose old content is gone halts the run ({@link #validate}); in <i>Deploy previous
 * image</i> puts back, from their snapshots, the objects changed in place, before the template
 * ({@link #restore}). Remembers, per run, which {@link ConfigAssessment.Case} applied, for the
 * run's notices. Thread-safe.
 */
final class ConfigRestore {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigRestore.class);
  /** On an object this library restored: the run that did. */
  static final String RESTORED_BY = Marks.PREFIX + "config-restored-by-run";
  private static final int REMEMBERED_RUNS = 1_000;

  private final ConfigObjects objects;
  private final ConfigSnapshots snapshots;
  /** The latest assessment per run, oldest runs forgotten first. */
  private final Map<RunId, ConfigAssessment> byRun = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<RunId, ConfigAssessment> eldest) {
          return size() > REMEMBERED_RUNS;
        }
      });

  ConfigRestore(ClusterObjects k) {
    this.objects = new ConfigObjects(k.api());
    this.snapshots = new ConfigSnapshots(objects);
  }

  /**
   * Returns the problem that halts {@code m} (the restored version's configuration was changed in
   * place and its old content is gone), or none; remembers the case for the notices.
   *
   * @param target the ReplicaSet of the revision restored
   * @param failing the pod template of the failing version, whose references tell shared names from own ones
   */
  List<String> validate(RollbackManifest m, V1ReplicaSet target, @Nullable V1PodTemplateSpec failing)
      throws InterruptedException {
    ConfigAssessment a = assess(m, target, failing);
    String problem = a.problem();
    return problem == null ? List.of() : List.of(problem);
  }

  /**
   * Restores, from their snapshots, the objects of the revision {@code target} that were changed
   * in place (a ConfigMap's data, a Secret's data; a deleted one is created again), marking each
   * with {@value #RESTORED_BY}; does nothing for the other cases. Idempotent: an object already
   * holding the recorded content is left alone.
   *
   * @throws ClusterStateException if the old content is gone by now
   */
  void restore(RollbackManifest m, V1ReplicaSet target, @Nullable V1PodTemplateSpec failing)
      throws InterruptedException {
    ConfigAssessment a = assess(m, target, failing);
    String problem = a.problem();
    if (problem != null) {
      throw new ClusterStateException(problem);
    }
    String ns = m.deployment().namespace();
    List<ConfigAssessment.Item> done = new ArrayList<>();
    for (ConfigAssessment.Item item : a.items()) {
      if (item.state() != ConfigAssessment.State.RESTORABLE) {
        done.add(item);
        continue;
      }
      put(m, ns, item.entry().ref(), Objects.requireNonNull(item.snapshot()));
      LOG.info("{}: restored {} of version {} from its snapshot ({}), before the pod template", m.deployment(),
          item.describe(), m.to().id(), item.entry().shortDigest());
      done.add(new ConfigAssessment.Item(item.entry(), ConfigAssessment.State.RESTORED, item.entry().digest(), null));
    }
    if (a.kase() == ConfigAssessment.Case.RESTORED) {
      byRun.put(m.runId(), ConfigAssessment.of(a.versionId(), done));
    }
  }

  private void put(RollbackManifest m, String ns, ConfigRef ref, ConfigObjects.Read snapshot)
      throws InterruptedException {
    for (int attempt = 0; attempt < 5; attempt++) {
      ConfigObjects.Read live = objects.read(ref.kind(), ns, ref.name());
      if (live == null) {
        V1ObjectMeta meta = new V1ObjectMeta().name(ref.name()).annotations(Map.of(RESTORED_BY, m.runId().value()));
        if (objects.create(ns, meta, snapshot)) {
          return;
        }
        continue;
      }
      JsonObject patch = ConfigObjects.patchOf(ref.kind());
      JsonElement content = ConfigObjects.contentDiff(live, snapshot);
      if (content != null) {
        content.getAsJsonObject().entrySet().forEach(e -> patch.add(e.getKey(), e.getValue()));
      }
      Patches.child(Patches.child(patch, "metadata"), "annotations").addProperty(RESTORED_BY, m.runId().value());
      try {
        if (objects.patch(ns, live, patch)) {
          return;
        }
      } catch (KubeApi.ConflictException concurrent) {
        // changed meanwhile: read again
      }
    }
    throw new ClusterStateException(ref.describe() + " kept changing while restoring it");
  }

  /** Returns the case that applied to {@code m}'s run, or null before this driver assessed it. */
  @Nullable ConfigAssessment applied(RollbackManifest m) {
    return byRun.get(m.runId());
  }

  /** Compares what {@code target} recorded with the cluster now, and remembers it for the run. */
  ConfigAssessment assess(RollbackManifest m, V1ReplicaSet target, @Nullable V1PodTemplateSpec failing)
      throws InterruptedException {
    ConfigAssessment a = compare(m, target, failing);
    ConfigAssessment before = byRun.get(m.runId());
    // Once restored by this run, a repeated step finds the content recorded: the case stays RESTORED.
    if (before != null && before.kase() == ConfigAssessment.Case.RESTORED && a.kase() != ConfigAssessment.Case.GONE) {
      return before;
    }
    byRun.put(m.runId(), a);
    return a;
  }

  private ConfigAssessment compare(RollbackManifest m, V1ReplicaSet target, @Nullable V1PodTemplateSpec failing)
      throws InterruptedException {
    String versionId = m.to().id();
    String raw = Templates.annotation(target, ConfigFingerprints.ANNOTATION);
    ConfigFingerprints recorded = ConfigFingerprints.parse(raw);
    if (recorded == null) {
      return ConfigAssessment.unknown(versionId, raw == null
          ? "no fingerprint of its ConfigMaps and Secrets was recorded on ReplicaSet " + Templates.name(target)
              + " (no ReleaseWatcher was running when it was released)"
          : "the fingerprints recorded on ReplicaSet " + Templates.name(target) + " are malformed");
    }
    String ns = m.deployment().namespace();
    Set<String> shared = new HashSet<>();
    ConfigRef.of(failing).forEach(r -> shared.add(r.kind() + "/" + r.name()));
    List<ConfigAssessment.Item> items = new ArrayList<>();
    for (ConfigFingerprints.Entry e : recorded.entries()) {
      ConfigRef ref = e.ref();
      ConfigObjects.Read live;
      try {
        live = objects.read(ref.kind(), ns, ref.name());
      } catch (KubernetesAdapterException forbidden) {
        if (forbidden.statusCode() != 403) {
          throw forbidden;
        }
        return ConfigAssessment.unknown(versionId, "the adapters may not read " + ref.describe() + " ("
            + forbidden.getMessage() + ")");
      }
      String liveDigest = live == null ? null : live.digest(ns, ref.name());
      ConfigAssessment.State state;
      ConfigObjects.Read snapshot = null;
      if (Objects.equals(liveDigest, e.digest())) {
        boolean ours = live != null && m.runId().value().equals(Templates.annotation(live.object(), RESTORED_BY));
        state = ours ? ConfigAssessment.State.RESTORED
            : shared.contains(ref.kind() + "/" + ref.name()) ? ConfigAssessment.State.SAME
            : ConfigAssessment.State.OWN_NAME;
      } else {
        snapshot = e.digest() == null ? null : snapshots.find(ref.kind(), ns, ref.name(), e.digest());
        state = snapshot == null ? ConfigAssessment.State.GONE : ConfigAssessment.State.RESTORABLE;
      }
      items.add(new ConfigAssessment.Item(e, state, liveDigest, snapshot));
    }
    return ConfigAssessment.of(versionId, items);
  }
}
