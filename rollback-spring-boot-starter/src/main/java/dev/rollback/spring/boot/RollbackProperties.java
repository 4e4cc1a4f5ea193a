package dev.rollback.spring.boot;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings bound from {@code rollback.*}: the engine, the monitor and every adapter group.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
@ConfigurationProperties("rollback")
public final class RollbackProperties {
  /** Whether the engine and the monitor are auto-configured. */
  private boolean enabled = true;

  /** This engine's identity as a lease holder; default the host name and a random suffix. */
  private @Nullable String holderId;

  /** The run's deadlines and notification retries ({@code RollbackPolicy}). */
  @NestedConfigurationProperty
  private final PolicyProperties policy = new PolicyProperties();

  /** What the monitor watches and when it rolls back. */
  @NestedConfigurationProperty
  private final DetectionProperties detection = new DetectionProperties();

  /** The run store and the deployment lock. */
  @NestedConfigurationProperty
  private final DurabilityProperties durability = new DurabilityProperties();

  /** The Kubernetes adapters (rollback-k8s). */
  @NestedConfigurationProperty
  private final KubernetesProperties kubernetes = new KubernetesProperties();

  /** The Prometheus metrics source (rollback-prometheus). */
  @NestedConfigurationProperty
  private final PrometheusProperties prometheus = new PrometheusProperties();

  /** The Slack, PagerDuty and webhook notifiers (rollback-notify). */
  @NestedConfigurationProperty
  private final NotifyProperties notify = new NotifyProperties();

  /** The smoke tests (rollback-smoke-http). */
  @NestedConfigurationProperty
  private final SmokeProperties smoke = new SmokeProperties();

  /** The Micrometer binding (rollback-micrometer). */
  @NestedConfigurationProperty
  private final MicrometerProperties micrometer = new MicrometerProperties();

  /** The Actuator endpoint {@code rollback}. */
  @NestedConfigurationProperty
  private final EndpointProperties endpoint = new EndpointProperties();

  /** The health indicator {@code rollback}. */
  @NestedConfigurationProperty
  private final HealthProperties health = new HealthProperties();

  /** Returns whether the engine and the monitor are auto-configured. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets whether the engine and the monitor are auto-configured. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Returns this engine's identity as a lease holder; default the host name and a random suffix. */
  public @Nullable String getHolderId() {
    return holderId;
  }

  /** Sets this engine's identity as a lease holder; default the host name and a random suffix. */
  public void setHolderId(@Nullable String holderId) {
    this.holderId = holderId;
  }

  /** Returns the run's deadlines and notification retries ({@code RollbackPolicy}). */
  public PolicyProperties getPolicy() {
    return policy;
  }

  /** Returns what the monitor watches and when it rolls back. */
  public DetectionProperties getDetection() {
    return detection;
  }

  /** Returns the run store and the deployment lock. */
  public DurabilityProperties getDurability() {
    return durability;
  }

  /** Returns the Kubernetes adapters (rollback-k8s). */
  public KubernetesProperties getKubernetes() {
    return kubernetes;
  }

  /** Returns the Prometheus metrics source (rollback-prometheus). */
  public PrometheusProperties getPrometheus() {
    return prometheus;
  }

  /** Returns the Slack, PagerDuty and webhook notifiers (rollback-notify). */
  public NotifyProperties getNotify() {
    return notify;
  }

  /** Returns the smoke tests (rollback-smoke-http). */
  public SmokeProperties getSmoke() {
    return smoke;
  }

  /** Returns the Micrometer binding (rollback-micrometer). */
  public MicrometerProperties getMicrometer() {
    return micrometer;
  }

  /** Returns the Actuator endpoint {@code rollback}. */
  public EndpointProperties getEndpoint() {
    return endpoint;
  }

  /** Returns the health indicator {@code rollback}. */
  public HealthProperties getHealth() {
    return health;
  }
}
