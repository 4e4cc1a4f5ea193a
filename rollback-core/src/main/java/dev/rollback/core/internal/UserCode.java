package dev.rollback.core.internal;

import dev.rollback.core.FailureKind;
import dev.rollback.spi.helpers.Causes;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * The one boundary around every call the engine and the monitor make into code they do not own:
 * adapters, listeners, notifiers' and publishers' names, id functions, detectors. Whatever that
 * code throws, an {@link Error} or a checked exception thrown sneakily included, comes back as a
 * value that the caller records, so that a run always goes on to its terminal notification. A
 * {@link VirtualMachineError} is treated the same way: the JVM may not survive it, but the run
 * tries to notify and to record it before anything else.
 *
 * <p>{@link AdapterInvoker} runs adapter calls off the scheduler and describes their failures with
 * {@link #failed}; the other methods run short callbacks inline, on the caller's thread.
 */
public final class UserCode {
  private UserCode() {}

  /** A callback that returns nothing and may throw anything. */
  @FunctionalInterface
  public interface Action {
    /** Runs the callback. */
    void run() throws Exception;
  }

  /**
   * Calls {@code code} inline and returns its answer, or how it failed; a null answer is {@link
   * FailureKind#MALFORMED}.
   *
   * @param what what is called, for messages (e.g. "Notifier.name")
   */
  public static <T> CallOutcome<T> call(String what, Callable<T> code) {
    T value;
    try {
      value = code.call();
    } catch (Throwable thrown) {
      return failed(what, thrown);
    }
    if (value == null) {
      return new CallOutcome.Failed<>(FailureKind.MALFORMED, what + " answered null", null);
    }
    return new CallOutcome.Answered<>(value);
  }

  /** Runs {@code code} inline and returns what it threw, or null when it returned. */
  public static @Nullable Throwable run(Action code) {
    try {
      code.run();
      return null;
    } catch (Throwable thrown) {
      return Causes.unwrap(thrown);
    }
  }

  /**
   * Returns {@code code}'s answer, or {@code fallback} when it threw or answered null; a fallback
   * is logged at WARN with what went wrong, so that it is never silent.
   */
  public static <T> T orElse(String what, Callable<T> code, T fallback) {
    CallOutcome<T> outcome = call(what, code);
    if (outcome instanceof CallOutcome.Answered<T> answered) {
      return answered.value();
    }
    EngineRuntime.log().warn("{}; using {} instead", ((CallOutcome.Failed<T>) outcome).message(), fallback);
    return fallback;
  }

  /** Returns the failure of a call of {@code what} that threw {@code thrown}, classified. */
  public static <T> CallOutcome.Failed<T> failed(String what, Throwable thrown) {
    Throwable cause = Causes.unwrap(thrown);
    FailureKind kind = Failures.classify(cause);
    String verb =
        switch (kind) {
          case INTERRUPTED -> " was interrupted";
          case MALFORMED -> " answered malformed data";
          default -> " threw";
        };
    return new CallOutcome.Failed<>(kind, what + verb + ": " + Causes.describe(cause), cause);
  }
}
