package dev.rollback.k8s.internal;

import dev.rollback.k8s.JobSmokeTestConfig;
import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.k8s.RolloutShape;
import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.VersionRegistry;
import io.kubernetes.client.openapi.ApiClient;

/** Wires the adapters of one shape over one client; used by {@code KubernetesAdapters}. */
public final class AdapterFactory {
  private final ClusterObjects objects;
  private final Rollout rollout;

  /** Creates the factory; the client is shared by every adapter it makes. */
  public AdapterFactory(ApiClient client, KubernetesAdapterConfig config) {
    this.objects = new ClusterObjects(new KubeApi(client, config));
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
}
