package dev.rollback.spring.boot.internal;

import dev.rollback.spring.boot.InvalidRollbackPropertiesException.Problem;
import dev.rollback.spring.boot.InvalidRollbackPropertiesException;
import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an {@link InvalidRollbackPropertiesException}: one line per property and its problem. */
public final class InvalidRollbackPropertiesFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidRollbackPropertiesException> {

  /** Creates the analyzer; Spring Boot finds it through {@code META-INF/spring.factories}. */
  public InvalidRollbackPropertiesFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidRollbackPropertiesException cause) {
    String lines = cause.problems().stream()
        .map(Problem::toString)
        .collect(Collectors.joining(System.lineSeparator() + "    ", "    ", ""));
    return new FailureAnalysis(
        "Invalid rollback properties:" + System.lineSeparator() + lines,
        "Correct the properties named above (rollback-spring-boot-starter), or define the bean they configure yourself.",
        cause);
  }
}
