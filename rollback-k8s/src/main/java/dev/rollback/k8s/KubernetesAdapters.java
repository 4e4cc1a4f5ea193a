package dev.rollback.k8s;

import dev.rollback.k8s.internal.AdapterFactory;
import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.VersionRegistry;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.spi.helpers.RollbackException;
import dev.rollback.spi.helpers.Sleeper;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Kubernetes adapters of one cluster: a {@link ClusterDriver}, a {@link VersionRegistry}, an
 * Event {@link Notifier}, Job {@link SmokeTester}s, and for durable single-flight runs a ConfigMap
 * {@link RunStore} and a Lease {@link DeploymentLock}, sharing one {@link ApiClient} and one
 * {@link KubernetesAdapterConfig}.
 *
 * <pre>{@code
 * KubernetesAdapters k8s = KubernetesAdapters.create(
 *     KubernetesAdapters.clientFromEnvironment(),
 *     KubernetesAdapterConfig.builder().shape(RolloutShape.IN_PLACE).build());
 * ClusterDriver driver = k8s.clusterDriver();
 * }</pre>
 *
 * <p>Every adapter is thread-safe and blocking; an interrupt cancels the HTTP call in flight and
 * propagates as {@link InterruptedException}. Expected answers (no previous version, unready or
 * unhealthy pods, failed smoke Job) are values; API failures left after retries are thrown as
 * {@link KubernetesAdapterException}, a cluster in a state the adapters cannot work with as {@link
 * ClusterStateException}, and invalid settings as {@link InvalidConfigurationException}, each
 * naming what failed; every one of them is a {@link RollbackException}. The API permissions
 * needed are in the Role manifest {@code dev/rollback/k8s/rbac.yaml}, one Role per feature: {@code
 * rollback-driver} for the driver, registry and Event notifier, {@code rollback-job-smoke-test},
 * {@code rollback-run-store}, {@code rollback-lock}, {@code rollback-release-watcher} (for a
 * {@link ReleaseWatcher}), {@code rollback-config-snapshots} (its opt-in configuration snapshots)
 * and {@code rollback-gitops-suspend} (for {@link GitOpsPolicy#SUSPEND}, in the namespaces of the
 * Applications and HelmReleases) and {@code rollback-monitor} (for {@link KubernetesMonitorSharing}),
 * each bound in the namespace that feature uses.
 */
public final class KubernetesAdapters {
  /** Class-path location of the Role manifest: one Role per feature, listing the permissions it uses. */
  public static final String RBAC_RESOURCE = "dev/rollback/k8s/rbac.yaml";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final AdapterFactory factory;

  private KubernetesAdapters(ApiClient client, KubernetesAdapterConfig config, Sleeper sleeper) {
    this.factory = new AdapterFactory(client, config, sleeper);
  }

  /** Returns the adapters over {@code client}, configured by {@code config}. */
  public static KubernetesAdapters create(ApiClient client, KubernetesAdapterConfig config) {
    return create(client, config, Sleeper.system());
  }

  /**
   * Returns the adapters as {@link #create(ApiClient, KubernetesAdapterConfig)} does, waiting
   * through {@code sleeper}: the test seam, package-private so that it is no part of the API.
   */
  static KubernetesAdapters create(ApiClient client, KubernetesAdapterConfig config, Sleeper sleeper) {
    return new KubernetesAdapters(Objects.requireNonNull(client, "client"), Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(sleeper, "sleeper"));
  }

  /**
   * Returns a client configured the usual way: {@code $KUBECONFIG}, then {@code ~/.kube/config},
   * then the in-cluster service account (the client's {@code ClientBuilder.standard()}).
   *
   * @throws IOException if the configuration found cannot be read
   */
  public static ApiClient clientFromEnvironment() throws IOException {
    return ClientBuilder.standard().build();
  }

  /**
   * Returns a client for the pod's own service account (token and CA mounted by Kubernetes).
   *
   * @throws IOException if the service account files cannot be read
   */
  public static ApiClient inClusterClient() throws IOException {
    return ClientBuilder.cluster().build();
  }

  /**
   * Returns a client for a kubeconfig file, using {@code context} or the file's current context.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidConfigurationException if the context is not in the file
   */
  public static ApiClient clientFromKubeconfig(Path kubeconfig, @Nullable String context) throws IOException {
    KubeConfig config;
    try (Reader reader = Files.newBufferedReader(kubeconfig, StandardCharsets.UTF_8)) {
      config = KubeConfig.loadKubeConfig(reader);
    }
    // Relative certificate paths resolve against the file's folder (the client takes the folder
    // of the file it is given).
    config.setFile(kubeconfig.toAbsolutePath().toFile());
    if (context != null && !config.setContext(context)) {
      throw ConfigProblems.of("kubeconfig " + kubeconfig).add("it has no context '" + context + "'").exception();
    }
    return ClientBuilder.kubeconfig(config).build();
  }

  /** Returns the cluster driver (Kubernetes lane and cleanup). */
  public ClusterDriver clusterDriver() {
    return factory.clusterDriver();
  }

  /** Returns the version registry (current and previous versions, failure marks, records). */
  public VersionRegistry versionRegistry() {
    return factory.versionRegistry();
  }

  /** Returns a notifier recording each notification as an Event on the Deployment. */
  public Notifier eventNotifier() {
    return factory.eventNotifier();
  }

  /** Returns a smoke tester running the Job that {@code config} describes. */
  public SmokeTester jobSmokeTester(JobSmokeTestConfig config) {
    return factory.jobSmokeTester(Objects.requireNonNull(config, "config"));
  }

  /**
   * Returns a run store keeping one ConfigMap per run in {@code namespace} (usually the namespace
   * the embedding service runs in, or that of the deployments it rolls back). The ConfigMap of a
   * run is owner-referenced to the Deployments of its application when they are in that namespace,
   * so it is garbage-collected with them. Revisions are resourceVersions; writes are conditional
   * on them, so of two processes writing one run exactly one wins.
   *
   * @throws InvalidConfigurationException if {@code namespace} is not a DNS-1123 label
   */
  public RunStore runStore(String namespace) {
    return runStore(namespace, Clock.systemUTC());
  }

  /**
   * Returns a run store as {@link #runStore(String)} does, stamping the time a run finished and
   * judging its {@linkplain KubernetesAdapterConfig#runRetention() retention} by {@code clock}.
   * Finished runs are deleted once the retention has passed, by the store itself, within {@link
   * RunStore#unfinished()} and the save that finishes a run, at most once an hour. A document too
   * large for a ConfigMap even compressed is refused with {@link RunTooLargeException}.
   *
   * @throws InvalidConfigurationException if {@code namespace} is not a DNS-1123 label
   */
  public RunStore runStore(String namespace, Clock clock) {
    return factory.runStore(checkNamespace("runStore", namespace), Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Returns a deployment lock keeping one {@code coordination.k8s.io/v1} Lease per deployment in
   * {@code namespace}, judging expiry by the system UTC clock (see {@link #deploymentLock(String,
   * Clock)}).
   *
   * @throws InvalidConfigurationException if {@code namespace} is not a DNS-1123 label
   */
  public DeploymentLock deploymentLock(String namespace) {
    return deploymentLock(namespace, Clock.systemUTC());
  }

  /**
   * Returns a deployment lock keeping one Lease per deployment in {@code namespace}, stamping
   * renewals and judging expiry by {@code clock}, as client-go does: another holder's lease has
   * expired once its duration has passed on {@code clock} since this lock saw its record change,
   * so the replicas' clocks need not agree. A run store of these adapters stops writing a run
   * once this lock's lease on its deployment ran out unrenewed or was taken (fencing), so use one
   * {@code KubernetesAdapters} per engine.
   *
   * @throws InvalidConfigurationException if {@code namespace} is not a DNS-1123 label
   */
  public DeploymentLock deploymentLock(String namespace, Clock clock) {
    return factory.deploymentLock(checkNamespace("deploymentLock", namespace), Objects.requireNonNull(clock, "clock"));
  }

  private static String checkNamespace(String feature, String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    ConfigProblems problems = ConfigProblems.of("KubernetesAdapters." + feature);
    problems.check(!DNS_LABEL.matcher(namespace).matches(), "namespace '" + namespace + "' must be a DNS-1123 label");
    problems.throwIfAny();
    return namespace;
  }
}
