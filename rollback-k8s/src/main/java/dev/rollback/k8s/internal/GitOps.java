package dev.rollback.k8s.internal;

import dev.rollback.k8s.GitOpsPolicy;
import dev.rollback.k8s.KubernetesAdapterConfig;
import io.kubernetes.client.common.KubernetesObject;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Tells which GitOps controller keeps an object in line with Git, from the tracking marks those
 * controllers write: Argo CD's {@code argocd.argoproj.io/tracking-id} annotation (its default
 * tracking method since 3.0), or its instance label where the configuration names one (the label
 * method's default key, {@code app.kubernetes.io/instance}, is also set by most Helm charts, so
 * it is not assumed); Flux's {@code kustomize.toolkit.fluxcd.io/name} and {@code /namespace}
 * labels (a Kustomization) and {@code helm.toolkit.fluxcd.io/name} and {@code /namespace} (a
 * HelmRelease). Stateless.
 */
final class GitOps {
  static final String ARGO_TRACKING_ID = "argocd.argoproj.io/tracking-id";
  static final String FLUX_KUSTOMIZATION = "kustomize.toolkit.fluxcd.io/";
  static final String FLUX_HELM = "helm.toolkit.fluxcd.io/";

  private GitOps() {}

  /** Returns who keeps {@code o} in line with Git, in words, or null when nobody is known to. */
  static @Nullable String owner(KubernetesObject o, KubernetesAdapterConfig config) {
    Map<String, String> annotations = Templates.annotations(o);
    Map<String, String> labels = Templates.labels(o.getMetadata());
    String tracking = annotations.get(ARGO_TRACKING_ID);
    if (tracking != null) {
      int colon = tracking.indexOf(':');
      return "Argo CD Application '" + (colon > 0 ? tracking.substring(0, colon) : tracking)
          + "' (annotation " + ARGO_TRACKING_ID + ")";
    }
    String instanceLabel = config.argoCdInstanceLabel();
    if (instanceLabel != null && labels.get(instanceLabel) != null) {
      return "Argo CD Application '" + labels.get(instanceLabel) + "' (label " + instanceLabel + ")";
    }
    for (String[] flux : new String[][] {{FLUX_KUSTOMIZATION, "Flux Kustomization"}, {FLUX_HELM, "Flux HelmRelease"}}) {
      String name = labels.get(flux[0] + "name");
      if (name != null) {
        String ns = labels.get(flux[0] + "namespace");
        return flux[1] + " " + (ns == null ? "" : ns + "/") + name + " (labels " + flux[0] + "name, "
            + flux[0] + "namespace)";
      }
    }
    return null;
  }

  /**
   * Returns the problem of rolling back {@code o} (named {@code what}, e.g. "Deployment
   * checkout") under the configured policy: that a GitOps controller owns it, when the policy is
   * {@link GitOpsPolicy#HALT}; else null.
   */
  static @Nullable String problem(String what, KubernetesObject o, KubernetesAdapterConfig config) {
    String owner = config.gitOpsPolicy() == GitOpsPolicy.HALT ? owner(o, config) : null;
    return owner == null ? null : what + " is kept in line with Git by " + owner + ": with automated sync it"
        + " would revert the rollback and recreate what cleanup removes. Revert the release in Git (or"
        + " suspend that sync and roll back by hand); to roll back anyway, set gitOpsPolicy PROCEED";
  }
}
