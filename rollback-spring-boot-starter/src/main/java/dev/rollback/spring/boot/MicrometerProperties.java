package dev.rollback.spring.boot;


/**
 * Settings of {@code rollback.micrometer.*}.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class MicrometerProperties {
  /** Whether runs and judgements are reported to Micrometer when a MeterRegistry is present. */
  private boolean enabled = true;

  /** Returns whether runs and judgements are reported to Micrometer when a MeterRegistry is present. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets whether runs and judgements are reported to Micrometer when a MeterRegistry is present. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
