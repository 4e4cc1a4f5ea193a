package dev.rollback.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Settings of {@code rollback.kubernetes.*}: the cluster driver and version registry of rollback-k8s.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class KubernetesProperties {
  /** Whether the Kubernetes adapters are auto-configured. */
  private boolean enabled = false;

  /** The kubeconfig file; unset: in-cluster when {@code in-cluster} is true, else the environment's (KUBECONFIG, ~/.kube/config, in-cluster). */
  private @Nullable Path kubeconfig;

  /** The kubeconfig context; unset: the file's current context. */
  private @Nullable String context;

  /** Whether to use the pod's service account. */
  private boolean inCluster = false;

  /** How rollouts are shaped: a RolloutShape name such as BLUE_GREEN. */
  private @Nullable String shape;

  /** The Service that routes traffic; unset: the deployment's name. */
  private @Nullable String serviceName;

  /** The label naming the application. */
  private @Nullable String nameLabel;

  /** The label naming the version. */
  private @Nullable String versionLabel;

  /** How often a failed API call is tried. */
  private @Nullable Integer maxAttempts;

  /** The deadline of one API request. */
  private @Nullable Duration requestTimeout;

  /** Returns whether the Kubernetes adapters are auto-configured. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets whether the Kubernetes adapters are auto-configured. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Returns the kubeconfig file; unset: in-cluster when {@code in-cluster} is true, else the environment's (KUBECONFIG, ~/.kube/config, in-cluster). */
  public @Nullable Path getKubeconfig() {
    return kubeconfig;
  }

  /** Sets the kubeconfig file; unset: in-cluster when {@code in-cluster} is true, else the environment's (KUBECONFIG, ~/.kube/config, in-cluster). */
  public void setKubeconfig(@Nullable Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** Returns the kubeconfig context; unset: the file's current context. */
  public @Nullable String getContext() {
    return context;
  }

  /** Sets the kubeconfig context; unset: the file's current context. */
  public void setContext(@Nullable String context) {
    this.context = context;
  }

  /** Returns whether to use the pod's service account. */
  public boolean isInCluster() {
    return inCluster;
  }

  /** Sets whether to use the pod's service account. */
  public void setInCluster(boolean inCluster) {
    this.inCluster = inCluster;
  }

  /** Returns how rollouts are shaped: a RolloutShape name such as BLUE_GREEN. */
  public @Nullable String getShape() {
    return shape;
  }

  /** Sets how rollouts are shaped: a RolloutShape name such as BLUE_GREEN. */
  public void setShape(@Nullable String shape) {
    this.shape = shape;
  }

  /** Returns the Service that routes traffic; unset: the deployment's name. */
  public @Nullable String getServiceName() {
    return serviceName;
  }

  /** Sets the Service that routes traffic; unset: the deployment's name. */
  public void setServiceName(@Nullable String serviceName) {
    this.serviceName = serviceName;
  }

  /** Returns the label naming the application. */
  public @Nullable String getNameLabel() {
    return nameLabel;
  }

  /** Sets the label naming the application. */
  public void setNameLabel(@Nullable String nameLabel) {
    this.nameLabel = nameLabel;
  }

  /** Returns the label naming the version. */
  public @Nullable String getVersionLabel() {
    return versionLabel;
  }

  /** Sets the label naming the version. */
  public void setVersionLabel(@Nullable String versionLabel) {
    this.versionLabel = versionLabel;
  }

  /** Returns how often a failed API call is tried. */
  public @Nullable Integer getMaxAttempts() {
    return maxAttempts;
  }

  /** Sets how often a failed API call is tried. */
  public void setMaxAttempts(@Nullable Integer maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  /** Returns the deadline of one API request. */
  public @Nullable Duration getRequestTimeout() {
    return requestTimeout;
  }

  /** Sets the deadline of one API request. */
  public void setRequestTimeout(@Nullable Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }
}
