package dev.rollback.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * A time range sampled at a fixed step, both ends inclusive.
 *
 * @param from the start
 * @param to the end, not before {@code from}
 * @param step the sampling interval, positive
 */
public record TimeWindow(Instant from, Instant to, Duration step) {
  /** Validates the ordering and the step. */
  public TimeWindow {
    Checks.present(from, "TimeWindow.from");
    Checks.present(to, "TimeWindow.to");
    Checks.present(step, "TimeWindow.step");
    if (to.isBefore(from)) {
      throw new InvalidValueException(
          "TimeWindow.to (" + to + ") must not be before TimeWindow.from (" + from + ")");
    }
    if (step.isZero() || step.isNegative()) {
      throw new InvalidValueException("TimeWindow.step must be positive but was " + step);
    }
  }

  /** Returns the window of length {@code length} ending at {@code end}. */
  public static TimeWindow ending(Instant end, Duration length, Duration step) {
    return new TimeWindow(end.minus(length), end, step);
  }
}
