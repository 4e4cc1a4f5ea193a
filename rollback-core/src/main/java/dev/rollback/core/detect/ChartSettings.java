package dev.rollback.core.detect;

import dev.rollback.spi.helpers.ConfigProblems;
import java.time.Duration;

/** The settings every sequential chart of this package checks alike. */
final class ChartSettings {
  private ChartSettings() {}

  /**
   * Checks the settings {@link CusumDetector} and {@link PoissonCusumDetector} share, after the
   * caller's own, adding a problem naming the field and the rule for each bad one.
   */
  static void check(ConfigProblems problems, double minimumRelativeChange, Duration baseline, Duration step,
      int minimumBaselineSamples, int minimumSamples, double falseAlarmProbability) {
    problems.finiteAtLeast("minimumRelativeChange", minimumRelativeChange, 0);
    problems.positive("baseline", baseline);
    problems.positive("step", step);
    problems.atLeast("minimumBaselineSamples", minimumBaselineSamples, 2);
    problems.atLeast("minimumSamples", minimumSamples, 1);
    problems.check(!(falseAlarmProbability > 0 && falseAlarmProbability < 1),
        "falseAlarmProbability must be > 0 and < 1 but was " + falseAlarmProbability);
  }
}
