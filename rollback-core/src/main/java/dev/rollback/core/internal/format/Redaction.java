package dev.rollback.core.internal.format;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Removes what looks like a secret from text that goes into a postmortem, and bounds how much of
 * one text it keeps. The postmortem cannot know the secrets themselves, so it recognises their
 * shape, and errs on the side of redacting:
 *
 * <ul>
 *   <li>the value of a <b>secret-sounding key</b> before {@code :} or {@code =} ({@code key=v},
 *       {@code key: v}, {@code "key": "v"}, {@code ?key=v&}): a key is secret when, in any case and
 *       with any separator style ({@code camelCase}, {@code snake_case}, {@code kebab-case}, {@code
 *       SCREAMING}, prefixed as in {@code PGPASSWORD}), it contains one of {@link #KEY_WORDS},
 *       {@code auth} or {@code pass} (but not {@code author} or {@code passed}), or one of its
 *       words is {@code sig}. A
 *       quoted value is hidden whole, spaces included (to the end of its line when the quote never
 *       closes); an unquoted one up to whitespace or one of {@code "'&,;)}]}; an authorization
 *       scheme ({@code Bearer}, {@code Basic}, ...) in front of it is hidden with it;
 *   <li>{@code Bearer} and {@code Basic} credentials on their own;
 *   <li>credentials in URLs ({@code scheme://user:password@});
 *   <li>PEM private keys, whole; JSON Web Tokens; GitHub, Slack, GitLab, Stripe, AWS and Google key
 *       shapes; the secret path of Slack and Discord webhook URLs.
 * </ul>
 *
 * <p>One pass over the text, without regular expressions: the time is linear in the length of
 * the text and the stack depth constant. {@link #text} returns at most {@link #LIMIT} characters:
 * of a text longer than that, or whose masks make it longer, it keeps the first {@link #KEPT}
 * characters of the redacted text (redacted with {@link #LOOKAHEAD} characters more of context,
 * so that a secret across the cut is recognised) and says how long the text was. Redacting a
 * redacted text changes nothing. Stateless and thread-safe.
 */
public final class Redaction {
  /** What a secret is replaced by. */
  public static final String MASK = "[REDACTED]";

  /** How many characters of a long text {@link #text} keeps. */
  public static final int KEPT = 8 * 1024;

  /** The longest text {@link #text} keeps whole: room for {@link #KEPT}, a mask and the cut's note. */
  public static final int LIMIT = KEPT + 128;

  /** How many characters past {@link #KEPT} are read to recognise a secret that crosses the cut. */
  public static final int LOOKAHEAD = 4 * 1024;

  /** What opens the note after a cut text; on a line of its own, so that no value can take it in. */
  public static final String NOTE_START = "\n… [";

  /** What closes the note after a cut text, after the text's length. */
  public static final String NOTE_END = " characters in all, the rest cut]";

  /**
   * The words that make a key secret wherever they occur in it, compared in lower case with
   * everything but letters and digits removed ({@code X-Api-Key} as {@code xapikey}).
   */
  public static final List<String> KEY_WORDS = List.of(
      "password", "passwd", "passphrase", "passcode", "pwd", "secret", "token", "credential", "apikey",
      "privatekey", "accesskey", "signingkey", "encryptionkey", "masterkey", "authoriz", "authentic", "cookie",
      "sessionid", "signature");

  private Redaction() {}

  /**
   * Returns {@code text} with everything that looks like a secret replaced by {@link #MASK}, in
   * at most {@link #LIMIT} characters: a longer result is cut after its first {@link #KEPT}
   * characters (never inside a mask), followed by a note of the text's length.
   */
  public static String text(String text) {
    int n = text.length();
    if (n <= LIMIT) {
      String redacted = whole(text);
      if (redacted.length() <= LIMIT) {
        return redacted;
      }
    }
    SecretScan scan = new SecretScan(text, Math.min(n, KEPT + LOOKAHEAD), KEPT);
    scan.run();
    // Redacted again: a key the cut left at the end gets its mask (its value was cut off).
    return whole(scan.cut() + NOTE_START + n + NOTE_END);
  }

  /**
   * Returns {@code text}, however long, with everything that looks like a secret replaced by
   * {@link #MASK}. A note of a cut ({@link #text}'s) at the very end is kept as it is.
   */
  public static String whole(String text) {
    int body = noteAt(text);
    SecretScan scan = new SecretScan(text, body, Integer.MAX_VALUE);
    scan.run();
    String redacted = scan.result();
    return body == text.length() ? redacted : redacted + text.substring(body);
  }

  /** Returns {@link #whole} of {@code text} read through {@link CharSequence#charAt}: for tests that count reads. */
  static String whole(CharSequence text) {
    SecretScan scan = new SecretScan(text, text.length(), Integer.MAX_VALUE);
    scan.run();
    return scan.result();
  }

  /** Returns where the note of a cut that ends {@code text} starts, or the length of the text when none does. */
  private static int noteAt(String text) {
    int n = text.length();
    if (!text.endsWith(NOTE_END)) {
      return n;
    }
    int digits = n - NOTE_END.length();
    int k = digits;
    while (k > 0 && SecretScan.isDigit(text.charAt(k - 1))) {
      k--;
    }
    int start = k - NOTE_START.length();
    return k < digits && start >= 0 && text.startsWith(NOTE_START, start) ? start : n;
  }

  /** Returns {@link #text(String)} of {@code text}, or null. */
  public static @Nullable String nullable(@Nullable String text) {
    return text == null ? null : text(text);
  }

  /** Returns every element redacted. */
  public static List<String> all(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    String[] out = new String[texts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = text(texts.get(i));
    }
    return List.of(out);
  }

}
