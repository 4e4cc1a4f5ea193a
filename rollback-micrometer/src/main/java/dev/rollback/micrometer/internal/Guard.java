package dev.rollback.micrometer.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a failing meter registry or observation handler from reaching the engine or the monitor,
 * and metrics and traces from failing each other: what one concern throws is logged (at WARN the
 * first time, at DEBUG after that, so that a registry that always throws does not flood the log)
 * and the other concern goes on. Thread-safe.
 */
final class Guard {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rollback.micrometer");

  private final String concern;
  private final AtomicBoolean warned = new AtomicBoolean();

  /** Creates a guard for {@code concern}, e.g. "metrics", as it appears in log lines. */
  Guard(String concern) {
    this.concern = concern;
  }

  /**
   * Runs {@code action}; a {@link RuntimeException} it throws is logged with {@code what} and
   * swallowed. Anything else reaches the caller, whose own boundary (the engine's and the
   * monitor's listener boundary) handles it.
   */
  void run(Object what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      if (warned.compareAndSet(false, true)) {
        LOG.warn("rollback {} failed on {}; the run goes on (further failures are logged at DEBUG)", concern,
            what, e);
      } else if (LOG.isDebugEnabled()) {
        LOG.debug("rollback {} failed on {}; the run goes on", concern, what, e);
      }
    }
  }
}
