package dev.rollback.spring.boot;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Settings of {@code rollback.policy.*}: the run's deadlines and notification retries; unset values keep {@code RollbackPolicy.ofDefaults()}.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class PolicyProperties {
  /** The deadline of a whole run. */
  private @Nullable Duration overallDeadline;

  /** The deadline of each step that has none of its own. */
  private @Nullable Duration stepDeadline;

  /** How often each notifier is tried before the next one. */
  private @Nullable Integer notifierAttempts;

  /** The deadline of one notification attempt. */
  private @Nullable Duration notificationTimeout;

  /** Returns the deadline of a whole run. */
  public @Nullable Duration getOverallDeadline() {
    return overallDeadline;
  }

  /** Sets the deadline of a whole run. */
  public void setOverallDeadline(@Nullable Duration overallDeadline) {
    this.overallDeadline = overallDeadline;
  }

  /** Returns the deadline of each step that has none of its own. */
  public @Nullable Duration getStepDeadline() {
    return stepDeadline;
  }

  /** Sets the deadline of each step that has none of its own. */
  public void setStepDeadline(@Nullable Duration stepDeadline) {
    this.stepDeadline = stepDeadline;
  }

  /** Returns how often each notifier is tried before the next one. */
  public @Nullable Integer getNotifierAttempts() {
    return notifierAttempts;
  }

  /** Sets how often each notifier is tried before the next one. */
  public void setNotifierAttempts(@Nullable Integer notifierAttempts) {
    this.notifierAttempts = notifierAttempts;
  }

  /** Returns the deadline of one notification attempt. */
  public @Nullable Duration getNotificationTimeout() {
    return notificationTimeout;
  }

  /** Sets the deadline of one notification attempt. */
  public void setNotificationTimeout(@Nullable Duration notificationTimeout) {
    this.notificationTimeout = notificationTimeout;
  }
}
