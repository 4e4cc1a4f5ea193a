package dev.rollback.core.detect;

/** Which change of a metric is a regression (Kayenta's metric direction). */
public enum Direction {
  /** Higher is worse: error ratios, latencies. */
  INCREASE,
  /** Lower is worse: success rates, throughput. */
  DECREASE,
  /** Any change is suspicious. */
  EITHER;

  boolean watchesIncrease() {
    return this != DECREASE;
  }

  boolean watchesDecrease() {
    return this != INCREASE;
  }
}
