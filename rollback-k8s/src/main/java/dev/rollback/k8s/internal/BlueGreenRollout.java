package dev.rollback.k8s.internal;

import com.google.gson.JsonObject;
import dev.rollback.k8s.CleanupPolicy;
import dev.rollback.k8s.ClusterStateException;
import dev.rollback.k8s.GitOpsPolicy;
import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.k8s.KubernetesAdapterException;
import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.Notification;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.Version;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Endpoint;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blue/green by version: one Deployment per version, labelled with the application name and the
 * version, behind a Service whose selector names the version that gets traffic.
 */
final class BlueGreenRollout implements Rollout, ConfigNotices.Travelling {
  private static final Logger LOG = LoggerFactory.getLogger(BlueGreenRollout.class);
  private static final OffsetDateTime EPOCH = OffsetDateTime.parse("1970-01-01T00:00:00Z");

  private final ClusterObjects k;
  private final KubernetesAdapterConfig config;
  private final GitOps gitOps;
  private final ConfigRestore configRestore;

  BlueGreenRollout(ClusterObjects k) {
    this.k = k;
    this.config = k.api().config();
    this.gitOps = new GitOps(k);
    this.configRestore = new ConfigRestore(k);
  }

  @Override
  public List<ClusterNotice> notices(RollbackManifest m) {
    return gitOps.notices(m);
  }

  /** The objects a blue/green rollback changes: both versions' Deployments and the Service. */
  private List<GitOps.Changed> changed(RollbackManifest m, @Nullable V1Deployment to,
      @Nullable V1Deployment from, @Nullable V1Service svc) {
    List<GitOps.Changed> changed = new ArrayList<>(3);
    if (to != null) {
      changed.add(new GitOps.Changed("Deployment " + Templates.name(to), ClusterObjects.DEPLOYMENTS, to));
    }
    if (from != null) {
      changed.add(new GitOps.Changed("Deployment " + Templates.name(from), ClusterObjects.DEPLOYMENTS, from));
    }
    if (svc != null) {
      changed.add(new GitOps.Changed("Service " + serviceName(m.deployment()), ClusterObjects.SERVICES, svc));
    }
    return changed;
  }

  @Override
  public ConfigRestore configRestore() {
    return configRestore;
  }

  /**
   * Returns the ReplicaSet of {@code dep}'s current revision, where the release watcher recorded
   * the version's configuration, or null while it has none.
   */
  private @Nullable V1ReplicaSet currentReplicaSet(V1Deployment dep) throws InterruptedException {
    long revision = Templates.revision(dep);
    return k.ownedReplicaSets(dep).stream().filter(rs -> Templates.revision(rs) == revision).findFirst().orElse(null);
  }

  /** Returns the pod template of version Deployment {@code dep}, or null. */
  private static io.kubernetes.client.openapi.models.@Nullable V1PodTemplateSpec template(@Nullable V1Deployment dep) {
    return dep == null || dep.getSpec() == null ? null : dep.getSpec().getTemplate();
  }

  @Override
  public Version currentVersion(DeploymentRef d) throws InterruptedException {
    String id = servedVersion(d, requireService(d));
    V1Deployment dep = deploymentOf(d, id);
    if (dep == null) {
      throw new ClusterStateException(
          "Service " + serviceName(d) + " sends traffic to version " + id + " of " + d
              + ", but no Deployment labelled " + config.nameLabel() + "=" + d.name() + ","
              + config.versionLabel() + "=" + id + " exists");
    }
    return Templates.version(id, dep.getSpec() == null ? null : dep.getSpec().getTemplate(),
        "Deployment " + Templates.name(dep));
  }

  @Override
  public PreviousVersion previousStable(DeploymentRef d, Version current) throws InterruptedException {
    List<V1Deployment> all = versions(d);
    V1Deployment cur = all.stream().filter(x -> current.id().equals(versionId(x))).findFirst().orElse(null);
    OffsetDateTime bound = cur == null ? null : created(cur);
    List<String> skipped = new ArrayList<>();
    List<V1Deployment> candidates = new ArrayList<>();
    for (V1Deployment dep : all) {
      String id = versionId(dep);
      if (id == null || id.equals(current.id())) {
        continue;
      }
      if (Marks.unstable(dep)) {
        skipped.add(id + " (" + Marks.why(dep) + ")");
      } else if (bound != null && created(dep).isAfter(bound)) {
        skipped.add(id + " (newer than " + current.id() + ")");
      } else {
        candidates.add(dep);
      }
    }
    candidates.sort(Comparator.comparing(BlueGreenRollout::created)
        .thenComparing(x -> Objects.requireNonNull(versionId(x)), VersionOrder.INSTANCE)
        .reversed());
    if (candidates.isEmpty()) {
      return PreviousVersion.none(
          "no Deployment of " + d + " other than version " + current.id() + " is stable"
              + (skipped.isEmpty() ? "; none other exists" : "; skipped: " + String.join(", ", skipped)));
    }
    V1Deployment best = candidates.get(0);
    return PreviousVersion.found(Templates.version(Objects.requireNonNull(versionId(best)),
        best.getSpec() == null ? null : best.getSpec().getTemplate(), "Deployment " + Templates.name(best)));
  }

