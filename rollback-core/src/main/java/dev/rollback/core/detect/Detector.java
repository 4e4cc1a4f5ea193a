package dev.rollback.core.detect;

/**
 * Judges a deployment's metrics: <i>Detect anomaly in metrics</i>.
 *
 * <p>Implementations are immutable and thread-safe: one instance judges many deployments, each
 * judgement independently, from the data it fetches through the context. A detector that throws is
 * logged by the monitor and judged again at the next interval; it never starts a run.
 */
public interface Detector {

  /** Returns a short name for findings and logs, e.g. "slo-threshold". */
  String name();

  /**
   * Judges the deployment in {@code context} at {@code context.now()}.
   *
   * @throws InterruptedException if interrupted while fetching metrics
   */
  Verdict judge(DetectionContext context) throws InterruptedException;
}
