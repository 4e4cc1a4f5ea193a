package dev.rollback.k8s;

import java.time.Duration;

/**
 * Polls a condition until it holds or a deadline passes. Public for the modules whose tests run on
 * this module's control plane (examples, benchmarks).
 */
public final class Await {
  /** A condition to poll; it may call the cluster. */
  public interface Condition {
    boolean holds() throws Exception;
  }

  private Await() {}

  /** Polls {@code condition} every 10 ms until it holds; fails naming {@code what} once {@code timeout} has passed. */
  public static void until(String what, Duration timeout, Condition condition) throws Exception {
    until(what, timeout, condition, () -> "");
  }

  /** As {@link #until(String, Duration, Condition)}, adding {@code state} to the failure's message. */
  public static void until(String what, Duration timeout, Condition condition, java.util.function.Supplier<String> state)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        String now = state.get();
        throw new AssertionError("timed out after " + timeout + " waiting until " + what + (now.isEmpty() ? "" : "; " + now));
      }
      Thread.sleep(10);
    }
  }
}
