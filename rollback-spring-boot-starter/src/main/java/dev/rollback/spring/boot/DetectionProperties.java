package dev.rollback.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Settings of {@code rollback.detection.*}: the default detector's metrics and the monitor's decision policy; unset values keep the library's defaults.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class DetectionProperties {
  /** Error-ratio metrics (errors / requests) the default detector watches. */
  private final List<String> errorRatioMetrics = new ArrayList<>();

  /** Latency metrics the default detector watches. */
  private final List<String> latencyMetrics = new ArrayList<>();

  /** The metrics' sampling step. */
  private @Nullable Duration step;

  /** The calibration window before a deployment. */
  private @Nullable Duration baseline;

  /** How often the monitor judges each watched deployment. */
  private @Nullable Duration interval;

  /** How many samples a verdict needs before it counts. */
  private @Nullable Integer minimumSamples;

  /** What missing data means: WAIT, PAGE or ROLLBACK. */
  private @Nullable String noData;

  /** How long missing data is tolerated before the no-data action. */
  private @Nullable Duration noDataGrace;

  /** How long anomalies of a deployment whose run started recently are held. */
  private @Nullable Duration cooldown;

  /** How long a rollback target is not rolled back automatically. */
  private @Nullable Duration pingPongWindow;

  /** Returns error-ratio metrics (errors / requests) the default detector watches. */
  public List<String> getErrorRatioMetrics() {
    return errorRatioMetrics;
  }

  /** Returns latency metrics the default detector watches. */
  public List<String> getLatencyMetrics() {
    return latencyMetrics;
  }

  /** Returns the metrics' sampling step. */
  public @Nullable Duration getStep() {
    return step;
  }

  /** Sets the metrics' sampling step. */
  public void setStep(@Nullable Duration step) {
    this.step = step;
  }

  /** Returns the calibration window before a deployment. */
  public @Nullable Duration getBaseline() {
    return baseline;
  }

  /** Sets the calibration window before a deployment. */
  public void setBaseline(@Nullable Duration baseline) {
    this.baseline = baseline;
  }

  /** Returns how often the monitor judges each watched deployment. */
  public @Nullable Duration getInterval() {
    return interval;
  }

  /** Sets how often the monitor judges each watched deployment. */
  public void setInterval(@Nullable Duration interval) {
    this.interval = interval;
  }

  /** Returns how many samples a verdict needs before it counts. */
  public @Nullable Integer getMinimumSamples() {
    return minimumSamples;
  }

  /** Sets how many samples a verdict needs before it counts. */
  public void setMinimumSamples(@Nullable Integer minimumSamples) {
    this.minimumSamples = minimumSamples;
  }

  /** Returns what missing data means: WAIT, PAGE or ROLLBACK. */
  public @Nullable String getNoData() {
    return noData;
  }

  /** Sets what missing data means: WAIT, PAGE or ROLLBACK. */
  public void setNoData(@Nullable String noData) {
    this.noData = noData;
  }

  /** Returns how long missing data is tolerated before the no-data action. */
  public @Nullable Duration getNoDataGrace() {
    return noDataGrace;
  }

  /** Sets how long missing data is tolerated before the no-data action. */
  public void setNoDataGrace(@Nullable Duration noDataGrace) {
    this.noDataGrace = noDataGrace;
  }

  /** Returns how long anomalies of a deployment whose run started recently are held. */
  public @Nullable Duration getCooldown() {
    return cooldown;
  }

  /** Sets how long anomalies of a deployment whose run started recently are held. */
  public void setCooldown(@Nullable Duration cooldown) {
    this.cooldown = cooldown;
  }

  /** Returns how long a rollback target is not rolled back automatically. */
  public @Nullable Duration getPingPongWindow() {
    return pingPongWindow;
  }

  /** Sets how long a rollback target is not rolled back automatically. */
  public void setPingPongWindow(@Nullable Duration pingPongWindow) {
    this.pingPongWindow = pingPongWindow;
  }
}
