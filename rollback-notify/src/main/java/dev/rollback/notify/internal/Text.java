package dev.rollback.notify.internal;

/** Small text helpers shared by the renderers. */
final class Text {
  private Text() {}

  /** Returns {@code s} cut to at most {@code max} characters, ending in an ellipsis when cut. */
  static String truncate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, Math.max(end, 0)) + "…";
  }
}
