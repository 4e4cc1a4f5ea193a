package dev.rollback.notify;

import java.util.Locale;

/** The four severities of a PagerDuty Events API v2 {@code payload.severity}. */
public enum PagerDutySeverity {
  /** {@code critical}. */
  CRITICAL,
  /** {@code error}. */
  ERROR,
  /** {@code warning}. */
  WARNING,
  /** {@code info}. */
  INFO;

  /** Returns the value PagerDuty expects, e.g. {@code critical}. */
  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
