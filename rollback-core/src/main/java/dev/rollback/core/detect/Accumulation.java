package dev.rollback.core.detect;

/**
 * How a sequential chart accumulates the evidence of the samples since the deployment.
 *
 * <p>{@link #RESTARTING} is Page's CUSUM: the sum restarts at 0 whenever it would fall below it, so
 * a change that begins at any time is found as fast as one at the deployment, and the chart's
 * false-alarm rate is stated per sample (its in-control average run length). {@link
 * #SINCE_DEPLOYMENT} is one sum of log-likelihood ratios from the first sample after the
 * deployment, never restarted (a one-sided sequential probability ratio test): the false-alarm rate
 * is stated per release, as a probability over the whole watch, and a short excursion late in the
 * watch, such as a burst of a few samples, has the evidence of every earlier sample against it. A
 * regression that begins long after the deployment is found later than by a restarting chart.
 * {@link #ANY_START} keeps the per-release probability and lets the change begin at any sample
 * after the deployment, charging {@code ln((j + 1) (j + 2))} of evidence for a start after {@code
 * j} samples: a step five samples in pays {@code ln 42} = 3.7 instead of the five samples' evidence
 * against it, a burst an hour in {@code ln 3782} = 8.2.
 */
public enum Accumulation {
  /** Page's CUSUM, restarted at 0: an average run length per sample. */
  RESTARTING,
  /** One sum from the deployment on: a false-alarm probability per release, by Ville's inequality. */
  SINCE_DEPLOYMENT,
  /**
   * A sum since the deployment for a change that may begin at any sample after it, whose start is
   * paid for in evidence ({@link dev.rollback.core.detect.internal.Cusum#anyStart}): a false-alarm
   * probability per release, by Ville's inequality, as {@link #SINCE_DEPLOYMENT}.
   */
  ANY_START
}
