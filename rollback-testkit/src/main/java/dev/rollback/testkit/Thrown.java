package dev.rollback.testkit;

import java.io.IOException;

/**
 * What a faulty callback throws: the unchecked exception the engine expects, and the throwables
 * it must survive as well: errors, and a checked exception thrown where the signature declares
 * none.
 */
public enum Thrown {
  /** An {@link IllegalStateException}. */
  RUNTIME_EXCEPTION,
  /** An {@link AssertionError}, as a failed {@code assert} in user code throws. */
  ASSERTION_ERROR,
  /** A {@link NoClassDefFoundError}, as a callback missing a class at run time throws. */
  NO_CLASS_DEF_FOUND_ERROR,
  /** A {@link StackOverflowError}, a {@link VirtualMachineError}. */
  STACK_OVERFLOW_ERROR,
  /** An {@link IOException} thrown sneakily from a method that declares no checked exception. */
  SNEAKY_IO_EXCEPTION;

  /** Returns a new throwable of this kind whose message names {@code where}. */
  public Throwable create(String where) {
    String message = "scripted " + name() + " in " + where;
    return switch (this) {
      case RUNTIME_EXCEPTION -> new IllegalStateException(message);
      case ASSERTION_ERROR -> new AssertionError(message);
      case NO_CLASS_DEF_FOUND_ERROR -> new NoClassDefFoundError(message);
      case STACK_OVERFLOW_ERROR -> new StackOverflowError(message);
      case SNEAKY_IO_EXCEPTION -> new IOException(message);
    };
  }

  /**
   * Throws a new throwable of this kind, checked or not, whatever the caller's signature declares.
   * Declared to return so that a caller can write {@code return thrown.raise(where)}.
   */
  public <T> T raise(String where) {
    throw Thrown.<RuntimeException>sneaky(create(where));
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
