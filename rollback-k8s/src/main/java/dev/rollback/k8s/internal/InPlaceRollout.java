package dev.rollback.k8s.internal;

import com.google.gson.JsonObject;
import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.Notification;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.Version;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In place, as {@code kubectl rollout undo} does it: one Deployment whose ReplicaSets, numbered by
 * {@code deployment.kubernetes.io/revision}, are its versions. A version's id is its pod template's
 * version label, or {@code template-HASH} (the ReplicaSet's pod-template-hash) when it has none.
 */
final class InPlaceRollout implements Rollout {
  private static final Logger LOG = LoggerFactory.getLogger(InPlaceRollout.class);
  private static final Duration OBSERVE_TIMEOUT = Duration.ofSeconds(10);

  private final ClusterObjects k;
  private final KubernetesAdapterConfig config;

  InPlaceRollout(ClusterObjects k) {
    this.k = k;
    this.config = k.api().config();
  }

  @Override
  public Version currentVersion(DeploymentRef d) throws InterruptedException {
    V1Deployment dep = requireDeployment(d);
    long rev = Templates.revision(dep);
    V1ReplicaSet current = replicaSets(dep).stream().filter(rs -> Templates.revision(rs) == rev)
        .findFirst().orElse(null);
    V1PodTemplateSpec template = Objects.requireNonNull(dep.getSpec()).getTemplate();
    String id = current != null ? versionId(current) : idOf(template, rev);
    return Templates.version(id, template, "Deployment " + d);
  }

  @Override
  public PreviousVersion previousStable(DeploymentRef d, Version current) throws InterruptedException {
    V1Deployment dep = requireDeployment(d);
    long currentRev = Templates.revision(dep);
    List<String> skipped = new ArrayList<>();
    V1ReplicaSet best = null;
    for (V1ReplicaSet rs : replicaSets(dep)) {
      long rev = Templates.revision(rs);
      String id = versionId(rs);
      if (rev >= currentRev || id.equals(current.id()) || Templates.runs(template(rs), current)) {
        continue;
      }
      if (Marks.unstable(rs)) {
        skipped.add("revision " + rev + " (" + id + ", " + Marks.why(rs) + ")");
      } else if (best == null || rev > Templates.revision(best)) {
        best = rs;
      }
    }
    if (best == null) {
      return PreviousVersion.none("Deployment " + d + " has no earlier revision than " + currentRev
          + " that runs a different version and is not marked failed"
          + (skipped.isEmpty() ? "" : "; skipped: " + String.join(", ", skipped)));
    }
    return PreviousVersion.found(Templates.version(versionId(best), template(best), "ReplicaSet " + Templates.name(best)));
  }

  @Override
  public List<String> validate(RollbackManifest m) throws InterruptedException {
    V1Deployment dep = k.recentDeployment(m.deployment().namespace(), m.deployment().name());
    if (dep == null) {
      return List.of("Deployment " + m.deployment() + " does not exist");
    }
    if (Marks.pausedByOthers(dep, m)) {
      return List.of("Deployment " + m.deployment() + " is paused (kubectl rollout pause), so a person may be"
          + " in the middle of a change; kubectl rollout undo refuses a paused Deployment too. Resume it"
          + " (kubectl rollout resume) or roll back by hand");
    }
    V1ReplicaSet rs = replicaSetOf(dep, m.to().id());
    if (rs == null) {
      return List.of("no ReplicaSet of Deployment " + m.deployment() + " holds version " + m.to().id()
          + " any more (revision history limit?)");
    }
    if (!Templates.runs(template(rs), m.to())) {
      return List.of("ReplicaSet " + Templates.name(rs) + " does not run the images of version " + m.to());
    }
    return List.of();
  }

  /**
   * {@link ScaleDown.Mode#KEEP_FLOOR} (zero downtime): pauses the Deployment, so the controller
   * grows the failing ReplicaSet no further, and shrinks it to the floor; its remaining pods keep
   * serving until the restored ones are available, since the controller replaces them within
   * maxUnavailable and maxSurge once {@link #deploy} resumes the rollout. {@link
   * ScaleDown.Mode#REMOVE_ALL}: scales the Deployment to zero and waits until the controller has
   * observed that, so the failing pods go before the restore arrives (were both changes seen in one
   * sync, the controller would roll over instead); the Service has no endpoint until the restored
   * pods are ready (downtime, by explicit choice).
   */
  @Override
  public void scaleDown(RollbackManifest m) throws InterruptedException {
    DeploymentRef d = m.deployment();
    if (m.scaleDown().mode() == ScaleDown.Mode.KEEP_FLOOR) {
      k.updateDeployment(d.namespace(), d.name(), dep -> Marks.pauseAndScaleDown(dep, m));
      return;
    }
    V1Deployment written = k.updateDeployment(d.namespace(), d.name(), dep -> Marks.scaleDown(dep, m));
    Long generation = written == null || written.getMetadata() == null ? null : written.getMetadata().getGeneration();
    if (generation != null) {
      awaitObserved(d, generation);
    }
  }

  /**
   * Waits, reading afresh with backoff, until the controller has observed {@code generation}, for
   * at most {@link #OBSERVE_TIMEOUT} (the controller observes within milliseconds; a cluster whose
   * controller is down must not stall the rollback).
   */
  private void awaitObserved(DeploymentRef d, long generation) throws InterruptedException {
    Duration wait = config.initialBackoff();
    long deadline = System.nanoTime() + OBSERVE_TIMEOUT.toNanos();
    while (true) {
      V1Deployment dep = k.deployment(d.namespace(), d.name());
      Long observed = dep == null || dep.getStatus() == null ? null : dep.getStatus().getObservedGeneration();
      if (dep == null || (observed != null && observed >= generation)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        LOG.warn("{}: the Deployment controller has not observed the scale-down (generation {}) within {};"
            + " deploying the previous version anyway", d, generation, OBSERVE_TIMEOUT);
        return;
      }
      Thread.sleep(wait.toMillis());
      wait = KubeApi.doubled(wait, config.readinessPollMax());
    }
  }

  @Override
  public void deploy(RollbackManifest m) throws InterruptedException {
    DeploymentRef d = m.deployment();
    V1ReplicaSet rs = requireReplicaSet(requireDeployment(d), m.to().id());
    V1PodTemplateSpec wanted = JSON.getGson().fromJson(JSON.getGson().toJson(template(rs)), V1PodTemplateSpec.class);
    V1ObjectMeta meta = wanted.getMetadata() == null ? new V1ObjectMeta() : wanted.getMetadata();
    Map<String, String> labels = new HashMap<>(Templates.labels(meta));
    labels.remove(Templates.POD_TEMPLATE_HASH);
    wanted.setMetadata(meta.labels(labels));
    // PUT, not a merge patch: the containers list must be replaced whole, and some servers (the
    // fabric8 mock among them) merge lists in a merge patch.
    V1Deployment updated = k.replaceDeployment(d.namespace(), d.name(), dep -> {
      int replicas = Marks.replicasToRestore(dep, m);
      V1DeploymentSpec spec = Objects.requireNonNull(dep.getSpec());
      boolean ourPause = Boolean.TRUE.equals(spec.getPaused())
          && m.runId().value().equals(Templates.annotations(dep).get(Marks.PAUSED_BY));
      if (Patches.diff(Patches.tree(spec.getTemplate()), Patches.tree(wanted)) == null
          && Marks.replicas(dep) == replicas && !ourPause) {
        return null;
      }
      spec.setTemplate(wanted);
      spec.setReplicas(replicas);
      if (ourPause) {
        spec.setPaused(null); // the pause of Scale down new pods ends: the controller rolls back
      }
      dep.setStatus(null);
      return dep;
    });
    if (updated == null) {
      throw new IllegalStateException("Deployment " + d + " vanished while deploying");
    }
  }

  @Override
  public Target target(RollbackManifest m, boolean withStatus) throws InterruptedException {
    DeploymentRef d = m.deployment();
    V1Deployment dep = withStatus ? k.deployment(d.namespace(), d.name()) : k.recentDeployment(d.namespace(), d.name());
    if (dep == null) {
      throw new IllegalStateException("Deployment " + d + " does not exist");
    }
    List<V1ReplicaSet> all = replicaSets(dep);
    return Target.of(dep, Marks.replicas(dep), requireReplicaSet(dep, m.to().id()), all);
  }

  @Override
  public void switchTraffic(RollbackManifest m) throws InterruptedException {
    DeploymentRef d = m.deployment();
    String name = config.serviceName() == null ? d.name() : config.serviceName();
    if (k.recentService(d.namespace(), name) == null) {
      LOG.info("{}: no Service {}; traffic follows the Deployment's pods, nothing to switch", d, name);
      return;
    }
    V1ReplicaSet rs = requireReplicaSet(requireDeployment(d), m.to().id());
    Map<String, String> podLabels = Templates.labels(template(rs).getMetadata());
    k.updateService(d.namespace(), name, svc -> {
      Map<String, String> selector = svc.getSpec() == null || svc.getSpec().getSelector() == null
          ? Map.of() : svc.getSpec().getSelector();
      Map<String, String> changes = new HashMap<>();
      selector.forEach((key, value) -> {
        String want = podLabels.get(key);
        if (!value.equals(want)) {
          if (want == null || !key.equals(config.versionLabel())) {
            throw new IllegalStateException("Service " + name + " selects " + key + "=" + value
                + ", which the pods of version " + m.to().id() + " do not carry");
          }
          changes.put(key, want);
        }
      });
      if (changes.isEmpty()) {
        LOG.info("{}: Service {} already selects version {}; no change", d, name, m.to().id());
        return null;
      }
      JsonObject patch = Patches.of("v1", "Service");
      Patches.child(patch, "spec").add("selector", JSON.getGson().toJsonTree(changes));
      return patch;
    });
  }

  @Override
  public void cleanup(RollbackManifest m) throws InterruptedException {
    // The Deployment controller scales the failing ReplicaSet to zero and keeps it as history; what
    // is left are the bookkeeping annotations of the scale-down.
    k.updateDeployment(m.deployment().namespace(), m.deployment().name(), dep -> {
      Map<String, String> a = Templates.annotations(dep);
      if (a.get(Marks.REPLICAS_BEFORE) == null && a.get(Marks.SCALED_DOWN_BY) == null && a.get(Marks.PAUSED_BY) == null) {
        return null;
      }
      Map<String, @Nullable String> remove = new HashMap<>();
      remove.put(Marks.REPLICAS_BEFORE, null);
      remove.put(Marks.SCALED_DOWN_BY, null);
      remove.put(Marks.PAUSED_BY, null);
      return Patches.annotations("apps/v1", "Deployment", remove);
    });
  }

  @Override
  public void markFailed(RollbackManifest m, String reason) throws InterruptedException {
    V1Deployment dep = requireDeployment(m.deployment());
    V1ReplicaSet rs = requireReplicaSet(dep, m.to().id());
    k.updateReplicaSet(m.deployment().namespace(), Templates.name(rs),
        x -> Marks.failed(x, "apps/v1", "ReplicaSet", m, reason));
    markRolledBackFrom(dep, m);
  }

  /** Marks the failing version, which the rollback abandoned, so it is not offered as stable. */
  private void markRolledBackFrom(V1Deployment dep, RollbackManifest m) throws InterruptedException {
    V1ReplicaSet from = replicaSetOf(dep, m.from().id());
    if (from != null) {
      k.updateReplicaSet(m.deployment().namespace(), Templates.name(from),
          x -> Marks.rolledBackFrom(x, "apps/v1", "ReplicaSet", m));
    }
  }

  @Override
  public void recordRollback(RollbackManifest m, Instant at) throws InterruptedException {
    DeploymentRef d = m.deployment();
    markRolledBackFrom(requireDeployment(d), m);
    k.updateDeployment(d.namespace(), d.name(), x -> Marks.rollbackRecord(x, "apps/v1", "Deployment", m, at));
  }

  @Override
  public String eventTarget(Notification n) {
    return n.deployment().name();
  }

  /** Returns the Deployment as read within the configured read reuse; its status may be old. */
  private V1Deployment requireDeployment(DeploymentRef d) throws InterruptedException {
    V1Deployment dep = k.recentDeployment(d.namespace(), d.name());
    if (dep == null) {
      throw new IllegalStateException("Deployment " + d + " does not exist");
    }
    return dep;
  }

  private List<V1ReplicaSet> replicaSets(V1Deployment dep) throws InterruptedException {
    return k.ownedReplicaSets(dep);
  }

  /** Returns the newest ReplicaSet holding version {@code id}, or null. */
  private @Nullable V1ReplicaSet replicaSetOf(V1Deployment dep, String id) throws InterruptedException {
    V1ReplicaSet found = null;
    for (V1ReplicaSet rs : replicaSets(dep)) {
      if (versionId(rs).equals(id)) {
        found = rs; // sorted by revision: the last match is the newest
      }
    }
    return found;
  }

  private V1ReplicaSet requireReplicaSet(V1Deployment dep, String id) throws InterruptedException {
    V1ReplicaSet rs = replicaSetOf(dep, id);
    if (rs == null) {
      throw new IllegalStateException("no ReplicaSet of Deployment " + Templates.name(dep) + " holds version " + id);
    }
    return rs;
  }

  private static V1PodTemplateSpec template(V1ReplicaSet rs) {
    V1PodTemplateSpec t = rs.getSpec() == null ? null : rs.getSpec().getTemplate();
    if (t == null) {
      throw new IllegalStateException("ReplicaSet " + Templates.name(rs) + " has no pod template");
    }
    return t;
  }

  private String versionId(V1ReplicaSet rs) {
    return idOf(template(rs), Templates.revision(rs));
  }

  private String idOf(@Nullable V1PodTemplateSpec template, long revision) {
    Map<String, String> labels = template == null ? Map.of() : Templates.labels(template.getMetadata());
    String label = labels.get(config.versionLabel());
    if (label != null) {
      return label;
    }
    // The revision of a ReplicaSet changes when it is rolled back to; its template hash does not.
    String hash = labels.get(Templates.POD_TEMPLATE_HASH);
    return hash != null ? "template-" + hash : "revision-" + revision;
  }
}
