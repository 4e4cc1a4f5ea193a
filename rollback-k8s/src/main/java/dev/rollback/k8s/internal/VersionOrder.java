package dev.rollback.k8s.internal;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Orders version ids naturally: digit runs by value, so v10 follows v9 and 1.10 follows 1.9. */
final class VersionOrder implements Comparator<String> {
  static final VersionOrder INSTANCE = new VersionOrder();
  private static final Pattern PART = Pattern.compile("\\d+|\\D+");

  private VersionOrder() {}

  @Override
  public int compare(String a, String b) {
    Matcher ma = PART.matcher(a);
    Matcher mb = PART.matcher(b);
    while (ma.find() && mb.find()) {
      String pa = ma.group();
      String pb = mb.group();
      int c;
      if (Character.isDigit(pa.charAt(0)) && Character.isDigit(pb.charAt(0))) {
        c = new java.math.BigInteger(pa).compareTo(new java.math.BigInteger(pb));
      } else {
        c = pa.compareTo(pb);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length(), b.length());
  }
}
