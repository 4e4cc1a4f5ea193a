package dev.rollback.notify;

import java.util.List;

/**
 * Thrown when a configuration breaks one or more rules. The message lists every broken rule, each
 * naming the field (e.g. {@code DeliveryPolicy.maxAttempts must be between 1 and 10 but was 0}),
 * and never shows a {@link Secret}.
 */
public final class InvalidConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** Creates the exception for {@code problems}, at least one. */
  public InvalidConfigException(List<String> problems) {
    super(problems.size() == 1 ? problems.get(0) : String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Returns every broken rule, one sentence each. */
  public List<String> problems() {
    return problems;
  }
}
