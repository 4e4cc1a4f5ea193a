package dev.rollback.core;

import org.jspecify.annotations.Nullable;

/**
 * A directed edge of the workflow.
 *
 * @param from where it leaves
 * @param to where it arrives
 * @param label its label in the seed (e.g. {@code Yes}, {@code Manual needed}), or null if it has
 *     none
 * @param kind whether the seed draws it
 */
public record Edge(Node from, Node to, @Nullable String label, EdgeKind kind) {

  @Override
  public String toString() {
    return from.seedId() + " -> " + to.seedId() + (label == null ? "" : " [" + label + "]");
  }
}
