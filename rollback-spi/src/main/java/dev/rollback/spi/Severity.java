package dev.rollback.spi;

/** How urgent a notification is, in rising order. */
public enum Severity {
  /** For the record; nobody needs to act. */
  INFO,
  /** Someone should look soon. */
  WARNING,
  /** Someone must act now. */
  CRITICAL
}
