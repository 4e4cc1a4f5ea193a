package dev.rollback.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.rollback.k8s.ClusterStateException;
import dev.rollback.k8s.GitOpsPolicy;
import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.spi.ClusterNotice;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In place, as {@code kubectl rollout undo} does it: one Deployment whose ReplicaSets, numbered by
 * {@code deployment.kubernetes.io/revision}, are its versions, each identified by its
 * pod-template-hash. A version's id is its pod template's version label when no other revision
 * carries the same label, {@code LABEL-HASH} when several do (a Helm chart's {@code appVersion}
 * often stays the same across a config-only change), and {@code template-HASH} without a label.
 */
final class InPlaceRollout implements Rollout, ConfigNotices.Travelling {
  private static final Logger LOG = LoggerFactory.getLogger(InPlaceRollout.class);
  private static final Duration OBSERVE_TIMEOUT = Duration.ofSeconds(10);
  /**
   * The annotations {@code kubectl rollout undo} leaves on the Deployment rather than copy from the
   * ReplicaSet (kubectl's annotationsToSkip), as the Deployment controller skips them when copying
   * the other way.
   */
  private static final Set<String> CONTROLLER_ANNOTATIONS = Set.of(
      "kubectl.kubernetes.io/last-applied-configuration", Templates.REVISION,
      "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
      "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to");
  /** Annotations by which GitOps controllers and Helm own an object; a restore leaves them as they are. */
  private static final List<String> KEPT_PREFIXES = List.of(
      "argocd.argoproj.io/", GitOps.FLUX_KUSTOMIZATION, GitOps.FLUX_HELM, "meta.helm.sh/");

  private final ClusterObjects k;
  private final KubernetesAdapterConfig config;
  private final GitOps gitOps;
  private final ConfigRestore configRestore;

  InPlaceRollout(ClusterObjects k) {
    this.k = k;
    this.config = k.api().config();
    this.gitOps = new GitOps(k);
    this.configRestore = new ConfigRestore(k);
  }

  @Override
  public List<ClusterNotice> notices(RollbackManifest m) {
    return gitOps.notices(m);
  }

  @Override
  public ConfigRestore configRestore() {
    return configRestore;
  }

  @Override
  public Version currentVersion(DeploymentRef d) throws InterruptedException {
    V1Deployment dep = requireDeployment(d);
    Map<String, V1ReplicaSet> revisions = revisions(dep);
    V1PodTemplateSpec template = Objects.requireNonNull(dep.getSpec()).getTemplate();
    String id = idOfCurrent(dep, revisions);
    return Templates.version(id != null ? id : idOf(template, Templates.revision(dep), false), template, "Deployment " + d);
  }

  /** Returns the id of {@code dep}'s current ReplicaSet (the one of its revision), or null. */
  private static @Nullable String idOfCurrent(V1Deployment dep, Map<String, V1ReplicaSet> revisions) {
    long rev = Templates.revision(dep);
    return revisions.entrySet().stream().filter(e -> Templates.revision(e.getValue()) == rev)
        .map(Map.Entry::getKey).findFirst().orElse(null);
  }

  @Override
  public PreviousVersion previousStable(DeploymentRef d, Version current) throws InterruptedException {
    V1Deployment dep = requireDeployment(d);
    long currentRev = Templates.revision(dep);
    List<String> skipped = new ArrayList<>();
    String bestId = null;
    V1ReplicaSet best = null;
    // Every earlier revision is a different pod template (a different hash): one with the same
    // images but another environment or ConfigMap reference is a version to go back to as well.
    for (Map.Entry<String, V1ReplicaSet> e : revisions(dep).entrySet()) {
      V1ReplicaSet rs = e.getValue();
      long rev = Templates.revision(rs);
      if (rev >= currentRev || e.getKey().equals(current.id())) {
        continue;
      }
      if (Marks.unstable(rs)) {
        skipped.add("revision " + rev + " (" + e.getKey() + ", " + Marks.why(rs) + ")");
      } else if (best == null || rev > Templates.revision(best)) {
        best = rs;
        bestId = e.getKey();
      }
    }
    if (best == null || bestId == null) {
      Integer limit = dep.getSpec() == null ? null : dep.getSpec().getRevisionHistoryLimit();
      return PreviousVersion.none("Deployment " + d + " has no earlier revision than " + currentRev
          + " that is not marked failed"
          + (skipped.isEmpty() ? "" : "; skipped: " + String.join(", ", skipped))
          + (limit != null && limit == 0 ? "; its revisionHistoryLimit is 0, so the controller keeps no old"
              + " ReplicaSet to go back to (kubectl rollout undo has none either)" : ""));
    }
    return PreviousVersion.found(Templates.version(bestId, template(best), "ReplicaSet " + Templates.name(best)));
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
    List<String> owned = gitOps.problems(List.of(changed(m, dep)));
    if (!owned.isEmpty()) {
      return owned;
    }
    V1ReplicaSet rs = replicaSetOf(dep, m.to().id());
    if (rs == null) {
      return List.of("no ReplicaSet of Deployment " + m.deployment() + " holds version " + m.to().id()
          + " any more (revision history limit?)");
    }
    if (!Templates.runs(template(rs), m.to())) {
      return List.of("ReplicaSet " + Templates.name(rs) + " does not run the images of version " + m.to());
    }
    return configRestore.validate(m, rs, failingTemplate(dep, m));
  }

