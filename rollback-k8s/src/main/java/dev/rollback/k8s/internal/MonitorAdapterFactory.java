package dev.rollback.k8s.internal;

import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.spi.MonitorOwnership;
import dev.rollback.spi.MonitorStateStore;
import dev.rollback.spi.helpers.Sleeper;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Clock;

/** Wires the deployment monitor's state store and shard ownership over one client; used by {@code KubernetesMonitorSharing}. */
public final class MonitorAdapterFactory {
  private final KubeApi api;
  private final DurabilityObjects objects;

  /** Creates the factory; every retry wait of its adapters goes through {@code sleeper}. */
  public MonitorAdapterFactory(ApiClient client, KubernetesAdapterConfig config, Sleeper sleeper) {
    this.api = new KubeApi(client, config, sleeper);
    this.objects = new DurabilityObjects(api);
  }

  /** Returns a state store of ConfigMaps in {@code namespace}. */
  public MonitorStateStore stateStore(String namespace) {
    return new ConfigMapMonitorStateStore(objects, namespace);
  }

  /** Returns an ownership of {@code shards} shard Leases of {@code group} in {@code namespace}, expiry judged by {@code clock}. */
  public MonitorOwnership ownership(String namespace, String group, int shards, Clock clock) {
    return new LeaseMonitorOwnership(objects, new LeaseList(api), namespace, group, shards, clock,
        api.config().conflictRetries());
  }
}
