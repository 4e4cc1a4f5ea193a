package dev.rollback.core;

import java.util.List;

/**
 * Thrown when a policy or engine configuration is impossible. Lists every problem at once, each
 * naming the setting, the bad value and the rule.
 */
public final class InvalidConfigurationException extends RollbackException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** Creates the exception for {@code what} (e.g. "RollbackPolicy") with its problems. */
  public InvalidConfigurationException(String what, List<String> problems) {
    super(what + " is invalid: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Returns every problem found, in the order found. */
  public List<String> problems() {
    return problems;
  }
}
