package dev.rollback.spi.helpers;

import java.util.List;

/**
 * Thrown when a configuration breaks one or more rules: a policy, an engine, an adapter's settings.
 * Lists every problem at once, each naming the setting, the rule and (unless it is a {@link Secret})
 * the bad value, e.g. {@code RollbackPolicy is invalid: stepDeadline must be positive but was
 * PT0S}. Built by {@link ConfigProblems}.
 */
public final class InvalidConfigurationException extends RollbackException {
  private static final long serialVersionUID = 1L;

  private final String configuration;
  private final List<String> problems;

  /**
   * Creates the exception.
   *
   * @param configuration what was being configured, e.g. {@code RollbackPolicy}
   * @param problems every broken rule, at least one, in the order found
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public InvalidConfigurationException(String configuration, List<String> problems) {
    super(configuration + " is invalid: " + String.join("; ", nonEmpty(problems)));
    this.configuration = configuration;
    this.problems = List.copyOf(problems);
  }

  private static List<String> nonEmpty(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("InvalidConfigurationException.problems must not be empty");
    }
    return problems;
  }

  /** Returns what was being configured, e.g. {@code RollbackPolicy}. */
  public String configuration() {
    return configuration;
  }

  /** Returns every problem found, in the order found. */
  public List<String> problems() {
    return problems;
  }
}
