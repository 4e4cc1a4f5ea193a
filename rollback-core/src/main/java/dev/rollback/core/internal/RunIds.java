package dev.rollback.core.internal;

import dev.rollback.spi.RunId;

/** Derives run ids. */
public final class RunIds {
  private RunIds() {}

  /**
   * Returns {@code id} with the suffix {@code -n}, its value shortened where needed so that the
   * result is still a valid {@link RunId} (at most 63 characters, ending with a letter or digit).
   */
  public static RunId withSuffix(RunId id, int n) {
    String suffix = "-" + n;
    String base = id.value();
    int keep = Math.min(base.length(), 63 - suffix.length());
    while (keep > 1 && !Character.isLetterOrDigit(base.charAt(keep - 1))) {
      keep--;
    }
    return RunId.of(base.substring(0, keep) + suffix);
  }
}
