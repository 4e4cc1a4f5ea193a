package dev.rollback.core;

/** Where an edge of the {@link WorkflowGraph} comes from. */
public enum EdgeKind {
  /** Drawn in the seed workflow. */
  SEED,
  /**
   * Not drawn in the seed: taken only when the step it leaves failed and the step sits after its
   * lane's decision, so the seed offers no "No" edge to reach the lane's failure node. See {@link
   * WorkflowGraph}.
   */
  FAULT
}