  /**
   * Returns the failing version's pod template (its ReplicaSet's; the Deployment's while it has
   * none), whose ConfigMap and Secret references tell a name the versions share from one of the
   * restored version's own.
   */
  private V1PodTemplateSpec failingTemplate(V1Deployment dep, RollbackManifest m) throws InterruptedException {
    V1ReplicaSet from = replicaSetOf(dep, m.from().id());
    return from != null ? template(from) : Objects.requireNonNull(dep.getSpec()).getTemplate();
  }

  private static GitOps.Changed changed(RollbackManifest m, V1Deployment dep) {
    return new GitOps.Changed("Deployment " + m.deployment(), ClusterObjects.DEPLOYMENTS, dep);
  }

  /**
   * Under {@link dev.rollback.k8s.GitOpsPolicy#SUSPEND}, first suspends the GitOps controller that
   * keeps the Deployment in line with Git (see {@link GitOps}). Then {@link ScaleDown.Mode#KEEP_FLOOR}
   * (zero downtime): pauses the Deployment, so the controller
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
    if (config.gitOpsPolicy() == GitOpsPolicy.SUSPEND) { // read for it only when it may act
      V1Deployment current = k.recentDeployment(d.namespace(), d.name());
      if (current != null) {
        gitOps.suspend(m, List.of(changed(m, current)));
      }
    }
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
    long deadline = System.nanoTime() + OBSERVE_TIMEOUT.toNanos();
    for (int polls = 1; ; polls++) {
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
      k.api().sleeper().sleep(k.api().pollBackoff().delay(polls));
    }
  }

  @Override
  public void deploy(RollbackManifest m) throws InterruptedException {
    DeploymentRef d = m.deployment();
    V1Deployment current = requireDeployment(d);
    V1ReplicaSet rs = requireReplicaSet(current, m.to().id());
    // The configuration first: pods of the restored template must start with its own.
    configRestore.restore(m, rs, failingTemplate(current, m));
    V1PodTemplateSpec wanted = restoredTemplate(rs);
    // A merge patch of the differences, not a PUT of the Deployment as read: fields this client's
    // models do not know (a newer cluster) are dropped on reading, and a PUT would reset them.
    // The patch's arrays (the containers) replace the old ones whole; removed keys are nulls.
    V1Deployment updated = k.updateDeployment(d.namespace(), d.name(), dep -> {
      int replicas = Marks.replicasToRestore(dep, m);
      V1DeploymentSpec spec = Objects.requireNonNull(dep.getSpec());
      boolean ourPause = Boolean.TRUE.equals(spec.getPaused())
          && m.runId().value().equals(Templates.annotations(dep).get(Marks.PAUSED_BY));
      JsonElement template = Patches.diff(Patches.tree(spec.getTemplate()), Patches.tree(wanted));
      JsonElement annotations = Patches.diff(Patches.tree(Templates.annotations(dep)),
          Patches.tree(restoredAnnotations(dep, rs)));
      if (template == null && Marks.replicas(dep) == replicas && !ourPause && annotations == null) {
        return null;
      }
      JsonObject patch = Patches.of("apps/v1", "Deployment");
      JsonObject specPatch = Patches.child(patch, "spec");
      if (template != null) {
        specPatch.add("template", template);
      }
      specPatch.addProperty("replicas", replicas);
      if (ourPause) {
        specPatch.add("paused", JsonNull.INSTANCE); // the pause of Scale down new pods ends: the controller rolls back
      }
      if (annotations != null) {
        Patches.child(patch, "metadata").add("annotations", annotations);
      }
      return patch;
    });
    if (updated == null) {
      throw new ClusterStateException("Deployment " + d + " vanished while deploying");
    }
  }

  /** Returns the pod template a restore to {@code rs} puts on the Deployment: its own, without the hash label. */
  private static V1PodTemplateSpec restoredTemplate(V1ReplicaSet rs) {
    V1PodTemplateSpec wanted = JSON.getGson().fromJson(JSON.getGson().toJson(template(rs)), V1PodTemplateSpec.class);
    V1ObjectMeta meta = wanted.getMetadata() == null ? new V1ObjectMeta() : wanted.getMetadata();
    Map<String, String> labels = new HashMap<>(Templates.labels(meta));
    labels.remove(Templates.POD_TEMPLATE_HASH);
    return wanted.metadata(meta.labels(labels));
  }

