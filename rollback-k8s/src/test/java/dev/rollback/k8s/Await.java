package dev.rollback.k8s;

import java.time.Duration;

/** Polls a condition until it holds or a deadline passes. */
final class Await {
  interface Condition {
    boolean holds() throws Exception;
  }

  private Await() {}

  static void until(String what, Duration timeout, Condition condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      Thread.sleep(10);
    }
  }
}
