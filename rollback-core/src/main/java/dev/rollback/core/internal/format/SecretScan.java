package dev.rollback.core.internal.format;

import static dev.rollback.core.internal.format.Redaction.KEY_WORDS;
import static dev.rollback.core.internal.format.Redaction.MASK;

import org.jspecify.annotations.Nullable;

/**
 * {@link Redaction}'s one pass over {@code s[0, end)}, the one encoding of its rules. Every rule is
 * tried at a position only where its match could start; a rule whose attempt reads far ahead
 * either consumes what it read (a mask) or leaves a mark ({@link #jwtFrom}) so that no later
 * attempt reads the same characters again. Not thread-safe: one scan per text.
 */
final class SecretScan {
  /** What follows {@code pass} in ordinary words: passed, passes, passing, passenger, passage, passive, passthrough. */
  private static final String[] PASS_ENDINGS = {"ed", "es", "ing", "enger", "age", "ive", "through", "thru"};

  private static final String[] SCHEMES = {"bearer", "basic", "digest", "token", "negotiate"};

  /** Webhook URLs whose path after these is the secret, lower case. */
  private static final String[] WEBHOOKS = {
      "hooks.slack.com/services/", "hooks.slack.com/workflows/", "discord.com/api/webhooks/",
      "discordapp.com/api/webhooks/"};

  /**
   * The characters at which a rule may match: the separators, {@code /} and {@code -}, and the
   * first letters of the webhook hosts and of the words the rules look for. Every other character,
   * and every non-ASCII one, is passed over with one lookup.
   */
  private static final boolean[] TRIGGERS = new boolean[0x80];

  static {
    for (char c : ":=/-hHdDbBegxsrA".toCharArray()) {
      TRIGGERS[c] = true;
    }
  }

  private final CharSequence s;
  private final int end;
  /** Whether {@code s[0, end)} is a window of a longer text that {@link #cut} will cut. */
  private final boolean windowed;
  /** Where, in the output, masks stop counting for {@link #cut}. */
  private final int keep;
  private @Nullable StringBuilder out;
  /** {@code s[0, copied)} has been written to {@link #out}, as it is or masked. */
  private int copied;
  /** Where the output is cut: {@link #keep}, or later when a mask crosses it. */
  private int cutAt = -1;
  /** No JSON Web Token starts before this index (an attempt read up to here and failed). */
  private int jwtFrom;

  SecretScan(CharSequence s, int end, int keep) {
    this.s = s;
    this.end = end;
    this.keep = keep;
    this.windowed = keep != Integer.MAX_VALUE && end < s.length();
  }

  void run() {
    int i = 0;
    while (i < end) {
      char c = s.charAt(i);
      if (c >= 0x80 || !TRIGGERS[c]) {
        i++;
        continue;
      }
      int next = switch (c) {
        case ':', '=' -> keyValue(i);
        case '/' -> urlCredentials(i);
        case '-' -> pem(i);
        // After a mask, the output has the mask's ']' before this character: a word starts here.
        default -> isWordChar(c) && (i == 0 || i == copied || !isWordChar(s.charAt(i - 1))) ? word(i) : -1;
      };
      if (next < 0 && (c == 'h' || c == 'H' || c == 'd' || c == 'D')) {
        next = webhook(i);
      }
      i = next < 0 ? i + 1 : next;
    }
  }

  /** Returns the length of the output so far, the rest of the input included. */
  int length() {
    return out == null ? end : out.length() + end - copied;
  }

  String result() {
    if (out == null) {
      return end == s.length() ? s.toString() : s.subSequence(0, end).toString();
    }
    out.append(s, copied, end);
    return out.toString();
  }

  /**
   * Returns the output cut at {@link #keep} characters, or at the end of a mask that crosses
   * that point or that follows it after nothing but whitespace and quotes (the value of a key
   * cut off from it), and never between the halves of a surrogate pair.
   */
  String cut() {
    String all = result();
    int at = cutAt >= 0 ? cutAt : Math.min(keep, all.length());
    int j = at;
    while (j < all.length() && (isSpace(all.charAt(j)) || all.charAt(j) == '"' || all.charAt(j) == '\'')) {
      j++;
    }
    if (all.startsWith(MASK, j)) {
      at = j + MASK.length();
    }
    if (at < all.length() && isQuote(all.charAt(at)) && all.startsWith(MASK, at - MASK.length())) {
      at++; // the quote that closes a masked value
    } else if (at > 0 && at < all.length() && Character.isHighSurrogate(all.charAt(at - 1))) {
      at--;
    }
    return all.substring(0, at);
  }

