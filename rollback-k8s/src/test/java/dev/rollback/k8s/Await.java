package dev.rollback.k8s;

import java.time.Duration;

/** Polls a condition until it holds or a deadline passes. */
final class Await {
  interface Condition {
    boolean holds() throws Exception;
  }

  private Await() {}

  static void until(String what, Duration timeout, Condition condition) throws Exception {
    until(what, timeout, condition, () -> "");
  }

  /** As {@link #until(String, Duration, Condition)}, adding {@code state} to the failure's message. */
  static void until(String what, Duration timeout, Condition condition, java.util.function.Supplier<String> state)
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
