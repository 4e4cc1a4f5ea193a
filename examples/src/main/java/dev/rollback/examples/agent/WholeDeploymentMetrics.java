package dev.rollback.examples.agent;

import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.TimeWindow;

/**
 * Asks the metrics source for the whole deployment where the monitor asks for the released
 * version.
 *
 * <p>The monitor judges a release against the baseline before it, in one query naming the
 * release's version; but a version has no series before its release (its pods did not exist), so
 * every judgement would answer "no data". The whole deployment's series is the right one for a
 * release the {@code ReleaseWatcher} announced: before the release it is the previous version's,
 * and once the release has rolled out (in place every pod runs it; blue/green the Service sends
 * it all the traffic) it is the release's. Thread-safe if the source is.
 */
final class WholeDeploymentMetrics implements MetricsSource {
  private final MetricsSource source;

  WholeDeploymentMetrics(MetricsSource source) {
    this.source = source;
  }

  @Override
  public MetricSeries fetch(MetricQuery query, TimeWindow window) throws InterruptedException {
    return source.fetch(new MetricQuery(query.metric(), query.deployment(), null), window);
  }

  @Override
  public String toString() {
    return "whole-deployment " + source;
  }
}