  @Override
  public List<String> validate(RollbackManifest m) throws InterruptedException {
    DeploymentRef d = m.deployment();
    List<String> problems = new ArrayList<>();
    V1Deployment to = deploymentOf(d, m.to().id());
    if (to == null) {
      problems.add("the Deployment of version " + m.to().id() + " of " + d + " no longer exists");
    } else if (!Templates.runs(to.getSpec() == null ? null : to.getSpec().getTemplate(), m.to())) {
      problems.add("Deployment " + Templates.name(to) + " no longer runs the images of version "
          + m.to() + "; it was changed since it was chosen");
    }
    V1Deployment from = deploymentOf(d, m.from().id());
    if (from == null) {
      problems.add("the Deployment of the failing version " + m.from().id() + " of " + d + " was not found");
    }
    V1Service svc = k.recentService(d.namespace(), serviceName(d));
    if (svc == null) {
      problems.add("Service " + d.namespace() + "/" + serviceName(d) + " does not exist");
    } else if (selector(svc).get(config.versionLabel()) == null) {
      problems.add("Service " + serviceName(d) + " does not select pods by " + config.versionLabel()
          + ", so traffic cannot be switched between versions");
    } else if (to != null) {
      String unselectable = unselectable(svc, to, m.to().id());
      if (unselectable != null) {
        problems.add(unselectable);
      }
    }
    problems.addAll(gitOps.problems(changed(m, to, from, svc)));
    V1ReplicaSet recorded = to == null ? null : currentReplicaSet(to);
    if (recorded != null) {
      // Each version has a Deployment of its own, but they may read a ConfigMap of one name.
      problems.addAll(configRestore.validate(m, recorded, template(from)));
    }
    return problems;
  }

  /**
   * Under {@link dev.rollback.k8s.GitOpsPolicy#SUSPEND}, first suspends the GitOps controllers that
   * keep either version's Deployment or the Service in line with Git (see {@link GitOps}); then
   * scales the failing version's Deployment down and pins its autoscalers to the floor.
   */
  @Override
  public void scaleDown(RollbackManifest m) throws InterruptedException {
    V1Deployment from = deploymentOf(m.deployment(), m.from().id());
    if (config.gitOpsPolicy() == GitOpsPolicy.SUSPEND) { // read for it only when it may act
      gitOps.suspend(m, changed(m, deploymentOf(m.deployment(), m.to().id()), from,
          k.recentService(m.deployment().namespace(), serviceName(m.deployment()))));
    }
    if (from == null) {
      LOG.warn("{}: no Deployment of version {} to scale down", m.deployment(), m.from().id());
      return;
    }
    k.updateDeployment(m.deployment().namespace(), Templates.name(from), dep -> Marks.scaleDown(dep, m));
    if (m.scaleDown().mode() == ScaleDown.Mode.KEEP_FLOOR) {
      // An autoscaler would scale the failing version back up to its minReplicas at its next sync.
      // (At zero replicas an autoscaler does not scale its target: REMOVE_ALL needs no pin.)
      for (V2HorizontalPodAutoscaler hpa : autoscalersOf(m, from)) {
        k.updateAutoscaler(m.deployment().namespace(), Templates.name(hpa), h -> Marks.pin(h, m, m.scaleDown().floor()));
      }
    }
  }

  /**
   * Gives the failing version's autoscalers back the range this run pinned them from: when it is
   * removed, and when the rollback failed and it goes on serving.
   */
  private void unpinAutoscalers(RollbackManifest m, V1Deployment from) throws InterruptedException {
    for (V2HorizontalPodAutoscaler hpa : autoscalersOf(m, from)) {
      if (Marks.unpin(hpa, m) != null) {
        k.updateAutoscaler(m.deployment().namespace(), Templates.name(hpa), h -> Marks.unpin(h, m));
      }
    }
  }

