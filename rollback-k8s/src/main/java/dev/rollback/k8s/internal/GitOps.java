package dev.rollback.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.rollback.k8s.GitOpsPolicy;
import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.k8s.KubernetesAdapterException;
import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.helpers.Causes;
import io.kubernetes.client.common.KubernetesObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * GitOps ownership: tells which GitOps controller keeps an object in line with Git, from the
 * tracking marks those controllers write, and under {@link GitOpsPolicy#SUSPEND} suspends that
 * controller's reconciliation before the rollback changes anything.
 *
 * <p>The marks: Argo CD's {@code argocd.argoproj.io/tracking-id} annotation (its default tracking
 * method since 3.0; {@code <application>:<group>/<kind>:<namespace>/<name>}), or its instance label
 * where the configuration names one (the label method's default key, {@code
 * app.kubernetes.io/instance}, is also set by most Helm charts, so it is not assumed); Flux's
 * {@code kustomize.toolkit.fluxcd.io/name} and {@code /namespace} labels (a Kustomization) and
 * {@code helm.toolkit.fluxcd.io/name} and {@code /namespace} (a HelmRelease). An object annotated
 * {@code kustomize.toolkit.fluxcd.io/reconcile: disabled} is one Flux's kustomize-controller leaves
 * alone, so it has no owner that would revert the rollback.
 *
 * <p>How each is suspended, as each controller documents it: a Kustomization's object gets that
 * {@code reconcile: disabled} annotation (the kustomize-controller skips the object, the others of
 * the Kustomization stay reconciled); a HelmRelease gets {@code spec.suspend: true} (the whole
 * release); an Argo CD Application loses {@code spec.syncPolicy.automated} (no automated sync, so
 * no self-heal), its previous value kept in the annotation {@value #AUTOMATED_BEFORE} so that people
 * can put it back. Each suspension is idempotent, and is told as a {@link ClusterNotice} whose
 * action says to revert the release in Git, then resume the controller: when it was already
 * suspended (a step repeated on a resumed run), the notice is told again.
 *
 * <p>Thread-safe; the notices of a run are kept in memory, for the latest {@value #KEPT_RUNS} runs.
 */
final class GitOps {
  static final String ARGO_TRACKING_ID = "argocd.argoproj.io/tracking-id";
  static final String FLUX_KUSTOMIZATION = "kustomize.toolkit.fluxcd.io/";
  static final String FLUX_HELM = "helm.toolkit.fluxcd.io/";
  static final String FLUX_RECONCILE = FLUX_KUSTOMIZATION + "reconcile";
  /** On an Argo CD Application: its {@code spec.syncPolicy.automated} before a run turned it off (JSON). */
  static final String AUTOMATED_BEFORE = Marks.PREFIX + "automated-sync-before";
  /** On an Argo CD Application or a Flux HelmRelease: the run that suspended it. */
  static final String SUSPENDED_BY = Marks.PREFIX + "suspended-by-run";

  static final CustomResource ARGO_APPLICATIONS =
      new CustomResource("argoproj.io", "v1alpha1", "applications", "Application");
  static final CustomResource FLUX_HELM_RELEASES =
      new CustomResource("helm.toolkit.fluxcd.io", "v2", "helmreleases", "HelmRelease");

  /** A custom resource's coordinates. */
  record CustomResource(String group, String version, String plural, String kind) {
    String resource() {
      return plural + "." + group;
    }
  }

  /** Who keeps an object in line with Git. */
  sealed interface Owner {
    /** The owner in words, with the mark it was told by. */
    String describe();
  }

  /** An Argo CD Application. */
  record ArgoCdApplication(String namespace, String name, String mark) implements Owner {
    @Override
    public String describe() {
      return "Argo CD Application '" + name + "' (" + mark + ")";
    }
  }

  /** A Flux Kustomization. */
  record FluxKustomization(@Nullable String namespace, String name) implements Owner {
    @Override
    public String describe() {
      return "Flux Kustomization " + (namespace == null ? "" : namespace + "/") + name + " (labels "
          + FLUX_KUSTOMIZATION + "name, " + FLUX_KUSTOMIZATION + "namespace)";
    }
  }

  /** A Flux HelmRelease. */
  record FluxHelmRelease(String namespace, String name) implements Owner {
    @Override
    public String describe() {
      return "Flux HelmRelease " + namespace + "/" + name + " (labels " + FLUX_HELM + "name, " + FLUX_HELM
          + "namespace)";
    }
  }

  /**
   * An object the rollback changes: {@code what} names it for people (e.g. "Deployment
   * checkout"), {@code resource} is its API resource for patches ({@code deployments.apps}, {@code
   * services}).
   */
  record Changed(String what, String resource, KubernetesObject object) {}

  private final ClusterObjects k;
  private final KubernetesAdapterConfig config;
  /**
   * The notices of the latest {@value #KEPT_RUNS} runs by run, each by key; the engine keeps them
   * with the run once told, so an old run's are dropped.
   */
  private final Map<RunId, Map<String, ClusterNotice>> notices = new LinkedHashMap<>() {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<RunId, Map<String, ClusterNotice>> eldest) {
      return size() > KEPT_RUNS;
    }
  };
  private static final int KEPT_RUNS = 1_000;

  GitOps(ClusterObjects k) {
    this.k = k;
    this.config = k.api().config();
  }

  /** Returns who keeps {@code o} in line with Git and would revert a change, or null when nobody is known to. */
  static @Nullable Owner ownerOf(KubernetesObject o, KubernetesAdapterConfig config) {
    Map<String, String> annotations = Templates.annotations(o);
    Map<String, String> labels = Templates.labels(o.getMetadata());
    String tracking = annotations.get(ARGO_TRACKING_ID);
    if (tracking != null) {
      int colon = tracking.indexOf(':');
      String app = colon > 0 ? tracking.substring(0, colon) : tracking;
      return argo(app, "annotation " + ARGO_TRACKING_ID, config);
    }
    String instanceLabel = config.argoCdInstanceLabel();
    String instance = instanceLabel == null ? null : labels.get(instanceLabel);
    if (instance != null) {
      return argo(instance, "label " + instanceLabel, config);
    }
    String kustomization = labels.get(FLUX_KUSTOMIZATION + "name");
    if (kustomization != null && !"disabled".equals(annotations.get(FLUX_RECONCILE))) {
      return new FluxKustomization(labels.get(FLUX_KUSTOMIZATION + "namespace"), kustomization);
    }
    String release = labels.get(FLUX_HELM + "name");
    if (release != null) {
      String ns = labels.get(FLUX_HELM + "namespace");
      return new FluxHelmRelease(ns == null ? Templates.namespace(o) : ns, release);
    }
    return null;
  }

  /** An Application named {@code ns_name} (Argo CD's Applications in any namespace) lives in {@code ns}. */
  private static ArgoCdApplication argo(String app, String mark, KubernetesAdapterConfig config) {
    int underscore = app.indexOf('_');
    return underscore > 0
        ? new ArgoCdApplication(app.substring(0, underscore), app.substring(underscore + 1), mark)
        : new ArgoCdApplication(config.argoCdNamespace(), app, mark);
  }

  /** Returns who keeps {@code o} in line with Git, in words, or null when nobody is known to. */
  static @Nullable String owner(KubernetesObject o, KubernetesAdapterConfig config) {
    Owner owner = ownerOf(o, config);
    return owner == null ? null : owner.describe();
  }

  /**
   * Returns the problems of rolling back {@code objects} under the configured policy, for
   * <i>Prepare rollback manifest</i>: under {@link GitOpsPolicy#HALT}, each object a GitOps
   * controller owns; under {@link GitOpsPolicy#SUSPEND}, each owner that cannot be suspended (its
   * Application or HelmRelease is not there or not readable, or is itself kept in line with Git by
   * another Application); none under {@link GitOpsPolicy#PROCEED}. Reads only.
   */
  List<String> problems(List<Changed> objects) throws InterruptedException {
    List<String> problems = new ArrayList<>();
    if (config.gitOpsPolicy() == GitOpsPolicy.PROCEED) {
      return problems;
    }
    Map<Owner, String> checked = new LinkedHashMap<>();
    for (Changed c : objects) {
      Owner owner = ownerOf(c.object(), config);
      if (owner == null) {
        continue;
      }
      if (config.gitOpsPolicy() == GitOpsPolicy.HALT) {
        problems.add(c.what() + " is kept in line with Git by " + owner.describe() + ": with automated sync it"
            + " would revert the rollback and recreate what cleanup removes. Revert the release in Git (or"
            + " suspend that sync and roll back by hand); to roll back anyway, set gitOpsPolicy PROCEED, or"
            + " SUSPEND to have the rollback suspend it");
        continue;
      }
      if (checked.containsKey(owner)) {
        continue;
      }
      String problem = suspendable(owner);
      checked.put(owner, problem == null ? "" : problem);
      if (problem != null) {
        problems.add(c.what() + " is kept in line with Git by " + owner.describe() + ", and gitOpsPolicy SUSPEND"
            + " cannot suspend it: " + problem + ". Revert the release in Git, or roll back by hand");
      }
    }
    return problems;
  }

  /** Returns why {@code owner} cannot be suspended, or null when it can. */
  private @Nullable String suspendable(Owner owner) throws InterruptedException {
    CustomResource resource;
    String ns;
    String name;
    if (owner instanceof ArgoCdApplication a) {
      resource = ARGO_APPLICATIONS;
      ns = a.namespace();
      name = a.name();
    } else if (owner instanceof FluxHelmRelease h) {
      resource = FLUX_HELM_RELEASES;
      ns = h.namespace();
      name = h.name();
    } else {
      return null; // a Kustomization's objects are annotated, with the rights the rollback has anyway
    }
    JsonObject object;
    try {
      object = k.customObject(resource, ns, name);
    } catch (KubernetesAdapterException e) {
      return "reading " + resource.kind() + " " + ns + "/" + name + " failed: " + Causes.describe(e);
    }
    if (object == null) {
      return resource.kind() + " " + ns + "/" + name + " does not exist (404)";
    }
    String parent = parentApplication(object);
    if (parent != null) {
      return resource.kind() + " " + ns + "/" + name + " is itself kept in line with Git by Argo CD Application '"
          + parent + "' (an app of apps), which would turn its sync back on";
    }
    return null;
  }

  private static @Nullable String parentApplication(JsonObject object) {
    JsonObject annotations = child(child(object, "metadata"), "annotations");
    JsonElement tracking = annotations == null ? null : annotations.get(ARGO_TRACKING_ID);
    if (tracking == null || !tracking.isJsonPrimitive()) {
      return null;
    }
    String t = tracking.getAsString();
    int colon = t.indexOf(':');
    return colon > 0 ? t.substring(0, colon) : t;
  }

  private static @Nullable JsonObject child(@Nullable JsonObject o, String key) {
    JsonElement e = o == null ? null : o.get(key);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
  }

  /**
   * Under {@link GitOpsPolicy#SUSPEND}, suspends the reconciliation of every owner of {@code
   * objects} before the rollback changes anything (<i>Scale down new pods</i>), and records a notice
   * for each; does nothing under the other policies. Idempotent.
   */
  void suspend(RollbackManifest m, List<Changed> objects) throws InterruptedException {
    if (config.gitOpsPolicy() != GitOpsPolicy.SUSPEND) {
      return;
    }
    for (Changed c : objects) {
      Owner owner = ownerOf(c.object(), config);
      if (owner instanceof FluxKustomization f) {
        disableReconcile(m, c, f);
      } else if (owner instanceof FluxHelmRelease h) {
        suspendHelmRelease(m, h);
      } else if (owner instanceof ArgoCdApplication a) {
        disableAutomatedSync(m, a);
      } else {
        Map<String, String> labels = Templates.labels(c.object().getMetadata());
        String kustomization = labels.get(FLUX_KUSTOMIZATION + "name");
        if (kustomization != null && "disabled".equals(Templates.annotations(c.object()).get(FLUX_RECONCILE))) {
          // Suspended already: by this run before it was resumed, or by a person. Told either way.
          kustomizationNotice(m, c, labels.get(FLUX_KUSTOMIZATION + "namespace"), kustomization);
        }
      }
    }
  }

  private void disableReconcile(RollbackManifest m, Changed c, FluxKustomization f) throws InterruptedException {
    String ns = Templates.namespace(c.object());
    String name = Templates.name(c.object());
    java.util.function.Function<KubernetesObject, @Nullable JsonObject> change = current ->
        "disabled".equals(Templates.annotations(current).get(FLUX_RECONCILE)) ? null : annotationPatch(FLUX_RECONCILE, "disabled");
    if (c.resource().equals(ClusterObjects.SERVICES)) {
      k.updateService(ns, name, change::apply);
    } else {
      k.updateDeployment(ns, name, change::apply);
    }
    kustomizationNotice(m, c, f.namespace(), f.name());
  }

  private void kustomizationNotice(RollbackManifest m, Changed c, @Nullable String ns, String kustomization) {
    String owner = "Flux Kustomization " + (ns == null ? "" : ns + "/") + kustomization;
    notice(m, new ClusterNotice("gitops:" + c.what(),
        "The rollback suspended " + owner + "'s reconciliation of " + c.what() + " (annotation " + FLUX_RECONCILE
            + ": disabled), so that Flux does not revert it",
        "Revert the release in Git, then remove the annotation " + FLUX_RECONCILE + " from " + c.what()
            + " so that " + owner + " reconciles it again"));
  }

  /** A merge patch that sets one annotation: {@code {"metadata":{"annotations":{key: value}}}}. */
  private static JsonObject annotationPatch(String key, String value) {
    JsonObject annotations = new JsonObject();
    annotations.addProperty(key, value);
    JsonObject metadata = new JsonObject();
    metadata.add("annotations", annotations);
    JsonObject patch = new JsonObject();
    patch.add("metadata", metadata);
    return patch;
  }

  private void suspendHelmRelease(RollbackManifest m, FluxHelmRelease h) throws InterruptedException {
    k.updateCustomObject(FLUX_HELM_RELEASES, h.namespace(), h.name(), current -> {
      JsonObject spec = child(current, "spec");
      JsonElement suspended = spec == null ? null : spec.get("suspend");
      if (suspended != null && suspended.isJsonPrimitive() && suspended.getAsBoolean()) {
        return null;
      }
      JsonObject patch = suspendedBy(m);
      JsonObject s = new JsonObject();
      s.addProperty("suspend", true);
      patch.add("spec", s);
      return patch;
    });
    String owner = "Flux HelmRelease " + h.namespace() + "/" + h.name();
    notice(m, new ClusterNotice("gitops:" + owner,
        "The rollback suspended " + owner + " (spec.suspend: true), so that Flux does not upgrade the release"
            + " back to the failing version",
        "Revert the release in Git, then resume " + owner + " (flux resume helmrelease " + h.name() + " -n "
            + h.namespace() + ")"));
  }

  private void disableAutomatedSync(RollbackManifest m, ArgoCdApplication a) throws InterruptedException {
    k.updateCustomObject(ARGO_APPLICATIONS, a.namespace(), a.name(), current -> {
      JsonObject policy = child(child(current, "spec"), "syncPolicy");
      JsonElement automated = policy == null ? null : policy.get("automated");
      if (automated == null || automated.isJsonNull()) {
        return null;
      }
      JsonObject patch = suspendedBy(m);
      patch.getAsJsonObject("metadata").getAsJsonObject("annotations")
          .addProperty(AUTOMATED_BEFORE, automated.toString());
      JsonObject syncPolicy = new JsonObject();
      syncPolicy.add("automated", JsonNull.INSTANCE);
      JsonObject spec = new JsonObject();
      spec.add("syncPolicy", syncPolicy);
      patch.add("spec", spec);
      return patch;
    });
    String owner = "Argo CD Application " + a.namespace() + "/" + a.name();
    notice(m, new ClusterNotice("gitops:" + owner,
        "The rollback turned off the automated sync of " + owner + " (spec.syncPolicy.automated; its earlier value"
            + " is kept in the annotation " + AUTOMATED_BEFORE + "), so that Argo CD does not revert it",
        "Revert the release in Git, then turn the automated sync of " + owner + " back on (the annotation "
            + AUTOMATED_BEFORE + " holds its earlier settings)"));
  }

  private static JsonObject suspendedBy(RollbackManifest m) {
    return annotationPatch(SUSPENDED_BY, m.runId().value());
  }

  private void notice(RollbackManifest m, ClusterNotice n) {
    synchronized (notices) {
      notices.computeIfAbsent(m.runId(), r -> new LinkedHashMap<>()).put(n.key(), n);
    }
  }

  /** Returns the notices of {@code m}'s run so far, in order. */
  List<ClusterNotice> notices(RollbackManifest m) {
    synchronized (notices) {
      Map<String, ClusterNotice> byKey = notices.get(m.runId());
      return byKey == null ? List.of() : List.copyOf(byKey.values());
    }
  }
}
