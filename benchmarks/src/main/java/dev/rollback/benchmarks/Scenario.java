package dev.rollback.benchmarks;

import java.util.List;

/**
 * One synthetic situation after a deployment at sample 0.
 *
 * @param name how the table names it
 * @param errorFactor the error probability after the deployment, relative to before (1 = none)
 * @param errorDrift whether the error factor is reached gradually, linearly over the horizon
 * @param latencyFactor the p99 latency after the deployment, relative to before
 * @param dailyCycle whether both metrics follow a daily cycle
 * @param missing the fraction of samples missing
 */
public record Scenario(
    String name, double errorFactor, boolean errorDrift, double latencyFactor, boolean dailyCycle, double missing) {

  /** Returns whether the release changed nothing: alarms on it are false alarms. */
  public boolean noChange() {
    return errorFactor == 1 && latencyFactor == 1;
  }

  /** Returns whether it is a step of the error ratio to twice its baseline or more. */
  public boolean stepOfTwiceOrMore() {
    return !errorDrift && errorFactor >= 2;
  }

  /** The scenarios of issue 5, in table order. */
  public static List<Scenario> all() {
    return List.of(
        new Scenario("error ratio 0.5% -> 1% (2x)", 2, false, 1, false, 0),
        new Scenario("error ratio 0.5% -> 2% (4x)", 4, false, 1, false, 0),
        new Scenario("error ratio 0.5% -> 5% (10x)", 10, false, 1, false, 0),
        new Scenario("p99 latency +20%", 1, false, 1.2, false, 0),
        new Scenario("p99 latency +50%", 1, false, 1.5, false, 0),
        new Scenario("error ratio 4x, 10% samples missing", 4, false, 1, false, 0.1),
        new Scenario("slow drift: error ratio to 3x over 2 h", 3, true, 1, false, 0),
        new Scenario("no change (noisy)", 1, false, 1, false, 0),
        new Scenario("no change, daily cycle", 1, false, 1, true, 0),
        new Scenario("no change, 10% samples missing", 1, false, 1, false, 0.1));
  }
}