  /**
   * Returns the HorizontalPodAutoscalers that scale {@code dep}. A Role without access to them (the
   * adapters' Role before autoscalers were pinned) leaves them alone, and the log says so: the
   * pin spares resources, availability does not depend on it.
   */
  private List<V2HorizontalPodAutoscaler> autoscalersOf(RollbackManifest m, V1Deployment dep) throws InterruptedException {
    List<V2HorizontalPodAutoscaler> all;
    try {
      all = k.autoscalers(m.deployment().namespace());
    } catch (KubernetesAdapterException e) {
      if (e.statusCode() != 403) {
        throw e;
      }
      LOG.warn("{}: cannot list HorizontalPodAutoscalers ({}); an autoscaler of {} is not pinned to the floor",
          m.deployment(), e.getMessage(), Templates.name(dep));
      return List.of();
    }
    return all.stream().filter(h -> h.getSpec() != null && "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
        && Templates.name(dep).equals(h.getSpec().getScaleTargetRef().getName())).toList();
  }

  @Override
  public void deploy(RollbackManifest m) throws InterruptedException {
    V1Deployment from = deploymentOf(m.deployment(), m.from().id());
    int replicas = Marks.replicasToRestore(from, m);
    V1Deployment to = requireDeployment(m.deployment(), m.to().id());
    V1ReplicaSet recorded = currentReplicaSet(to);
    if (recorded != null) {
      configRestore.restore(m, recorded, template(from)); // before its pods start
    }
    V1Deployment updated = k.updateDeployment(m.deployment().namespace(), Templates.name(to),
        dep -> {
          if (Marks.replicas(dep) == replicas) {
            return null;
          }
          JsonObject patch = Patches.of("apps/v1", "Deployment");
          Patches.child(patch, "spec").addProperty("replicas", replicas);
          return patch;
        });
    if (updated == null) {
      throw new ClusterStateException("the Deployment of version " + m.to().id() + " vanished while deploying");
    }
  }

  @Override
  public Target target(RollbackManifest m, boolean withStatus) throws InterruptedException {
    V1Deployment dep = only(m.deployment(), m.to().id(), versions(m.deployment(), withStatus));
    if (dep == null) {
      throw new ClusterStateException("no Deployment of " + m.deployment() + " is labelled "
          + config.versionLabel() + "=" + m.to().id());
    }
    List<V1ReplicaSet> all = k.ownedReplicaSets(dep);
    long revision = Templates.revision(dep);
    V1ReplicaSet current = all.stream().filter(rs -> Templates.revision(rs) == revision).findFirst().orElse(null);
    return Target.of(dep, Marks.replicas(dep), current, all);
  }

  /**
   * Returns why switching {@code svc} to version {@code id} would leave it without endpoints (the
   * pods of {@code to} lack one of its selector's labels, or carry another value), or null.
   */
  private @Nullable String unselectable(V1Service svc, V1Deployment to, String id) {
    Map<String, String> podLabels = Templates.labels(to.getSpec() == null || to.getSpec().getTemplate() == null
        ? null : to.getSpec().getTemplate().getMetadata());
    List<String> missing = new ArrayList<>();
    selector(svc).forEach((key, value) -> {
      String want = key.equals(config.versionLabel()) ? id : value;
      if (!want.equals(podLabels.get(key))) {
        missing.add(key + "=" + want);
      }
    });
    return missing.isEmpty() ? null : "the pods of Deployment " + Templates.name(to) + " (version " + id
        + ") do not carry " + String.join(", ", missing) + " of Service " + Templates.name(svc)
        + "'s selector, so switching it would leave the Service without endpoints";
  }

