package dev.rollback.k8s;

import dev.rollback.k8s.internal.MonitorAdapterFactory;
import dev.rollback.spi.MonitorOwnership;
import dev.rollback.spi.MonitorStateStore;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.spi.helpers.Sleeper;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Kubernetes side of a {@code DeploymentMonitor} that survives restarts and shares the work
 * between replicas: a {@link MonitorStateStore} of ConfigMaps and a {@link MonitorOwnership} of
 * {@code coordination.k8s.io/v1} Leases, one per shard, over one {@link ApiClient}.
 *
 * <pre>{@code
 * KubernetesMonitorSharing sharing = KubernetesMonitorSharing.create(client, KubernetesAdapterConfig.ofDefaults());
 * DeploymentMonitor monitor = DeploymentMonitor.builder()
 *     .engine(engine).metrics(metrics).detector(detector)
 *     .stateStore(sharing.stateStore("rollback"))
 *     .ownership(sharing.ownership("rollback", "checkout-monitor", KubernetesMonitorSharing.DEFAULT_SHARDS))
 *     .replica(System.getenv("POD_NAME"))
 *     .build();
 * }</pre>
 *
 * <p>The permissions needed are in the Role {@code rollback-monitor} of {@link
 * KubernetesAdapters#RBAC_RESOURCE}, bound in the namespace given here. Retries, timeouts and
 * conflict retries follow the {@link KubernetesAdapterConfig}; API failures left after them are
 * thrown as {@link KubernetesAdapterException}. Thread-safe.
 */
public final class KubernetesMonitorSharing {
  /** The default number of shards: with 3 replicas 10 or 11 each, 32 Leases renewed per round in all. */
  public static final int DEFAULT_SHARDS = 32;
  /** The most shards: each is a Lease renewed every third of the lease duration. */
  public static final int MAX_SHARDS = 1024;

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final MonitorAdapterFactory factory;

  private KubernetesMonitorSharing(MonitorAdapterFactory factory) {
    this.factory = factory;
  }

  /** Returns the monitor's adapters over {@code client}, retrying as {@code config} says. */
  public static KubernetesMonitorSharing create(ApiClient client, KubernetesAdapterConfig config) {
    return new KubernetesMonitorSharing(new MonitorAdapterFactory(Objects.requireNonNull(client, "client"),
        Objects.requireNonNull(config, "config"), Sleeper.system()));
  }

  /**
   * Returns a state store keeping one ConfigMap per monitored deployment in {@code namespace}
   * (shared by every replica), named after the deployment, with the state as JSON in its data key
   * {@code state.json}. Writes are conditional on the resourceVersion. A state is a few hundred
   * bytes; one above the 1 MiB a ConfigMap may hold (only a version id that long) is refused with
   * {@link MonitorStateTooLargeException}, and one above 768 KiB logged at WARN.
   *
   * @throws InvalidConfigurationException if {@code namespace} is not a DNS-1123 label
   */
  public MonitorStateStore stateStore(String namespace) {
    ConfigProblems problems = ConfigProblems.of("KubernetesMonitorSharing.stateStore");
    checkLabel(problems, "namespace", namespace, 63);
    problems.throwIfAny();
    return factory.stateStore(namespace);
  }

  /**
   * Returns an ownership of {@code shards} Leases {@code rollback-monitor-<group>-shard-<n>} in
   * {@code namespace}, and a membership Lease per replica, judging expiry by the system UTC clock.
   *
   * @throws InvalidConfigurationException naming every bad argument
   */
  public MonitorOwnership ownership(String namespace, String group, int shards) {
    return ownership(namespace, group, shards, Clock.systemUTC());
  }

  /**
   * Returns an ownership as {@link #ownership(String, String, int)} does, stamping renewals and
   * judging expiry by {@code clock}, as client-go does: another replica's lease has expired once its
   * duration has passed on {@code clock} since this ownership saw it change, so the replicas' clocks
   * need not agree. Every replica of one monitor must use the same namespace, group and shard count.
   *
   * @param group names the monitor whose replicas share the shards: a DNS-1123 label of at most 40
   *     characters, so that the Lease names stay labels too
   * @param shards 1 to {@value #MAX_SHARDS}
   * @throws InvalidConfigurationException naming every bad argument
   */
  public MonitorOwnership ownership(String namespace, String group, int shards, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    ConfigProblems problems = ConfigProblems.of("KubernetesMonitorSharing.ownership");
    checkLabel(problems, "namespace", namespace, 63);
    checkLabel(problems, "group", group, 40);
    problems.between("shards", shards, 1, MAX_SHARDS);
    problems.throwIfAny();
    return factory.ownership(namespace, group, shards, clock);
  }

  private static void checkLabel(ConfigProblems problems, String field, String value, int max) {
    Objects.requireNonNull(value, field);
    problems.check(value.length() > max || !DNS_LABEL.matcher(value).matches(),
        field + " '" + value + "' must be a DNS-1123 label of at most " + max + " characters");
  }
}