  /**
   * Returns the Deployment's annotations after a restore to {@code rs}, as {@code kubectl rollout
   * undo} computes them: the ReplicaSet's annotations ({@code kubernetes.io/change-cause} among
   * them, so {@code kubectl rollout history} tells the truth), except the controller's own, which
   * stay the Deployment's. Unlike kubectl, this library's annotations are never taken from the
   * ReplicaSet (a mark there is about that ReplicaSet alone) and this run's stay on the Deployment,
   * as do the ownership annotations of GitOps controllers and Helm ({@link #KEPT_PREFIXES}): an
   * Argo CD tracking id dropped by a rollback would make Argo CD disown the Deployment.
   */
  private static Map<String, String> restoredAnnotations(V1Deployment dep, V1ReplicaSet rs) {
    Map<String, String> result = new TreeMap<>();
    Templates.annotations(dep).forEach((key, value) -> {
      if (staysOnDeployment(key)) {
        result.put(key, value);
      }
    });
    Templates.annotations(rs).forEach((key, value) -> {
      if (!staysOnDeployment(key)) {
        result.put(key, value);
      }
    });
    return result;
  }

  private static boolean staysOnDeployment(String key) {
    return CONTROLLER_ANNOTATIONS.contains(key) || Marks.ours(key) || KEPT_PREFIXES.stream().anyMatch(key::startsWith);
  }

