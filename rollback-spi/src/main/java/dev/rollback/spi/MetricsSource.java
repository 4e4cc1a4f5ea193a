package dev.rollback.spi;

/**
 * Supplies metric samples to the detectors of <i>Detect anomaly in metrics</i>.
 *
 * <p>Thread-safe; called concurrently for many deployments. Read-only, so naturally idempotent.
 */
@FunctionalInterface
public interface MetricsSource {

  /**
   * Returns the samples of {@code query} within {@code window}, one per {@code window.step()} at
   * most.
   *
   * <p>Expected outcomes are values: no data is an empty series; a point the store could not
   * compute is a sample with value {@link Double#NaN}. Unexpected failures (store unreachable,
   * query rejected, unknown metric name) are thrown as unchecked exceptions naming the metric.
   *
   * @param query which metric of which deployment
   * @param window the range and the step
   * @return the series, with {@link MetricSeries#metric()} equal to {@code query.metric()}
   * @throws InterruptedException if interrupted while waiting for the store
   */
  MetricSeries fetch(MetricQuery query, TimeWindow window) throws InterruptedException;
}
