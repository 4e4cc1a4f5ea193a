package dev.rollback.core.detect.internal;

/**
 * The upper tail of a binomial distribution, for counts that need not be whole: {@code P(X >= x)}
 * for {@code X} binomial with {@code n} trials of probability {@code p}, which for whole {@code x}
 * and {@code n} is the regularized incomplete beta function {@code I_p(x, n - x + 1)}, and which this
 * class extends to any {@code 0 < x <= n} through that function. Counts of events scaled
 * quasi-Poisson style (a rate times its scale) are not whole; the tail then moves smoothly between
 * the whole counts' tails.
 */
public final class BinomialTail {
  private static final double[] LANCZOS = {
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
  };
  private static final int MAX_ITERATIONS = 10_000;
  private static final double EPSILON = 1e-15;
  private static final double TINY = 1e-300;

  private BinomialTail() {}

  /**
   * Returns {@code P(X >= x)} for {@code X} binomial with {@code n} trials of probability {@code p}:
   * 1 for {@code x <= 0}, 0 for {@code x > n}, else {@code I_p(x, n - x + 1)}.
   *
   * @throws IllegalArgumentException unless {@code n >= 0}, {@code 0 <= p <= 1} and {@code x} is not NaN
   */
  public static double upper(double x, double n, double p) {
    if (!(n >= 0) || Double.isInfinite(n) || !(p >= 0 && p <= 1) || Double.isNaN(x)) {
      throw new IllegalArgumentException("need n >= 0 and finite, 0 <= p <= 1 and x a number, but n was " + n
          + ", p " + p + ", x " + x);
    }
    if (x <= 0) {
      return 1;
    }
    if (x > n) {
      return 0;
    }
    return regularizedBeta(p, x, n - x + 1);
  }

  /**
   * Returns the regularized incomplete beta function {@code I_z(a, b)} for {@code a, b > 0} and
   * {@code 0 <= z <= 1}, by its continued fraction (modified Lentz), accurate to about 1e-13.
   */
  static double regularizedBeta(double z, double a, double b) {
    if (z <= 0) {
      return 0;
    }
    if (z >= 1) {
      return 1;
    }
    double front = Math.exp(a * Math.log(z) + b * Math.log1p(-z) - logBeta(a, b));
    // the fraction converges fast for z below (a + 1) / (a + b + 2); above it, by symmetry
    if (z < (a + 1) / (a + b + 2)) {
      return front * continuedFraction(z, a, b) / a;
    }
    return 1 - front * continuedFraction(1 - z, b, a) / b;
  }

  /** Returns {@code ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b)}. */
  static double logBeta(double a, double b) {
    return logGamma(a) + logGamma(b) - logGamma(a + b);
  }

  /** Returns {@code ln Gamma(x)} for {@code x > 0} (Lanczos, g = 7, nine terms; relative error about 1e-15). */
  static double logGamma(double x) {
    if (x < 0.5) {
      // reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x)
      return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
    }
    double y = x - 1;
    double sum = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (y + i);
    }
    double t = y + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
  }

  private static double continuedFraction(double z, double a, double b) {
    double c = 1;
    double d = 1 - (a + b) * z / (a + 1);
    d = 1 / (Math.abs(d) < TINY ? TINY : d);
    double result = d;
    for (int m = 1; m <= MAX_ITERATIONS; m++) {
      int m2 = 2 * m;
      double even = m * (b - m) * z / ((a + m2 - 1) * (a + m2));
      d = 1 + even * d;
      d = 1 / (Math.abs(d) < TINY ? TINY : d);
      c = 1 + even / c;
      c = Math.abs(c) < TINY ? TINY : c;
      result *= d * c;
      double odd = -(a + m) * (a + b + m) * z / ((a + m2) * (a + m2 + 1));
      d = 1 + odd * d;
      d = 1 / (Math.abs(d) < TINY ? TINY : d);
      c = 1 + odd / c;
      c = Math.abs(c) < TINY ? TINY : c;
      double delta = d * c;
      result *= delta;
      if (Math.abs(delta - 1) < EPSILON) {
        return result;
      }
    }
    throw new ArithmeticException("the incomplete beta's continued fraction did not converge for z " + z + ", a " + a
        + ", b " + b);
  }
}
