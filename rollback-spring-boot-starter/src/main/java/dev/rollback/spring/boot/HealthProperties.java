package dev.rollback.spring.boot;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Settings of {@code rollback.health.*}: the health indicator {@code rollback}.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class HealthProperties {
  /**
   * How long the monitor may go without a judgement before the health is DOWN; unset, the lag is
   * only reported (a monitor that watches nothing judges nothing).
   */
  private @Nullable Duration maxLag;

  /** How long the run store and the lock may take to answer the health probe. */
  private Duration probeTimeout = Duration.ofSeconds(5);

  /** Returns how long the monitor may go without a judgement before the health is DOWN, or null. */
  public @Nullable Duration getMaxLag() {
    return maxLag;
  }

  /** Sets how long the monitor may go without a judgement before the health is DOWN. */
  public void setMaxLag(@Nullable Duration maxLag) {
    this.maxLag = maxLag;
  }

  /** Returns how long the run store and the lock may take to answer the health probe. */
  public Duration getProbeTimeout() {
    return probeTimeout;
  }

  /** Sets how long the run store and the lock may take to answer the health probe. */
  public void setProbeTimeout(Duration probeTimeout) {
    this.probeTimeout = probeTimeout;
  }
}
