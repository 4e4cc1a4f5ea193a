package dev.rollback.k8s.internal;

import com.google.gson.JsonObject;
import dev.rollback.k8s.ClusterStateException;
import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.k8s.RolloutShape;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunRecord;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.RunStoreConflictException;
import dev.rollback.spi.StoredRun;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RunStore} keeping each run in a ConfigMap of one namespace: the engine's document in
 * the data key {@code run.json}, or gzip-compressed in the binaryData key {@code run.json.gz} when
 * it is large (see {@link StoredDocument} for the size limit and what happens near it), the
 * deployment in annotations, and the labels {@value #FINISHED}
 * and {@value #STORE} so that {@link #unfinished()} is one list by equality label selector. The
 * revision is the ConfigMap's resourceVersion: the first save creates the ConfigMap (an existing
 * one is a conflict), later saves are JSON merge patches carrying the expected resourceVersion (a
 * stale one is answered 409, a conflict).
 *
 * <p>When the run's deployment is in the store's namespace, the ConfigMap is owner-referenced, so
 * the cluster's garbage collector deletes it with the application: in place, by the Deployment; in
 * blue/green, by every Deployment of the application present when the run is first saved, so it
 * outlives the cleanup that deletes the failing version's Deployment and goes with the last one.
 * With no such Deployment (or another namespace: owners must share it) there is no owner.
 *
 * <p>Others may change a run's ConfigMap without writing the run: the garbage collector drops
 * the owner reference of a deleted Deployment (blue/green cleanup deletes one), a person adds a
 * label. Each bumps the resourceVersion, so a conditional save meets a 409 although no other
 * engine wrote the run; and a save whose answer was lost meets a 409 from its own success when it
 * is retried. The store tells these apart by the document: on a 409 it reads the ConfigMap, and
 * when the document is still the one of the expected revision (as this store wrote or loaded it),
 * it saves again at the fresh resourceVersion; when it is already the one being saved, the save
 * had succeeded. Only another document is a conflict.
 *
 * <p>A finished run's ConfigMap carries the annotation {@value #FINISHED_AT} (this store's clock)
 * and is deleted once the configured {@code runRetention} has passed, by {@link RetentionSweep},
 * which runs within {@link #unfinished()} and the save of a finished run, at most once per
 * interval.
 *
 * <p>Used with the Lease lock of the same adapters, the store is fenced ({@link LeaseFence}): once
 * this process's lease on a run's deployment ran out unrenewed or was taken, saving that run throws
 * {@link RunStoreConflictException} before any request, and the engine stops the run.
 *
 * <p>Thread-safe; every call blocks on the API.
 */
public final class ConfigMapRunStore implements RunStore {
  static final String STORE = "rollback.dev/run-store";
  static final String FINISHED = "rollback.dev/finished";
  static final String RUN = "rollback.dev/run";
  static final String CLUSTER = "rollback.dev/deployment-cluster";
  static final String NAMESPACE = "rollback.dev/deployment-namespace";
  static final String NAME = "rollback.dev/deployment-name";
  static final String FINISHED_AT = "rollback.dev/finished-at";
  private static final Logger LOG = LoggerFactory.getLogger(ConfigMapRunStore.class);
  private static final OffsetDateTime EPOCH = OffsetDateTime.parse("1970-01-01T00:00:00Z");

  private final DurabilityObjects objects;
  private final ClusterObjects cluster;
  private final KubernetesAdapterConfig config;
  private final String namespace;
  private final Clock clock;
  private final RetentionSweep retention;
  private final LeaseFence fence;
  /** Per ConfigMap, the revision this store last wrote or loaded and the document it held then. */
  private final Map<String, Known> known = new ConcurrentHashMap<>();

  private record Known(String revision, String document) {}

  ConfigMapRunStore(DurabilityObjects objects, ClusterObjects cluster, String namespace, Clock clock,
      LeaseFence fence) {
    this.fence = fence;
    this.objects = objects;
    this.cluster = cluster;
    this.config = cluster.api().config();
    this.namespace = namespace;
    this.clock = clock;
    this.retention = new RetentionSweep(objects, namespace, clock, config.runRetention());
  }

  /** Returns the name of the ConfigMap that keeps {@code runId}. */
  public static String configMapName(RunId runId) {
    return ObjectNames.derive("rollback-run", runId.value());
  }

  @Override
  public String save(RunRecord record, @Nullable String expectedRevision) throws InterruptedException {
    Objects.requireNonNull(record, "record");
    String name = configMapName(record.runId());
    StoredDocument stored = StoredDocument.of(record.runId(), record.document());
    fence.check(record.deployment(), record.runId());
    if (stored.size() > StoredDocument.WARN_ABOVE) {
      LOG.warn("run {} keeps {} bytes{} in ConfigMap {}/{}, near the {} bytes a ConfigMap may hold; beyond them"
              + " the run can no longer be saved and goes on without durability", record.runId(), stored.size(),
          stored.isCompressed() ? " compressed" : "", namespace, name, StoredDocument.LIMIT);
    }
    String revision = expectedRevision == null ? create(name, record, stored)
        : update(name, record, stored, expectedRevision);
    if (record.finished()) {
      known.remove(name);
      retention.sweepIfDue();
    } else {
      known.put(name, new Known(revision, record.document()));
    }
    return revision;
  }

  private String create(String name, RunRecord record, StoredDocument stored) throws InterruptedException {
    try {
      return revision(objects.createConfigMap(namespace, newConfigMap(name, record, stored)));
    } catch (KubeApi.ConflictException conflict) {
      V1ConfigMap existing = objects.configMap(namespace, name);
      if (existing != null && record.document().equals(document(existing))) {
        return revision(existing); // this create had succeeded; its answer was lost
      }
      throw new RunStoreConflictException(record.runId(), "ConfigMap " + namespace + "/" + name + " exists already");
    }
  }

  private String update(String name, RunRecord record, StoredDocument stored, String expectedRevision)
      throws InterruptedException {
    String at = expectedRevision;
    for (int attempt = 0; ; attempt++) {
      if (attempt > 0) {
        fence.check(record.deployment(), record.runId());
      }
      try {
        JsonObject patch = Patches.of("v1", "ConfigMap");
        JsonObject metadata = Patches.child(patch, "metadata");
        metadata.addProperty("resourceVersion", at);
        Patches.child(metadata, "labels").addProperty(FINISHED, Boolean.toString(record.finished()));
        if (record.finished()) {
          Patches.child(metadata, "annotations").addProperty(FINISHED_AT, clock.instant().toString());
        }
        stored.into(patch);
        V1ConfigMap written = objects.patchConfigMap(namespace, name, patch);
        if (written == null) {
          throw new RunStoreConflictException(record.runId(),
              "ConfigMap " + namespace + "/" + name + " no longer exists, so revision " + expectedRevision + " is gone");
        }
        return revision(written);
      } catch (KubeApi.ConflictException conflict) {
        V1ConfigMap current = objects.configMap(namespace, name);
        String document = current == null ? null : document(current);
        Known expected = known.get(name);
        if (current != null && record.document().equals(document)
            && Boolean.toString(record.finished()).equals(labels(current).get(FINISHED))) {
          return revision(current); // an earlier attempt of this save succeeded; its answer was lost
        }
        if (current == null) {
          throw new RunStoreConflictException(record.runId(), "ConfigMap " + namespace + "/" + name
              + " is no longer at resourceVersion " + expectedRevision + ": it was deleted");
        }
        boolean onlyMetadataChanged = expected != null
            && expected.revision().equals(expectedRevision) && expected.document().equals(document);
        if (!onlyMetadataChanged || attempt >= config.conflictRetries()) {
          throw new RunStoreConflictException(record.runId(),
              "ConfigMap " + namespace + "/" + name + " is no longer at resourceVersion " + expectedRevision
                  + (onlyMetadataChanged ? " and kept changing (" + (attempt + 1) + " attempts)"
                      : ": another process wrote the run"));
        }
        LOG.debug("ConfigMap {}/{} changed without its run changing (resourceVersion {} -> {}); saving again",
            namespace, name, at, revision(current));
        at = revision(current);
      }
    }
  }

  private static @Nullable String document(V1ConfigMap configMap) {
    return StoredDocument.read(configMap);
  }

  private static Map<String, String> labels(V1ConfigMap configMap) {
    Map<String, String> labels = meta(configMap).getLabels();
    return labels == null ? Map.of() : labels;
  }

  @Override
  public Optional<StoredRun> load(RunId runId) throws InterruptedException {
    V1ConfigMap configMap = objects.configMap(namespace, configMapName(runId));
    if (configMap == null) {
      return Optional.empty();
    }
    StoredRun stored = read(configMap);
    if (!stored.record().runId().equals(runId)) {
      throw new ClusterStateException("ConfigMap " + namespace + "/" + configMapName(runId) + " keeps run "
          + stored.record().runId() + ", not " + runId);
    }
    known.put(configMapName(runId), new Known(stored.revision(), stored.record().document()));
    return Optional.of(stored);
  }

  @Override
  public List<StoredRun> unfinished() throws InterruptedException {
    retention.sweepIfDue();
    List<V1ConfigMap> found = new ArrayList<>(objects.configMaps(namespace, STORE + "=true," + FINISHED + "=false"));
    found.sort(Comparator.comparing(ConfigMapRunStore::created).thenComparing(cm -> meta(cm).getName(),
        Comparator.nullsFirst(Comparator.naturalOrder())));
    List<StoredRun> runs = new ArrayList<>();
    for (V1ConfigMap configMap : found) {
      try {
        StoredRun run = read(configMap);
        if (!run.record().finished()) { // a server that ignored the selector must not resume finished runs
          runs.add(run);
        }
      } catch (RuntimeException unreadable) {
        LOG.warn("skipping ConfigMap {}/{}: it is not a readable run: {}", namespace, meta(configMap).getName(),
            unreadable.getMessage());
      }
    }
    return runs;
  }

  private V1ConfigMap newConfigMap(String name, RunRecord record, StoredDocument stored) throws InterruptedException {
    DeploymentRef d = record.deployment();
    Map<String, String> annotations = new HashMap<>(Map.of(CLUSTER, d.cluster(), NAMESPACE, d.namespace(), NAME,
        d.name()));
    if (record.finished()) {
      annotations.put(FINISHED_AT, clock.instant().toString());
    }
    V1ObjectMeta meta = new V1ObjectMeta().name(name).namespace(namespace)
        .labels(Map.of(
            "app.kubernetes.io/managed-by", "rollback",
            STORE, "true",
            RUN, record.runId().value(),
            FINISHED, Boolean.toString(record.finished())))
        .annotations(annotations);
    List<V1OwnerReference> owners = owners(d);
    if (!owners.isEmpty()) {
      meta.ownerReferences(owners);
    }
    return stored.into(new V1ConfigMap().metadata(meta));
  }

  private List<V1OwnerReference> owners(DeploymentRef d) throws InterruptedException {
    if (!d.namespace().equals(namespace)) {
      return List.of();
    }
    List<V1Deployment> deployments;
    if (config.shape() == RolloutShape.IN_PLACE) {
      V1Deployment dep = cluster.deployment(d.namespace(), d.name());
      deployments = dep == null ? List.of() : List.of(dep);
    } else {
      deployments = cluster.deployments(d.namespace(), config.nameLabel() + "=" + d.name());
    }
    List<V1OwnerReference> owners = new ArrayList<>();
    for (V1Deployment dep : deployments) {
      V1ObjectMeta m = dep.getMetadata();
      if (m != null && m.getName() != null && m.getUid() != null) {
        owners.add(new V1OwnerReference().apiVersion("apps/v1").kind("Deployment").name(m.getName()).uid(m.getUid())
            .blockOwnerDeletion(false).controller(false));
      }
    }
    return owners;
  }

  private StoredRun read(V1ConfigMap configMap) {
    V1ObjectMeta meta = meta(configMap);
    String what = "ConfigMap " + namespace + "/" + meta.getName();
    Map<String, String> labels = labels(configMap);
    Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    String document = document(configMap);
    String run = labels.get(RUN);
    String cluster = annotations.get(CLUSTER);
    String ns = annotations.get(NAMESPACE);
    String name = annotations.get(NAME);
    if (document == null || run == null || cluster == null || ns == null || name == null) {
      throw new ClusterStateException(what + " lacks the data key " + StoredDocument.PLAIN + " (or binaryData "
          + StoredDocument.COMPRESSED + "), the label " + RUN
          + " or the deployment annotations");
    }
    RunRecord record = new RunRecord(RunId.of(run), DeploymentRef.of(cluster, ns, name),
        "true".equals(labels.get(FINISHED)), document);
    return new StoredRun(record, revision(configMap));
  }

  private static String revision(V1ConfigMap configMap) {
    String rv = meta(configMap).getResourceVersion();
    if (rv == null || rv.isBlank()) {
      throw new ClusterStateException("the API answered ConfigMap " + meta(configMap).getName()
          + " without a resourceVersion");
    }
    return rv;
  }

  private static V1ObjectMeta meta(V1ConfigMap configMap) {
    V1ObjectMeta meta = configMap.getMetadata();
    if (meta == null) {
      throw new ClusterStateException("the API answered a ConfigMap without metadata");
    }
    return meta;
  }

  private static OffsetDateTime created(V1ConfigMap configMap) {
    OffsetDateTime t = configMap.getMetadata() == null ? null : configMap.getMetadata().getCreationTimestamp();
    return t == null ? EPOCH : t;
  }
}
