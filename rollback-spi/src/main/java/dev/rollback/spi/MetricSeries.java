package dev.rollback.spi;

import java.util.List;

/**
 * The samples of one metric over a window, as answered by {@link MetricsSource#fetch}.
 *
 * @param metric the metric's name as asked in the {@link MetricQuery}
 * @param samples samples in strictly increasing time order; empty when the source has no data
 */
public record MetricSeries(String metric, List<Sample> samples) {
  /** Validates the name and the ordering of the samples and copies the list. */
  public MetricSeries {
    Checks.notBlank(metric, "MetricSeries.metric");
    samples = Checks.list(samples, "MetricSeries.samples");
    for (int i = 1; i < samples.size(); i++) {
      if (!samples.get(i).at().isAfter(samples.get(i - 1).at())) {
        throw new InvalidValueException(
            "MetricSeries.samples must be in strictly increasing time order, but sample "
                + i
                + " at "
                + samples.get(i).at()
                + " does not follow "
                + samples.get(i - 1).at());
      }
    }
  }

  /** Returns the values in order, NaN included. */
  public double[] values() {
    return samples.stream().mapToDouble(Sample::value).toArray();
  }
}
