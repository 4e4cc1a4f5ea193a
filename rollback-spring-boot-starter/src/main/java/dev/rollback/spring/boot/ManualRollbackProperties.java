package dev.rollback.spring.boot;


/**
 * Settings of {@code rollback.endpoint.manual-rollback.*}.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class ManualRollbackProperties {
  /** Whether the endpoint's write operation may start a manual rollback. */
  private boolean enabled = false;

  /** Returns whether the endpoint's write operation may start a manual rollback. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets whether the endpoint's write operation may start a manual rollback. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
