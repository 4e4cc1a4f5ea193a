package dev.rollback.spring.boot;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Settings of {@code rollback.durability.*}: the run store and the deployment lock of rollback-k8s.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class DurabilityProperties {
  /** Whether runs are saved to a run store and single-flight through a deployment lock. */
  private boolean enabled = false;

  /** The namespace the run store and the lock keep their objects in. */
  private @Nullable String namespace;

  /** How long a lease lasts unrenewed. */
  private @Nullable Duration leaseDuration;

  /** How often unfinished runs of dead replicas are resumed; unset: never. */
  private @Nullable Duration resumeEvery;

  /** Returns whether runs are saved to a run store and single-flight through a deployment lock. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets whether runs are saved to a run store and single-flight through a deployment lock. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Returns the namespace the run store and the lock keep their objects in. */
  public @Nullable String getNamespace() {
    return namespace;
  }

  /** Sets the namespace the run store and the lock keep their objects in. */
  public void setNamespace(@Nullable String namespace) {
    this.namespace = namespace;
  }

  /** Returns how long a lease lasts unrenewed. */
  public @Nullable Duration getLeaseDuration() {
    return leaseDuration;
  }

  /** Sets how long a lease lasts unrenewed. */
  public void setLeaseDuration(@Nullable Duration leaseDuration) {
    this.leaseDuration = leaseDuration;
  }

  /** Returns how often unfinished runs of dead replicas are resumed; unset: never. */
  public @Nullable Duration getResumeEvery() {
    return resumeEvery;
  }

  /** Sets how often unfinished runs of dead replicas are resumed; unset: never. */
  public void setResumeEvery(@Nullable Duration resumeEvery) {
    this.resumeEvery = resumeEvery;
  }
}