  @Override
  public Target target(RollbackManifest m, boolean withStatus) throws InterruptedException {
    DeploymentRef d = m.deployment();
    V1Deployment dep = withStatus ? k.deployment(d.namespace(), d.name()) : k.recentDeployment(d.namespace(), d.name());
    if (dep == null) {
      throw new ClusterStateException("Deployment " + d + " does not exist");
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
            throw new ClusterStateException("Service " + name + " selects " + key + "=" + value
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
    awaitSurvival(m);
    // The Deployment controller scales the failing ReplicaSet to zero and keeps it as history; what
    // is left are the bookkeeping annotations of the scale-down. The controller copied them onto
    // the ReplicaSet that was new while the Deployment carried them (it copies a Deployment's
    // annotations onto its new ReplicaSet and never removes one): removed there too, so that they
    // do not ride along into the version's history.
    String ns = m.deployment().namespace();
    V1Deployment dep = k.updateDeployment(ns, m.deployment().name(),
        x -> Marks.withoutBookkeeping(x, "apps/v1", "Deployment"));
    if (dep == null) {
      return;
    }
    for (V1ReplicaSet rs : replicaSets(dep)) {
      if (Marks.withoutBookkeeping(rs, "apps/v1", "ReplicaSet") != null) {
        k.updateReplicaSet(ns, Templates.name(rs), x -> Marks.withoutBookkeeping(x, "apps/v1", "ReplicaSet"));
      }
    }
  }

  /**
   * Checks, once the survival window has passed, that the Deployment still runs the restored
   * template: else something (a GitOps controller's self-heal, a pipeline) reverted the rollback.
   */
  private void awaitSurvival(RollbackManifest m) throws InterruptedException {
    Survival.await(m, config, k.api().sleeper());
    V1Deployment now = k.deployment(m.deployment().namespace(), m.deployment().name());
    V1ReplicaSet rs = now == null ? null : replicaSetOf(now, m.to().id());
    if (now == null || rs == null || Patches.diff(Patches.tree(Objects.requireNonNull(now.getSpec()).getTemplate()),
        Patches.tree(restoredTemplate(rs))) != null) {
      throw Survival.failed(m, now == null ? "Deployment " + m.deployment() + " was deleted"
          : "the pod template of Deployment " + m.deployment() + " was changed again after the restore", now, config);
    }
  }

  @Override
  public void markFailed(RollbackManifest m, String reason) throws InterruptedException {
    V1Deployment dep = requireDeployment(m.deployment());
    V1ReplicaSet rs = requireReplicaSet(dep, m.to().id());
    if (!failedElsewhere(k, m)) {
      k.updateReplicaSet(m.deployment().namespace(), Templates.name(rs),
          x -> Marks.failed(x, "apps/v1", "ReplicaSet", m, reason));
    }
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
    // On the restored ReplicaSet, not the Deployment: the controller would copy a Deployment's
    // annotation onto every later ReplicaSet, as if each had been this rollback's target.
    V1Deployment dep = requireDeployment(m.deployment());
    markRolledBackFrom(dep, m);
    V1ReplicaSet rs = requireReplicaSet(dep, m.to().id());
    k.updateReplicaSet(m.deployment().namespace(), Templates.name(rs),
        x -> Marks.rollbackRecord(x, "apps/v1", "ReplicaSet", m, at));
  }

  @Override
  public String eventTarget(Notification n) {
    return n.deployment().name();
  }

  /** Returns the Deployment as read within the configured read reuse; its status may be old. */
  private V1Deployment requireDeployment(DeploymentRef d) throws InterruptedException {
    V1Deployment dep = k.recentDeployment(d.namespace(), d.name());
    if (dep == null) {
      throw new ClusterStateException("Deployment " + d + " does not exist");
    }
    return dep;
  }

  private List<V1ReplicaSet> replicaSets(V1Deployment dep) throws InterruptedException {
    return k.ownedReplicaSets(dep);
  }

  /** Returns the ReplicaSet of version {@code id}, or null. */
  private @Nullable V1ReplicaSet replicaSetOf(V1Deployment dep, String id) throws InterruptedException {
    return revisions(dep).get(id);
  }

  /**
   * Returns {@code dep}'s ReplicaSets by version id, in revision order. Ids are unique: a version
   * label several revisions share is suffixed with each one's pod-template-hash.
   */
  private Map<String, V1ReplicaSet> revisions(V1Deployment dep) throws InterruptedException {
    List<V1ReplicaSet> all = replicaSets(dep);
    Map<String, Integer> labelUses = new HashMap<>();
    for (V1ReplicaSet rs : all) {
      String label = Templates.labels(template(rs).getMetadata()).get(config.versionLabel());
      if (label != null) {
        labelUses.merge(label, 1, Integer::sum);
      }
    }
    Map<String, V1ReplicaSet> byId = new LinkedHashMap<>();
    for (V1ReplicaSet rs : all) {
      String label = Templates.labels(template(rs).getMetadata()).get(config.versionLabel());
      byId.put(idOf(template(rs), Templates.revision(rs), label != null && labelUses.getOrDefault(label, 0) > 1), rs);
    }
    return byId;
  }

  private V1ReplicaSet requireReplicaSet(V1Deployment dep, String id) throws InterruptedException {
    V1ReplicaSet rs = replicaSetOf(dep, id);
    if (rs == null) {
      throw new ClusterStateException("no ReplicaSet of Deployment " + Templates.name(dep) + " holds version " + id);
    }
    return rs;
  }

  private static V1PodTemplateSpec template(V1ReplicaSet rs) {
    V1PodTemplateSpec t = rs.getSpec() == null ? null : rs.getSpec().getTemplate();
    if (t == null) {
      throw new ClusterStateException("ReplicaSet " + Templates.name(rs) + " has no pod template");
    }
    return t;
  }

  private String idOf(@Nullable V1PodTemplateSpec template, long revision, boolean labelShared) {
    Map<String, String> labels = template == null ? Map.of() : Templates.labels(template.getMetadata());
    String label = labels.get(config.versionLabel());
    // The revision of a ReplicaSet changes when it is rolled back to; its template hash does not.
    String hash = labels.get(Templates.POD_TEMPLATE_HASH);
    if (label != null && (!labelShared || hash == null)) {
      return label;
    }
    if (label != null && hash != null) {
      String prefix = label.substring(0, Math.min(label.length(), 62 - hash.length()));
      return prefix + "-" + hash;
    }
    return hash != null ? "template-" + hash : "revision-" + revision;
  }
}