  /**
   * Switches the Service's selector to the restored version, after checking that its pods carry
   * every label of the selector, then waits (at most {@code drainTimeout}) until the Service's
   * EndpointSlices hold only pods of the restored version, and records when traffic left the
   * failing version, from which cleanup counts the scale-down delay.
   */
  @Override
  public void switchTraffic(RollbackManifest m) throws InterruptedException {
    DeploymentRef d = m.deployment();
    V1Deployment to = requireDeployment(d, m.to().id());
    V1Service updated = k.updateService(d.namespace(), serviceName(d), svc -> {
      if (m.to().id().equals(selector(svc).get(config.versionLabel()))) {
        return null;
      }
      String unselectable = unselectable(svc, to, m.to().id());
      if (unselectable != null) {
        throw new ClusterStateException(unselectable);
      }
      JsonObject patch = Patches.of("v1", "Service");
      JsonObject sel = new JsonObject();
      sel.addProperty(config.versionLabel(), m.to().id());
      Patches.child(patch, "spec").add("selector", sel);
      return patch;
    });
    if (updated == null) {
      throw new ClusterStateException("Service " + d.namespace() + "/" + serviceName(d) + " does not exist");
    }
    V1Deployment from = deploymentOf(d, m.from().id());
    if (from != null) {
      k.updateDeployment(d.namespace(), Templates.name(from), dep -> Marks.trafficLeft(dep, m, Instant.now()));
    }
    awaitDrained(m, serviceName(d));
  }