  /**
   * Returns -1, or when the text goes on past {@link #end} (a window of a longer text), masks
   * {@code s[from, end)} and returns {@link #end}: a match still in progress where the window
   * stops may be a secret.
   */
  private int cutOff(int from) {
    if (!windowed) {
      return -1;
    }
    mask(from, end);
    return end;
  }

  /** Replaces {@code s[from, to)} by the mask. */
  private void mask(int from, int to) {
    StringBuilder b = out;
    if (b == null) {
      b = new StringBuilder(end + 16);
      out = b;
    }
    b.append(s, copied, from);
    int start = b.length();
    b.append(MASK);
    if (cutAt < 0 && start < keep && b.length() >= keep) {
      cutAt = b.length();
    }
    copied = to;
  }

  // --- key = value -------------------------------------------------------------------------

  /** At a {@code :} or {@code =}: masks the value when the key before it is secret. */
  private int keyValue(int sep) {
    if (sep == 0 || sep < copied) {
      return -1;
    }
    if (s.charAt(sep) == ':' && sep + 2 < end && s.charAt(sep + 1) == '/' && s.charAt(sep + 2) == '/') {
      return -1; // a URL's scheme, which urlCredentials handles
    }
    int keyEnd = sep;
    while (keyEnd > copied && isSpace(s.charAt(keyEnd - 1))) {
      keyEnd--;
    }
    if (keyEnd > copied && isQuote(s.charAt(keyEnd - 1))) {
      keyEnd--;
    }
    int keyStart = keyEnd;
    while (keyStart > copied && isKeyChar(s.charAt(keyStart - 1))) {
      keyStart--;
    }
    if (keyStart == keyEnd || !isSecretKey(keyStart, keyEnd)) {
      return -1;
    }
    int v = sep + 1;
    while (v < end && (s.charAt(v) == ':' || s.charAt(v) == '=' || s.charAt(v) == '>')) {
      v++; // := and =>
    }
    while (v < end && isSpace(s.charAt(v))) {
      v++;
    }
    if (v >= end) {
      // The text stops before the value: the mask says that one belongs here (and keeps a note appended
      // after a cut from being taken for it).
      mask(end, end);
      return end;
    }
    char q = s.charAt(v);
    if (isQuote(q)) {
      return quoted(v, q);
    }
    if (startsWith(v, MASK)) {
      return v + MASK.length();
    }
    int valueEnd = afterScheme(v);
    valueEnd = unquotedEnd(valueEnd);
    if (valueEnd == v) {
      return v;
    }
    mask(v, valueEnd);
    return valueEnd;
  }

  /** Masks the inside of the quoted value opening at {@code open}, to its closing quote or the end of the line. */
  private int quoted(int open, char quote) {
    int from = open + 1;
    if (startsWith(from, MASK) && from + MASK.length() < end && s.charAt(from + MASK.length()) == quote) {
      return from + MASK.length() + 1;
    }
    int j = from;
    while (j < end) {
      char c = s.charAt(j);
      if (c == quote || c == '\n' || c == '\r') {
        break;
      }
      j += c == '\\' && j + 1 < end && s.charAt(j + 1) != '\n' && s.charAt(j + 1) != '\r' ? 2 : 1;
    }
    j = Math.min(j, end);
    if (j == from) {
      return from;
    }
    mask(from, j);
    return j;
  }

  /** Returns where the credential starts when {@code s[v, ...)} opens with an authorization scheme and whitespace, else v. */
  private int afterScheme(int v) {
    for (String scheme : SCHEMES) {
      if (startsWithFolded(v, scheme)) {
        int j = v + scheme.length();
        int k = j;
        while (k < end && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
          k++;
        }
        if (k > j && (k == end || !isValueEnd(s.charAt(k)))) {
          return k;
        }
      }
    }
    return v;
  }

