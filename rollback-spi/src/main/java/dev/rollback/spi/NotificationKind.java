package dev.rollback.spi;

/** Which node of the workflow sends a notification. */
public enum NotificationKind {
  /** <i>Trigger rollback alert</i>: a rollback is starting, and why. */
  ROLLBACK_ALERT,
  /** <i>Escalate to team lead</i>: the rolled-back version failed verification. */
  ESCALATION,
  /** <i>Notify on-call engineer</i>: the one terminal notification of every run. */
  RUN_FINISHED
}
