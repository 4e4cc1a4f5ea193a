package dev.rollback.core.detect;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.TimeWindow;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a detector may know and ask when it judges one deployment.
 *
 * <p>Implemented by the engine's monitor over a {@link dev.rollback.spi.MetricsSource}; tests may
 * implement it over fixed series.
 */
public interface DetectionContext {

  /** Returns the deployment being judged. */
  DeploymentRef deployment();

  /** Returns the id of the version that was deployed, or null if unknown. */
  @Nullable String versionId();

  /** Returns when the version was deployed: the boundary between baseline and post-deploy data. */
  Instant deployedAt();

  /** Returns the time of this judgement. */
  Instant now();

  /**
   * Returns the samples of {@code metric} of the deployment in {@code window}.
   *
   * @throws InterruptedException if interrupted while the source answers
   */
  MetricSeries fetch(String metric, TimeWindow window) throws InterruptedException;
}
