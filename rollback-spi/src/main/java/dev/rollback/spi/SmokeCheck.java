package dev.rollback.spi;

import java.time.Duration;

/**
 * The result of one smoke check.
 *
 * @param name what was checked, e.g. "GET /healthz"
 * @param passed whether the check passed
 * @param detail what was observed, e.g. "status 503, expected 200"
 * @param duration how long the check took (not negative)
 */
public record SmokeCheck(String name, boolean passed, String detail, Duration duration) {
  /** Validates the fields. */
  public SmokeCheck {
    Checks.notBlank(name, "SmokeCheck.name");
    Checks.present(detail, "SmokeCheck.detail");
    Checks.present(duration, "SmokeCheck.duration");
    if (duration.isNegative()) {
      throw new InvalidValueException("SmokeCheck.duration must not be negative but was " + duration);
    }
  }

  /** Returns a passed check. */
  public static SmokeCheck passed(String name, String detail, Duration duration) {
    return new SmokeCheck(name, true, detail, duration);
  }

  /** Returns a failed check. */
  public static SmokeCheck failed(String name, String detail, Duration duration) {
    return new SmokeCheck(name, false, detail, duration);
  }
}
