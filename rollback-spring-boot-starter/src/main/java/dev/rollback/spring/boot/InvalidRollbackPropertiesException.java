package dev.rollback.spring.boot;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when {@code rollback.*} properties do not make valid settings. Each problem
 * names the property it is about and carries the library's own message; Spring Boot's failure
 * analysis prints them all.
 */
public final class InvalidRollbackPropertiesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * One invalid property.
   *
   * @param property the property, e.g. {@code rollback.prometheus.max-attempts}
   * @param problem what is wrong with it, in the library's words
   */
  public record Problem(String property, String problem) {
    /** Validates both are present. */
    public Problem {
      Objects.requireNonNull(property, "property");
      Objects.requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
      return property + ": " + problem;
    }
  }

  private final List<Problem> problems;

  /**
   * Creates the exception.
   *
   * @param problems every problem found, at least one
   * @param cause the library's exception, if there is one
   */
  public InvalidRollbackPropertiesException(List<Problem> problems, @Nullable Throwable cause) {
    super(message(problems), cause);
    this.problems = List.copyOf(problems);
  }

  private static String message(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    return "invalid rollback properties: "
        + problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
  }

  /** Returns every problem, in the order found. */
  public List<Problem> problems() {
    return problems;
  }

  /** Returns the properties named by the problems, in order, without repetitions. */
  public List<String> properties() {
    return problems.stream().map(Problem::property).distinct().toList();
  }
}
