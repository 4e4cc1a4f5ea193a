package dev.rollback.core.detect.internal;

import dev.rollback.core.internal.format.Numbers;

/** Formats numbers for findings that people read. */
public final class Texts {
  private Texts() {}

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
