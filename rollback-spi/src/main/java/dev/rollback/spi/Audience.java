package dev.rollback.spi;

/** Who a notification is for. */
public enum Audience {
  /** The on-call engineer: the rollback alert and the terminal notification of every run. */
  ON_CALL,
  /** The team lead: escalations when verification of a rolled-back version fails. */
  TEAM_LEAD
}
