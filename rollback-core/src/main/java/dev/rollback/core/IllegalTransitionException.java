package dev.rollback.core;

import dev.rollback.spi.helpers.RollbackException;
/** Thrown when something asks the workflow for a transition that the graph does not have. */
public final class IllegalTransitionException extends RollbackException {
  private static final long serialVersionUID = 1L;

  private final Node node;

  /** Creates the exception for a transition out of {@code node}. */
  public IllegalTransitionException(Node node, String why) {
    super("illegal transition from " + node.seedId() + " '" + node.label() + "': " + why);
    this.node = node;
  }

  /** Returns the node the transition would leave. */
  public Node node() {
    return node;
  }
}
