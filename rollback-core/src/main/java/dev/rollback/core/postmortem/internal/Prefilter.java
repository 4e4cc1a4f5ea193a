package dev.rollback.core.postmortem.internal;

/**
 * Decides, in one pass over a text and without a regex, which of {@link Redaction}'s rules could
 * find a match in it. Each rule's bit is set whenever the text holds what every match of that
 * rule's regex must contain (a literal, or a keyword right before {@code :} or {@code =}); the
 * conditions are necessary, not sufficient, so a set bit only means "run the regex". A clear bit
 * is exact: that regex finds nothing. Case-insensitive rules are compared more loosely than the
 * regexes (which fold ASCII letters only): any character whose Unicode case folds to the letter
 * counts, so a clear bit stays exact. Stateless and thread-safe.
 */
final class Prefilter {
  static final int PEM = 1;
  static final int AUTHORIZATION = 1 << 1;
  static final int BEARER_BASIC = 1 << 2;
  static final int URL_CREDENTIALS = 1 << 3;
  static final int KEY_VALUE = 1 << 4;
  static final int JWT = 1 << 5;
  static final int API_KEY = 1 << 6;
  static final int SLACK = 1 << 7;
  static final int DISCORD = 1 << 8;

  /** The keywords of the key=value rule, lower case, as suffixes (the {@code *key} family as "key"). */
  private static final String[] KEYWORD_ENDS = {
      "password", "passwd", "passphrase", "pwd", "secret", "token", "key", "credential", "credentials",
      "auth", "cookie", "sessionid", "session_id", "session-id", "signature", "sig"};

  /**
   * The ASCII characters at which {@link #candidates} may set a bit: those its switch handles and
   * those that fold to {@code b}. Every other ASCII character is passed over with one lookup.
   */
  private static final boolean[] TRIGGERS = new boolean[0x80];
  /** The ASCII letters a keyword of {@link #keyEndingAt} ends with, folded. */
  private static final boolean[] KEYWORD_LAST = new boolean[0x80];

  static {
    for (char c : ":=@/-_AJbB".toCharArray()) {
      TRIGGERS[c] = true;
    }
    KEYWORD_LAST['n'] = true; // authorization
    for (String keyword : KEYWORD_ENDS) {
      KEYWORD_LAST[keyword.charAt(keyword.length() - 1)] = true;
    }
  }

  private Prefilter() {}

  /** Returns the bits of the rules (bit {@code i} for rule {@code i}) whose regex could match {@code s}. */
  static int candidates(String s) {
    int n = s.length();
    int bits = 0;
    boolean at = false;
    boolean scheme = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80 && !TRIGGERS[c]) {
        continue;
      }
      switch (c) {
        case ':', '=' -> bits |= keyBefore(s, i);
        case '@' -> at = true;
        case '/' -> {
          if (i > 0 && s.charAt(i - 1) == ':' && i + 1 < n && s.charAt(i + 1) == '/') {
            scheme = true;
          }
          if (endsWithFolded(s, i, "hooks.slack.com")) {
            bits |= SLACK;
          }
          if (endsWithFolded(s, i, "discord.com") || endsWithFolded(s, i, "discordapp.com")) {
            bits |= DISCORD;
          }
        }
        case '-' -> {
          if (s.startsWith("-----BEGIN ", i)) {
            bits |= PEM;
          }
          // xox[abposr]- and glpat-
          if (i >= 4 && s.startsWith("xox", i - 4) || i >= 5 && s.startsWith("glpat", i - 5)) {
            bits |= API_KEY;
          }
        }
        case '_' -> {
          // gh[pousr]_, github_pat_, [sr]k_(live|test)_
          if (i >= 3 && s.charAt(i - 3) == 'g' && s.charAt(i - 2) == 'h'
              || i >= 6 && s.startsWith("github", i - 6)
              || i >= 2 && s.charAt(i - 1) == 'k' && (s.charAt(i - 2) == 's' || s.charAt(i - 2) == 'r')) {
            bits |= API_KEY;
          }
        }
        case 'A' -> {
          if (s.startsWith("AKIA", i) || s.startsWith("ASIA", i) || s.startsWith("AIza", i)) {
            bits |= API_KEY;
          }
        }
        case 'J' -> {
          if (i >= 2 && s.charAt(i - 2) == 'e' && s.charAt(i - 1) == 'y') {
            bits |= JWT;
          }
        }
        default -> {}
      }
      if (fold(c) == 'b' && (startsWithFolded(s, i, "bearer") || startsWithFolded(s, i, "basic"))) {
        bits |= BEARER_BASIC;
      }
    }
    if (at && scheme) {
      bits |= URL_CREDENTIALS;
    }
    return bits;
  }

  /**
   * The bits for the rules whose match ends in {@code keyword["']?\s*[:=]} with the separator at
   * {@code sep}: the keyword ends before the whitespace and an optional quote.
   */
  private static int keyBefore(String s, int sep) {
    int end = sep;
    while (end > 0 && isRegexSpace(s.charAt(end - 1))) {
      end--;
    }
    int bits = keyEndingAt(s, end);
    if (end > 0 && (s.charAt(end - 1) == '"' || s.charAt(end - 1) == '\'')) {
      bits |= keyEndingAt(s, end - 1);
    }
    return bits;
  }

  private static int keyEndingAt(String s, int end) {
    // Every keyword's last letter must match: most separators follow a letter that ends none.
    char last = end > 0 ? fold(s.charAt(end - 1)) : 0;
    if (last >= 0x80 || !KEYWORD_LAST[last]) {
      return 0;
    }
    int bits = 0;
    if (endsWithFolded(s, end, "authorization")) {
      bits |= AUTHORIZATION;
    }
    for (String keyword : KEYWORD_ENDS) {
      if (endsWithFolded(s, end, keyword)) {
        return bits | KEY_VALUE;
      }
    }
    return bits;
  }

  /** Java's {@code \s} without UNICODE_CHARACTER_CLASS: {@code [ \t\n\x0B\f\r]}. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** Whether {@code s[0, end)} ends with {@code lower} (lower-case ASCII), compared by {@link #fold}. */
  private static boolean endsWithFolded(String s, int end, String lower) {
    int start = end - lower.length();
    if (start < 0) {
      return false;
    }
    for (int j = 0; j < lower.length(); j++) {
      if (fold(s.charAt(start + j)) != lower.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s} has {@code lower} (lower-case ASCII) at {@code from}, compared by {@link #fold}. */
  private static boolean startsWithFolded(String s, int from, String lower) {
    return from + lower.length() <= s.length() && endsWithFolded(s, from + lower.length(), lower);
  }

  /**
   * ASCII letters in lower case; any other character as its Unicode lower case of its upper case,
   * which maps every character that any case-insensitive comparison could equate with an ASCII
   * letter (e.g. the Kelvin sign, the long s) to that letter.
   */
  private static char fold(char c) {
    if (c < 0x80) {
      return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
    return Character.toLowerCase(Character.toUpperCase(c));
  }
}
