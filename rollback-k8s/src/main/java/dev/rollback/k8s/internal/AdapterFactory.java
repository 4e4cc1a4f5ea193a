package dev.rollback.k8s.internal;

import dev.rollback.k8s.JobSmokeTestConfig;
import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.k8s.RolloutShape;
import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.VersionRegistry;
import dev.rollback.spi.helpers.Sleeper;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Clock;

/** Wires the adapters of one shape over one client; used by {@code KubernetesAdapters}. */
public final class AdapterFactory {
  private final ClusterObjects objects;
  private final Rollout rollout;
  private final DurabilityObjects durability;
  private final LeaseFence fence = new LeaseFence();

  /**
   * Creates the factory; the client is shared by every adapter it makes, and every wait of theirs
   * (retries, polls, the survival window, the scale-down delay) goes through {@code sleeper}.
   */
  public AdapterFactory(ApiClient client, KubernetesAdapterConfig config, Sleeper sleeper) {
    KubeApi api = new KubeApi(client, config, sleeper);
    this.objects = new ClusterObjects(api);
    this.durability = new DurabilityObjects(api);
    this.rollout = config.shape() == RolloutShape.BLUE_GREEN
        ? new BlueGreenRollout(objects)
        : new InPlaceRollout(objects);
  }

  /** Returns a new cluster driver. */
  public ClusterDriver clusterDriver() {
    return new KubernetesClusterDriver(objects, rollout);
  }

  /** Returns a new version registry. */
  public VersionRegistry versionRegistry() {
    return new KubernetesVersionRegistry(rollout);
  }

  /** Returns a new Event notifier. */
  public Notifier eventNotifier() {
    return new KubernetesEventNotifier(objects, rollout);
  }

  /** Returns a new Job smoke tester. */
  public SmokeTester jobSmokeTester(JobSmokeTestConfig config) {
    return new JobSmokeTester(objects, config);
  }

  /**
   * Returns a run store keeping runs as ConfigMaps in {@code namespace}, timing retention by {@code
   * clock}; it stops writing a run whose lease a lock of this factory has lost.
   */
  public RunStore runStore(String namespace, Clock clock) {
    return new ConfigMapRunStore(durability, objects, namespace, clock, fence);
  }

  /** Returns a deployment lock on Leases in {@code namespace}, judging expiry by {@code clock}. */
  public DeploymentLock deploymentLock(String namespace, Clock clock) {
    return new LeaseDeploymentLock(durability, namespace, clock, objects.api().config().conflictRetries(), fence);
  }
}
