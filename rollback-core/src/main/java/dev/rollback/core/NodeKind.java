package dev.rollback.core;

/** The shape of a node in the seed workflow. */
public enum NodeKind {
  /** A circle: {@code Start} or {@code End}. */
  TERMINAL,
  /** A rectangle: a step that does something. */
  STEP,
  /** A diamond: a yes/no question answered by the engine. */
  DECISION
}
