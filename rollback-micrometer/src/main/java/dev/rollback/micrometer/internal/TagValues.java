package dev.rollback.micrometer.internal;

import dev.rollback.core.Trigger;
import dev.rollback.core.detect.Decision;
import dev.rollback.core.detect.Judgement;
import dev.rollback.core.detect.Verdict;
import java.util.Locale;

/**
 * The low-cardinality tag values that are not an enum's name: the kind of a trigger, a verdict or
 * a decision, each in upper snake case like the enums' names ({@code ROLLED_BACK}, {@code ON_CALL}).
 */
final class TagValues {
  /** The verdict and decision of a judgement that came to none. */
  static final String FAILED = "FAILED";
  /** The decision of a judgement that came to no verdict. */
  static final String NONE = "NONE";

  private TagValues() {}

  /** Returns {@code DETECTED} or {@code MANUAL}. */
  static String trigger(Trigger trigger) {
    if (trigger instanceof Trigger.Detected) {
      return "DETECTED";
    }
    if (trigger instanceof Trigger.Manual) {
      return "MANUAL";
    }
    return upperSnake(trigger);
  }

  /** Returns the verdict of a judgement: {@code HEALTHY}, ..., or {@code FAILED} when there was none. */
  static String verdict(Judgement.Result result) {
    if (!(result instanceof Judgement.Result.Judged judged)) {
      return FAILED;
    }
    Verdict verdict = judged.verdict();
    if (verdict instanceof Verdict.Healthy) {
      return "HEALTHY";
    }
    if (verdict instanceof Verdict.Insufficient) {
      return "INSUFFICIENT";
    }
    if (verdict instanceof Verdict.NoData) {
      return "NO_DATA";
    }
    if (verdict instanceof Verdict.Anomalous) {
      return "ANOMALOUS";
    }
    return upperSnake(verdict);
  }

  /** Returns the decision of a judgement: {@code CONTINUE}, ..., or {@code NONE} when there was none. */
  static String decision(Judgement.Result result) {
    if (!(result instanceof Judgement.Result.Judged judged)) {
      return NONE;
    }
    Decision decision = judged.decision();
    if (decision instanceof Decision.Continue) {
      return "CONTINUE";
    }
    if (decision instanceof Decision.Rollback) {
      return "ROLLBACK";
    }
    if (decision instanceof Decision.Page) {
      return "PAGE";
    }
    if (decision instanceof Decision.Hold) {
      return "HOLD";
    }
    return upperSnake(decision);
  }

  /** A subtype added later still gets a bounded value: its simple name, e.g. NoData becomes NO_DATA. */
  private static String upperSnake(Object value) {
    return value.getClass().getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }
}