  /**
   * Waits, with backoff, until the EndpointSlices of {@code service} hold only pods of the restored
   * version, at least one of them ready; for at most {@code drainTimeout}, then goes on with a
   * warning (the selector is right; only the endpoints lag). A Service with no EndpointSlice at
   * all (a cluster without the EndpointSlice controller) is not waited for.
   */
  private void awaitDrained(RollbackManifest m, String service) throws InterruptedException {
    String ns = m.deployment().namespace();
    Target target = target(m, false);
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    for (int polls = 1; ; polls++) {
      List<V1EndpointSlice> slices = k.endpointSlices(ns, service);
      if (slices.isEmpty()) {
        LOG.info("{}: Service {} has no EndpointSlices; not waiting for its endpoints", m.deployment(), service);
        return;
      }
      Set<String> restored = new HashSet<>();
      for (V1Pod pod : k.pods(ns, target.podSelector()).getItems()) {
        if (target.restored(pod)) {
          restored.add(Templates.name(pod));
        }
      }
      List<String> others = new ArrayList<>();
      int serving = 0;
      for (V1EndpointSlice slice : slices) {
        for (V1Endpoint e : slice.getEndpoints() == null ? List.<V1Endpoint>of() : slice.getEndpoints()) {
          String pod = e.getTargetRef() == null ? null : e.getTargetRef().getName();
          if (pod != null && restored.contains(pod)) {
            serving += e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady()) ? 1 : 0;
          } else {
            others.add(pod != null ? pod : String.join(",", e.getAddresses()));
          }
        }
      }
      if (others.isEmpty() && serving > 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        LOG.warn("{}: after {} the endpoints of Service {} still hold {} (not the restored version's) and {} of"
            + " its ready; going on, the selector is switched", m.deployment(), config.drainTimeout(), service,
            others, serving);
        return;
      }
      k.api().sleeper().sleep(k.api().pollBackoff().delay(polls));
    }
  }

  @Override
  public void cleanup(RollbackManifest m) throws InterruptedException {
    V1Deployment from = deploymentOf(m.deployment(), m.from().id());
    if (from == null) {
      return; // removed already
    }
    String ns = m.deployment().namespace();
    // Removing the failing version while the Service selects it again would be an outage.
    Survival.await(m, config, k.api().sleeper());
    V1Service svc = k.service(ns, serviceName(m.deployment()));
    String selected = svc == null ? null : selector(svc).get(config.versionLabel());
    if (!m.to().id().equals(selected)) {
      throw Survival.failed(m, svc == null ? "Service " + serviceName(m.deployment()) + " was deleted"
          : "Service " + serviceName(m.deployment()) + " selects version " + selected + " again", svc, config);
    }
    unpinAutoscalers(m, from);
    Duration remaining = Marks.scaleDownDelayLeft(from, m, config.scaleDownDelay(), Instant.now());
    if (!remaining.isZero()) {
      LOG.info("{}: keeping version {} for {} more after the switch (scaleDownDelay {})", m.deployment(),
          m.from().id(), remaining, config.scaleDownDelay());
      k.api().sleeper().sleep(remaining);
    }
    if (config.cleanupPolicy() == CleanupPolicy.DELETE) {
      k.deleteDeployment(ns, Templates.name(from));
    } else {
      k.updateDeployment(ns, Templates.name(from), dep -> {
        if (Marks.replicas(dep) == 0) {
          return null;
        }
        JsonObject patch = Patches.of("apps/v1", "Deployment");
        Patches.child(patch, "spec").addProperty("replicas", 0);
        return patch;
      });
    }
  }

  @Override
  public void markFailed(RollbackManifest m, String reason) throws InterruptedException {
    V1Deployment to = requireDeployment(m.deployment(), m.to().id());
    if (!failedElsewhere(k, m)) {
      k.updateDeployment(m.deployment().namespace(), Templates.name(to),
          dep -> Marks.failed(dep, "apps/v1", "Deployment", m, reason));
    }
    markRolledBackFrom(m);
    V1Deployment from = deploymentOf(m.deployment(), m.from().id());
    if (from != null) {
      unpinAutoscalers(m, from); // the failing version goes on serving: let it scale
    }
  }

  /** Marks the failing version, which the rollback abandoned, so it is not offered as stable. */
  private void markRolledBackFrom(RollbackManifest m) throws InterruptedException {
    V1Deployment from = deploymentOf(m.deployment(), m.from().id());
    if (from != null) {
      k.updateDeployment(m.deployment().namespace(), Templates.name(from),
          dep -> Marks.rolledBackFrom(dep, "apps/v1", "Deployment", m));
    }
  }

  @Override
  public void recordRollback(RollbackManifest m, Instant at) throws InterruptedException {
    String ns = m.deployment().namespace();
    V1Deployment to = requireDeployment(m.deployment(), m.to().id());
    k.updateDeployment(ns, Templates.name(to), dep -> Marks.rollbackRecord(dep, "apps/v1", "Deployment", m, at));
    markRolledBackFrom(m);
  }

  @Override
  public String eventTarget(Notification n) throws InterruptedException {
    for (Version v : new Version[] {n.from(), n.to()}) {
      if (v != null) {
        V1Deployment dep = deploymentOf(n.deployment(), v.id());
        if (dep != null) {
          return Templates.name(dep);
        }
      }
    }
    return n.deployment().name();
  }

  private String serviceName(DeploymentRef d) {
    String name = config.serviceName();
    return name == null ? d.name() : name;
  }

  private V1Service requireService(DeploymentRef d) throws InterruptedException {
    V1Service svc = k.recentService(d.namespace(), serviceName(d));
    if (svc == null) {
      throw new ClusterStateException("Service " + d.namespace() + "/" + serviceName(d) + " of " + d + " does not exist");
    }
    return svc;
  }

  private String servedVersion(DeploymentRef d, V1Service svc) {
    String id = selector(svc).get(config.versionLabel());
    if (id == null) {
      throw new ClusterStateException("Service " + serviceName(d) + " of " + d + " does not select pods by "
          + config.versionLabel() + ", so the served version is unknown");
    }
    return id;
  }

  private static Map<String, String> selector(V1Service svc) {
    return svc.getSpec() == null || svc.getSpec().getSelector() == null ? Map.of() : svc.getSpec().getSelector();
  }

  /** Lists the Deployments of every version, as listed within the configured read reuse. */
  private List<V1Deployment> versions(DeploymentRef d) throws InterruptedException {
    return versions(d, false);
  }

  private List<V1Deployment> versions(DeploymentRef d, boolean afresh) throws InterruptedException {
    String selector = config.nameLabel() + "=" + d.name();
    return afresh ? k.deployments(d.namespace(), selector) : k.recentDeployments(d.namespace(), selector);
  }

  private @Nullable V1Deployment deploymentOf(DeploymentRef d, String versionId) throws InterruptedException {
    return only(d, versionId, versions(d));
  }

  private @Nullable V1Deployment only(DeploymentRef d, String versionId, List<V1Deployment> versions) {
    List<V1Deployment> matches = versions.stream().filter(x -> versionId.equals(versionId(x))).toList();
    if (matches.size() > 1) {
      throw new ClusterStateException(matches.size() + " Deployments of " + d + " are labelled "
          + config.versionLabel() + "=" + versionId + ": " + matches.stream().map(Templates::name).toList());
    }
    return matches.isEmpty() ? null : matches.get(0);
  }

  private V1Deployment requireDeployment(DeploymentRef d, String versionId) throws InterruptedException {
    V1Deployment dep = deploymentOf(d, versionId);
    if (dep == null) {
      throw new ClusterStateException("no Deployment of " + d + " is labelled " + config.versionLabel() + "=" + versionId);
    }
    return dep;
  }

  private @Nullable String versionId(V1Deployment dep) {
    return Templates.labels(dep.getMetadata()).get(config.versionLabel());
  }

  private static OffsetDateTime created(V1Deployment dep) {
    OffsetDateTime t = dep.getMetadata() == null ? null : dep.getMetadata().getCreationTimestamp();
    return t == null ? EPOCH : t;
  }
}
