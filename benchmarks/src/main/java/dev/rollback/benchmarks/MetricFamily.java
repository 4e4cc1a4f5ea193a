package dev.rollback.benchmarks;

/**
 * A family of synthetic series that behave like a production metric in one way clean synthetic
 * series do not; {@link ProductionSeries} generates them. Each family is run without a change at the
 * release and with each {@link Regression}.
 */
public enum MetricFamily {
  /** Independent noise around a constant: the series of {@link SyntheticSeries}, for comparison. */
  CLEAN("clean (independent noise)"),
  /** AR(1) noise, lag-one correlation 0.5. */
  AR_05("AR(1), correlation 0.5"),
  /** AR(1) noise, lag-one correlation 0.8. */
  AR_08("AR(1), correlation 0.8"),
  /** AR(1) noise, lag-one correlation 0.95. */
  AR_095("AR(1), correlation 0.95"),
  /** A daily cycle of 20-40% amplitude, the release on its rising slope. */
  DAILY_RISING("daily cycle, rising slope"),
  /** A daily cycle of 20-40% amplitude, the release on its falling slope. */
  DAILY_FALLING("daily cycle, falling slope"),
  /** A weekly cycle of 20-40% amplitude, the release on its rising slope. */
  WEEKLY_RISING("weekly cycle, rising slope"),
  /** A weekly cycle of 20-40% amplitude, the release on its falling slope. */
  WEEKLY_FALLING("weekly cycle, falling slope"),
  /** Student-t noise with 3 degrees of freedom. */
  HEAVY_TAILS("heavy tails (Student-t, 3 df)"),
  /** Spikes of 5-10x lasting 1-3 samples, about one a 100 samples per metric. */
  BURSTS("bursts (5-10x, 1-3 samples)"),
  /** A level shift of both metrics at a random time of the 4 h, unrelated to the release. */
  LEVEL_SHIFT("level shift at a random time"),
  /** A slow upward drift of both metrics, unrelated to the release. */
  DRIFT("slow drift (+20-50% over 4 h)"),
  /** Runs of 2-10 missing samples, about 17% of the samples. */
  MISSING_RUNS("missing samples in runs"),
  /** Error counts from counters that reset when a pod restarts, as all do at the release. */
  COUNTER_RESETS("counter resets in error counts"),
  /** A few requests a minute: the error ratio is mostly 0. */
  LOW_TRAFFIC("low traffic (3 requests/min)");

  private final String title;

  MetricFamily(String title) {
    this.title = title;
  }

  /** Returns how the tables name the family. */
  public String title() {
    return title;
  }
}
