package dev.rollback.core.detect.internal;

/** The standard normal distribution: its distribution function and its quantiles. */
public final class NormalDistribution {
  private NormalDistribution() {}

  /** Returns P(Z <= z) for a standard normal Z, accurate to about 1e-14 in relative terms. */
  public static double cdf(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    return z < 0 ? 0.5 * erfc(-z / Math.sqrt(2)) : 1 - 0.5 * erfc(z / Math.sqrt(2));
  }

  /** Returns P(Z > z), computed without cancellation for large z. */
  public static double upperTail(double z) {
    return cdf(-z);
  }

  /**
   * Returns the {@code p} quantile: the z with P(Z <= z) = p.
   *
   * @throws IllegalArgumentException unless 0 < p < 1
   */
  public static double quantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be in (0, 1) but was " + p);
    }
    // Acklam's rational approximation, then two Newton steps on the accurate cdf.
    double z = acklam(p);
    for (int i = 0; i < 2; i++) {
      double density = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
      z -= (cdf(z) - p) / density;
    }
    return z;
  }

  /** The complementary error function for x >= 0 (continued fraction / series, W. Press et al.). */
  static double erfc(double x) {
    if (x < 0) {
      return 2 - erfc(-x);
    }
    if (x < 2.5) {
      // erf series: erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
      double sum = x;
      double term = x;
      double x2 = x * x;
      for (int n = 1; n < 200; n++) {
        term *= -x2 / n;
        double add = term / (2 * n + 1);
        sum += add;
        if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
          break;
        }
      }
      return 1 - 2 / Math.sqrt(Math.PI) * sum;
    }
    // Lentz's continued fraction for erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int n = 1; n < 500; n++) {
      double a = n / 2.0;
      d = x + a * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = x + a / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
  }

  private static double acklam(double p) {
    double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    double low = 0.02425;
    if (p < low) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - low) {
      return -acklam(1 - p);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
}
