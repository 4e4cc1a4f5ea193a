package dev.rollback.spring.boot;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of {@code rollback.endpoint.*}: the Actuator endpoint {@code rollback}.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class EndpointProperties {
  /** How many finished runs the endpoint keeps and lists. */
  private int recentRuns = 20;

  /** The write operation that starts a manual rollback. */
  @NestedConfigurationProperty
  private final ManualRollbackProperties manualRollback = new ManualRollbackProperties();

  /** Returns how many finished runs the endpoint keeps and lists. */
  public int getRecentRuns() {
    return recentRuns;
  }

  /** Sets how many finished runs the endpoint keeps and lists. */
  public void setRecentRuns(int recentRuns) {
    this.recentRuns = recentRuns;
  }

  /** Returns the write operation that starts a manual rollback. */
  public ManualRollbackProperties getManualRollback() {
    return manualRollback;
  }
}
