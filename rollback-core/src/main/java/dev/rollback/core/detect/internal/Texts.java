package dev.rollback.core.detect.internal;

import dev.rollback.core.internal.format.Durations;
import dev.rollback.core.internal.format.Numbers;
import java.time.Duration;

/** Formats numbers and windows for findings that people read. */
public final class Texts {
  private Texts() {}

  /**
   * Returns a window's length for a sentence: whole minutes as "{@code 120 min}", the way findings
   * have always named them, and any other length exactly ("{@code 45s}", "{@code 1m 30s}"), so that
   * a window under a minute is never called "0 min".
   */
  public static String window(Duration length) {
    if (!length.isNegative() && length.equals(Duration.ofMinutes(length.toMinutes()))) {
      return length.toMinutes() + " min";
    }
    return Durations.format(length);
  }

  /** Returns {@code value} with 3 significant digits and no trailing zeros, e.g. 0.0052, 417, 1.5e-05. */
  public static String number(double value) {
    return Numbers.significant(value, 3);
  }

  /** Returns {@code value} with an explicit sign, e.g. +0.0043. */
  public static String signed(double value) {
    return (value > 0 ? "+" : "") + number(value);
  }

  /** Returns how {@code observed} compares to {@code expected}: "4.1x", "+35%", "-20%". */
  public static String change(double observed, double expected) {
    if (expected == 0) {
      return observed == 0 ? "no change" : "up from 0";
    }
    double ratio = observed / expected;
    if (ratio >= 2) {
      return number(ratio) + "x";
    }
    long percent = Math.round((ratio - 1) * 100);
    return (percent >= 0 ? "+" : "") + percent + "%";
  }

  /** Returns the size of a change without its sign, for "rose ..."/"fell ...": "4.1x", "35%". */
  public static String amount(double observed, double expected) {
    String change = change(observed, expected);
    return change.startsWith("+") || change.startsWith("-") ? change.substring(1) : change;
  }

  /** Returns a p-value for people: "p = 0.0031" or "p < 1e-6". */
  public static String pValue(double p) {
    return p < 1e-6 ? "p < 1e-6" : "p = " + number(p);
  }
}
