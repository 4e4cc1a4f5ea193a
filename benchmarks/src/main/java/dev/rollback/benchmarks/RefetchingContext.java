package dev.rollback.benchmarks;

import dev.rollback.core.detect.DetectionContext;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.TimeWindow;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A judgement's context with another way to fetch: the deployment, version and times are those of
 * the wrapped context, the samples what {@link Fetch} answers (the benchmarks' experiments that
 * change what a delegate detector sees: {@link PrewhitenedLatency}, {@link DayBeforeBaseline}).
 */
final class RefetchingContext implements DetectionContext {
  /** How the wrapping context answers a fetch. */
  @FunctionalInterface
  interface Fetch {
    /** Returns the series of {@code metric} over {@code window}, as {@link DetectionContext#fetch} does. */
    MetricSeries fetch(String metric, TimeWindow window) throws InterruptedException;
  }

  private final DetectionContext context;
  private final Fetch fetch;

  RefetchingContext(DetectionContext context, Fetch fetch) {
    this.context = context;
    this.fetch = fetch;
  }

  @Override
  public DeploymentRef deployment() {
    return context.deployment();
  }

  @Override
  public @Nullable String versionId() {
    return context.versionId();
  }

  @Override
  public Instant deployedAt() {
    return context.deployedAt();
  }

  @Override
  public Instant now() {
    return context.now();
  }

  @Override
  public MetricSeries fetch(String metric, TimeWindow window) throws InterruptedException {
    return fetch.fetch(metric, window);
  }
}
