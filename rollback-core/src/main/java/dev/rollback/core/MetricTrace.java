package dev.rollback.core;

import dev.rollback.spi.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The samples of one metric that a detector's judgement used, kept with the {@link Evidence} so
 * that the run's result, its stored document and its postmortem can show what the detector saw:
 * the baseline window before the release (when the detector has one) and the window from the
 * release to the judgement.
 *
 * <p>At most {@link #MAX_SAMPLES} samples are kept. {@link #of} thins a longer series by keeping
 * every {@code stride}-th sample counted back from the newest, {@code stride} the smallest whole
 * number that brings the count within the bound, so the newest sample (the one the verdict
 * turned on) is always kept and the shape of both windows survives. Immutable and thread-safe.
 *
 * @param baselineFrom where the baseline window opens, or null when the detector judges only the
 *     samples since the release (as {@link dev.rollback.core.detect.SloThresholdDetector} does)
 * @param releasedAt the release: where the baseline window closes and the post-release one opens
 * @param judgedAt when the judgement was made: where the post-release window closes
 * @param samples the samples the judgement used, in strictly increasing time order, at most
 *     {@link #MAX_SAMPLES}; NaN samples, which detectors drop, are not among them
 * @param stride 1 when every sample is kept, else the thinning stride described above
 * @param alarmLimit the limit in the metric's own units past which the detector fires, or null
 *     when its limit is not a value of the metric (a CUSUM's limit is a sum of standard deviations)
 */
public record MetricTrace(
    @Nullable Instant baselineFrom,
    Instant releasedAt,
    Instant judgedAt,
    List<Sample> samples,
    int stride,
    @Nullable Double alarmLimit) {

  /** The most samples a trace keeps: a day of one-minute samples fits once thinned by two. */
  public static final int MAX_SAMPLES = 1000;

  /**
   * Validates the fields, naming every broken rule at once, and copies the list.
   *
   * @throws IllegalArgumentException when a time is missing, the windows are out of order, the
   *     samples are more than {@link #MAX_SAMPLES}, not in strictly increasing time order or NaN,
   *     the stride is below 1, or the alarm limit is not finite
   */
  public MetricTrace {
    Objects.requireNonNull(releasedAt, "MetricTrace.releasedAt");
    Objects.requireNonNull(judgedAt, "MetricTrace.judgedAt");
    samples = List.copyOf(Objects.requireNonNull(samples, "MetricTrace.samples"));
    List<String> problems = new ArrayList<>();
    if (baselineFrom != null && baselineFrom.isAfter(releasedAt)) {
      problems.add("MetricTrace.baselineFrom (" + baselineFrom + ") must not be after releasedAt (" + releasedAt + ")");
    }
    if (samples.size() > MAX_SAMPLES) {
      problems.add("MetricTrace.samples must hold at most " + MAX_SAMPLES + " samples but held " + samples.size());
    }
    for (int i = 0; i < samples.size(); i++) {
      if (Double.isNaN(samples.get(i).value())) {
        problems.add("MetricTrace.samples[" + i + "] must not be NaN");
        break;
      }
      if (i > 0 && !samples.get(i).at().isAfter(samples.get(i - 1).at())) {
        problems.add("MetricTrace.samples must be in strictly increasing time order, but sample " + i + " at "
            + samples.get(i).at() + " does not follow " + samples.get(i - 1).at());
        break;
      }
    }
    if (stride < 1) {
      problems.add("MetricTrace.stride must be >= 1 but was " + stride);
    }
    if (alarmLimit != null && (alarmLimit.isNaN() || alarmLimit.isInfinite())) {
      problems.add("MetricTrace.alarmLimit must be a finite number but was " + alarmLimit);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /**
   * Returns the trace of a judgement over {@code baseline} and {@code current} (each in time
   * order, the baseline's samples before the current ones), thinned to at most {@link
   * #MAX_SAMPLES} as the type's documentation says.
   *
   * @param baselineFrom where the baseline window opens, or null when there is none
   * @param releasedAt the release
   * @param judgedAt the judgement
   * @param baseline the baseline samples used, empty when there is none
   * @param current the samples since the release used
   * @param alarmLimit the limit in the metric's units, or null
   */
  public static MetricTrace of(@Nullable Instant baselineFrom, Instant releasedAt, Instant judgedAt,
      List<Sample> baseline, List<Sample> current, @Nullable Double alarmLimit) {
    int n = baseline.size() + current.size();
    int stride = Math.max(1, (n + MAX_SAMPLES - 1) / MAX_SAMPLES);
    List<Sample> kept = new ArrayList<>(Math.min(n, MAX_SAMPLES));
    for (int i = n == 0 ? 0 : (n - 1) % stride; i < n; i += stride) {
      kept.add(i < baseline.size() ? baseline.get(i) : current.get(i - baseline.size()));
    }
    return new MetricTrace(baselineFrom, releasedAt, judgedAt, kept, stride, alarmLimit);
  }

  /** Returns the samples before the release: the baseline. */
  public List<Sample> baseline() {
    return samples.stream().filter(s -> s.at().isBefore(releasedAt)).toList();
  }

  /** Returns the samples at or after the release. */
  public List<Sample> sinceRelease() {
    return samples.stream().filter(s -> !s.at().isBefore(releasedAt)).toList();
  }
}
