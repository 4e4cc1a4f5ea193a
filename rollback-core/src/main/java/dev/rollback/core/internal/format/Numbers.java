package dev.rollback.core.internal.format;

import java.util.Locale;

/** The one formatter of numbers that people read in findings, postmortems and charts. */
public final class Numbers {
  private Numbers() {}

  /**
   * Returns {@code value} exactly as Java prints it, but a whole number without {@code .0}:
   * {@code 3}, {@code 0.0052}, {@code NaN}. For tables whose readers compare values.
   */
  public static String plain(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
  }

  /**
   * Returns {@code value} with {@code digits} significant digits and no trailing zeros, e.g.
   * {@code 0.0052}, {@code 417}, {@code 1.5e-05} (an exponent for very small or large values);
   * {@code NaN} and the infinities by name.
   *
   * @throws IllegalArgumentException if {@code digits} is not between 1 and 17
   */
  public static String significant(double value, int digits) {
    if (digits < 1 || digits > 17) {
      throw new IllegalArgumentException("digits must be between 1 and 17 but was " + digits);
    }
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    if (value == 0) {
      return "0";
    }
    String s = String.format(Locale.ROOT, "%." + digits + "g", value);
    int e = s.indexOf('e');
    return e < 0 ? stripZeros(s) : stripZeros(s.substring(0, e)) + s.substring(e);
  }

  private static String stripZeros(String s) {
    if (s.indexOf('.') < 0) {
      return s;
    }
    int end = s.length();
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    if (s.charAt(end - 1) == '.') {
      end--;
    }
    return s.substring(0, end);
  }
}
