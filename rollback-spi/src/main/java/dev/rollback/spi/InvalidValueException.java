package dev.rollback.spi;

import dev.rollback.spi.helpers.RollbackException;
/**
 * Thrown by the constructors of the SPI value types when a field breaks its rule. The message names
 * the field and the rule, e.g. {@code ReadinessSnapshot.ready must be >= 0 but was -1}.
 *
 * <p>The engine treats this exception, thrown out of an adapter call, as a malformed answer.
 */
public final class InvalidValueException extends RollbackException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with {@code message}, which names the field and the rule. */
  public InvalidValueException(String message) {
    super(message);
  }
}