  private int unquotedEnd(int from) {
    int j = from;
    while (j < end && !isValueEnd(s.charAt(j))) {
      j++;
    }
    return j;
  }

  /**
   * Whether {@code s[from, to)}, a run of key characters, names a secret: folded to lower-case
   * letters and digits, it contains one of {@link #KEY_WORDS}, or {@code auth} (not followed by
   * {@code or}, as in {@code author}), or {@code pass} (not followed by an ending such as {@code
   * ed} or {@code enger}, as in {@code passed}); or one of its words is {@code sig}. Words are
   * split at every character that is not a letter or a digit, where a lower-case letter meets an
   * upper-case one, and where letters meet digits.
   */
  private boolean isSecretKey(int from, int to) {
    char[] folded = new char[to - from];
    int n = 0;
    int wordStart = 0;
    boolean sig = false;
    for (int j = from; j < to; j++) {
      char c = s.charAt(j);
      boolean letterOrDigit = isLetter(c) || isDigit(c);
      boolean boundary = !letterOrDigit
          || j > from && (isLower(s.charAt(j - 1)) && isUpper(c) || isLetter(s.charAt(j - 1)) != isLetter(c));
      if (boundary) {
        sig |= n - wordStart == 3 && at(folded, n, wordStart, "sig");
        wordStart = n;
      }
      if (letterOrDigit) {
        folded[n++] = toLower(c);
      }
    }
    if (sig || n - wordStart == 3 && at(folded, n, wordStart, "sig")) {
      return true;
    }
    for (String word : KEY_WORDS) {
      if (indexOf(folded, n, word, 0) >= 0) {
        return true;
      }
    }
    for (int k = indexOf(folded, n, "auth", 0); k >= 0; k = indexOf(folded, n, "auth", k + 1)) {
      if (!at(folded, n, k + 4, "or")) {
        return true;
      }
    }
    for (int k = indexOf(folded, n, "pass", 0); k >= 0; k = indexOf(folded, n, "pass", k + 1)) {
      if (!endsAWord(folded, n, k + 4)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code folded[at, n)} starts with one of the endings that make {@code pass} an ordinary word. */
  private static boolean endsAWord(char[] folded, int n, int at) {
    for (String ending : PASS_ENDINGS) {
      if (at(folded, n, at, ending)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code folded[0, n)} has {@code word} at {@code at}. */
  private static boolean at(char[] folded, int n, int at, String word) {
    if (at < 0 || at + word.length() > n) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (folded[at + k] != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(char[] folded, int n, String word, int from) {
    for (int j = from; j + word.length() <= n; j++) {
      if (at(folded, n, j, word)) {
        return j;
      }
    }
    return -1;
  }

  // --- URLs --------------------------------------------------------------------------------

  /** At a {@code /}: masks the user information of {@code scheme://user:password@}. */
  private int urlCredentials(int slash) {
    int colon = slash - 1;
    if (colon < 1 || s.charAt(colon) != ':' || slash + 1 >= end || s.charAt(slash + 1) != '/') {
      return -1;
    }
    int schemeStart = colon;
    boolean letter = false;
    while (schemeStart > copied && isSchemeChar(s.charAt(schemeStart - 1))) {
      schemeStart--;
      letter |= isLetter(s.charAt(schemeStart));
    }
    if (!letter) {
      return -1;
    }
    int from = slash + 2;
    int j = from;
    while (j < end && !isUserInfoEnd(s.charAt(j)) && s.charAt(j) != ':') {
      j++;
    }
    if (j == from) {
      return -1;
    }
    if (j < end && s.charAt(j) == ':') {
      j++;
      while (j < end && !isUserInfoEnd(s.charAt(j))) {
        j++;
      }
    }
    if (holdsMask(from, j)) {
      // A mask in it means an earlier pass read this as something else (a key, a token or a
      // private key with spaces masked after the scheme) and kept the rest: masking it again with
      // what surrounds it would make redacting twice change the text. So also where the text is
      // cut off in it.
      return -1;
    }
    if (j >= end) {
      return cutOff(from);
    }
    if (s.charAt(j) != '@') {
      return -1;
    }
    mask(from, j);
    return j + 1;
  }

  /** Whether {@code s[from, to)} holds a whole {@link #MASK}. */
  private boolean holdsMask(int from, int to) {
    for (int k = from; k + MASK.length() <= to; k++) {
      if (s.charAt(k) == MASK.charAt(0) && startsWith(k, MASK)) {
        return true;
      }
    }
    return false;
  }

  private int webhook(int i) {
    for (String prefix : WEBHOOKS) {
      if (startsWithFolded(i, prefix)) {
        int from = i + prefix.length();
        int j = from;
        while (j < end && !isSpace(s.charAt(j)) && "\"'<>)".indexOf(s.charAt(j)) < 0) {
          j++;
        }
        if (j > from) {
          mask(from, j);
          return j;
        }
      }
    }
    return -1;
  }

  // --- PEM ---------------------------------------------------------------------------------

  /** At a {@code -}: masks a PEM private key whole, to its end line or the end of the text. */
  private int pem(int i) {
    int after = pemLine(i, "-----BEGIN ");
    if (after < 0) {
      return -1;
    }
    int j = after;
    int last = end;
    while (j < end) {
      int at = indexOf("-----END ", j);
      if (at < 0) {
        break;
      }
      int close = pemLine(at, "-----END ");
      if (close >= 0) {
        last = close;
        break;
      }
      j = at + 1;
    }
    mask(i, last);
    return last;
  }

  /** Returns the index after {@code marker [A-Z ]*PRIVATE KEY-----} at {@code i}, or -1. */
  private int pemLine(int i, String marker) {
    if (!startsWith(i, marker)) {
      return -1;
    }
    int j = i + marker.length();
    while (j < end && (s.charAt(j) >= 'A' && s.charAt(j) <= 'Z' || s.charAt(j) == ' ')) {
      j++;
    }
    String tail = "PRIVATE KEY";
    if (j - tail.length() < i + marker.length() || !startsWith(j - tail.length(), tail)
        || !startsWith(j, "-----")) {
      return -1;
    }
    return j + 5;
  }

  private int indexOf(String literal, int from) {
    if (s instanceof String string) {
      int at = string.indexOf(literal, from);
      return at < 0 || at + literal.length() > end ? -1 : at;
    }
    for (int j = from; j + literal.length() <= end; j++) {
      if (startsWith(j, literal)) {
        return j;
      }
    }
    return -1;
  }

  // --- words: bearer and basic credentials, tokens with a known shape -----------------------

  /** At the start of a word: masks a credential after Bearer or Basic, or a token of a known shape. */
  private int word(int i) {
    char c = s.charAt(i);
    switch (c) {
      case 'b', 'B' -> {
        return bearerOrBasic(i);
      }
      case 'e' -> {
        return jwt(i);
      }
      case 'g' -> {
        if (startsWith(i, "github_pat_")) {
          return atLeast(i, i + 11, 20, SecretScan::isWordChar);
        }
        if (startsWith(i, "gh") && i + 3 < end && "pousr".indexOf(s.charAt(i + 2)) >= 0 && s.charAt(i + 3) == '_') {
          return atLeast(i, i + 4, 20, SecretScan::isAlnum);
        }
        if (startsWith(i, "glpat-")) {
          return atLeast(i, i + 6, 20, ch -> isWordChar(ch) || ch == '-');
        }
        return -1;
      }
      case 'x' -> {
        if (startsWith(i, "xox") && i + 4 < end && "abposr".indexOf(s.charAt(i + 3)) >= 0 && s.charAt(i + 4) == '-') {
          return atLeast(i, i + 5, 10, ch -> isAlnum(ch) || ch == '-');
        }
        return -1;
      }
      case 's', 'r' -> {
        if (i + 1 < end && s.charAt(i + 1) == 'k' && (startsWith(i + 2, "_live_") || startsWith(i + 2, "_test_"))) {
          return atLeast(i, i + 8, 16, SecretScan::isAlnum);
        }
        return -1;
      }
      case 'A' -> {
        if (startsWith(i, "AKIA") || startsWith(i, "ASIA")) {
          return exactly(i, i + 4, 16, ch -> isDigit(ch) || isUpper(ch));
        }
        if (startsWith(i, "AIza")) {
          return exactly(i, i + 4, 35, ch -> isWordChar(ch) || ch == '-');
        }
        return -1;
      }
      default -> {
        return -1;
      }
    }
  }

  /** {@code \b(bearer|basic)\s+[A-Za-z0-9\-._~+/]{6,}=*}: keeps the word and the space, masks the rest. */
  private int bearerOrBasic(int i) {
    int j;
    if (startsWithFolded(i, "bearer")) {
      j = i + 6;
    } else if (startsWithFolded(i, "basic")) {
      j = i + 5;
    } else {
      return -1;
    }
    int k = j;
    while (k < end && isSpace(s.charAt(k))) {
      k++;
    }
    if (k == end) {
      return cutOff(k);
    }
    if (k == j) {
      return -1;
    }
    int from = k;
    while (k < end && isCredentialChar(s.charAt(k))) {
      k++;
    }
    if (k == end && windowed) {
      return cutOff(from);
    }
    if (k - from < 6) {
      return -1;
    }
    while (k < end && s.charAt(k) == '=') {
      k++;
    }
    mask(from, k);
    return k;
  }

  /** {@code eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*}. */
  private int jwt(int i) {
    if (i < jwtFrom || !startsWith(i, "eyJ")) {
      return -1;
    }
    int a = run(i + 3);
    // A later start inside this run would end its first part at the same place: no better.
    jwtFrom = a;
    if (a >= end) {
      return cutOff(i);
    }
    if (a - (i + 3) < 5 || s.charAt(a) != '.') {
      return -1;
    }
    int b = run(a + 1);
    if (b >= end) {
      return cutOff(i);
    }
    if (b - (a + 1) < 5 || s.charAt(b) != '.') {
      return -1;
    }
    int c = run(b + 1);
    mask(i, c);
    return c;
  }

  private int run(int from) {
    int j = from;
    while (j < end && (isWordChar(s.charAt(j)) || s.charAt(j) == '-')) {
      j++;
    }
    return j;
  }

  /** Masks {@code s[start, j)} when at least {@code min} characters of {@code body} follow {@code from}. */
  private int atLeast(int start, int from, int min, CharClass body) {
    int j = from;
    while (j < end && body.has(s.charAt(j))) {
      j++;
    }
    if (j == end && windowed) {
      return cutOff(start);
    }
    if (j - from < min) {
      return -1;
    }
    mask(start, j);
    return j;
  }

  /** Masks {@code count} characters of {@code body} after {@code from}, and what precedes them from {@code start}. */
  private int exactly(int start, int from, int count, CharClass body) {
    for (int j = from; j < from + count; j++) {
      if (j == end) {
        return cutOff(start);
      }
      if (!body.has(s.charAt(j))) {
        return -1;
      }
    }
    mask(start, from + count);
    return from + count;
  }

  private boolean startsWith(int from, String literal) {
    if (from + literal.length() > end) {
      return false;
    }
    for (int k = 0; k < literal.length(); k++) {
      if (s.charAt(from + k) != literal.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code lower} (lower-case ASCII) is at {@code from}, ASCII letters compared in either case. */
  private boolean startsWithFolded(int from, String lower) {
    if (from + lower.length() > end) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      if (toLower(s.charAt(from + k)) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }


  private interface CharClass {
    boolean has(char c);
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAlnum(char c) {
    return isLetter(c) || isDigit(c);
  }

  /** Java's {@code \w}: {@code [A-Za-z0-9_]}. */
  private static boolean isWordChar(char c) {
    return isAlnum(c) || c == '_';
  }

  private static char toLower(char c) {
    return isUpper(c) ? (char) (c + 32) : c;
  }

  /** Java's {@code \s}: {@code [ \t\n\x0B\f\r]}. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'';
  }

  private static boolean isKeyChar(char c) {
    return isWordChar(c) || c == '.' || c == '-';
  }

  private static boolean isSchemeChar(char c) {
    return isAlnum(c) || c == '+' || c == '.' || c == '-';
  }

  private static boolean isValueEnd(char c) {
    return isSpace(c) || "\"'&,;)}]".indexOf(c) >= 0;
  }

  private static boolean isUserInfoEnd(char c) {
    return c == '/' || c == '@' || c == '"' || c == '\'' || isSpace(c);
  }

  private static boolean isCredentialChar(char c) {
    return isAlnum(c) || "-._~+/".indexOf(c) >= 0;
  }
}
