package dev.rollback.smoke.http;

import dev.rollback.smoke.http.internal.HttpSmokeTester;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.helpers.Sleeper;

/** Creates the smoke testers of this module. */
public final class SmokeTesters {
  private SmokeTesters() {}

  /**
   * Returns a smoke tester that runs {@code config}'s HTTP checks in order against the restored
   * version and reports one {@link dev.rollback.spi.SmokeCheck} per check, saying what it got and
   * how long it took. It is thread-safe and blocking; an unreachable service is a failed check,
   * not a throw. Redirects are not followed, so a check may expect a {@code 3xx}.
   */
  public static SmokeTester http(HttpSmokeConfig config) {
    return http(config, Sleeper.system());
  }

  /** The test seam: {@link #http(HttpSmokeConfig)} waiting between a check's attempts with {@code sleeper}. */
  static SmokeTester http(HttpSmokeConfig config, Sleeper sleeper) {
    return new HttpSmokeTester(config, sleeper);
  }
}
