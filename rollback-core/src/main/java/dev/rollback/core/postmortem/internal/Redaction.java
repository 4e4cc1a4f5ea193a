package dev.rollback.core.postmortem.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Removes what looks like a secret from text that goes into a postmortem: authorization headers,
 * bearer and basic credentials, {@code password=...}-style pairs, credentials in URLs and the token
 * shapes of common services. The postmortem cannot know the secrets themselves, so it recognises
 * their shape; it errs on the side of redacting. Thread-safe.
 */
public final class Redaction {
  /** What a secret is replaced by. */
  public static final String MASK = "[REDACTED]";

  private static final String KEYWORDS =
      "password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key"
          + "|credentials?|auth|cookie|session[_-]?id|signature|sig";

  private record Rule(Pattern pattern, String replacement) {}

  private static final List<Rule> RULES = List.of(
      // PEM private keys, whole.
      new Rule(Pattern.compile(
          "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"), MASK),
      // Authorization: <scheme> <credentials>  (and Proxy-Authorization)
      new Rule(Pattern.compile(
          "(?i)\\b((?:proxy-)?authorization[\"']?\\s*[:=]\\s*[\"']?)(?:(?:bearer|basic|digest|token|negotiate)\\s+)?[^\\s\"',;]+"),
          "$1" + MASK),
      // Bearer / Basic credentials on their own.
      new Rule(Pattern.compile("(?i)\\b(bearer|basic)(\\s+)[A-Za-z0-9\\-._~+/]{6,}=*"), "$1$2" + MASK),
      // user:password@ (or token@) in a URL.
      new Rule(Pattern.compile("(?i)\\b([a-z][a-z0-9+.\\-]*://)[^/\\s@:\"']+(?::[^/\\s@\"']*)?@"),
          "$1" + MASK + "@"),
      // key=value / key: value / "key": "value" for secret-sounding keys (also in query strings).
      new Rule(Pattern.compile(
          "(?i)(\\b(?:[\\w.\\-]*[_.\\-])?(?:" + KEYWORDS + ")[\"']?\\s*[:=]\\s*[\"']?)(?!\\[REDACTED\\])[^\\s\"'&,;)}\\]]+"),
          "$1" + MASK),
      // JSON Web Tokens.
      new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_\\-]{5,}\\.[A-Za-z0-9_\\-]{5,}\\.[A-Za-z0-9_\\-]*"), MASK),
      // GitHub, Slack, GitLab, Stripe-like, AWS and Google API key shapes.
      new Rule(Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}"
          + "|xox[abposr]-[A-Za-z0-9\\-]{10,}|glpat-[A-Za-z0-9_\\-]{20,}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}"
          + "|A(?:KIA|SIA)[0-9A-Z]{16}|AIza[0-9A-Za-z_\\-]{35})"), MASK),
      // Webhook URLs whose path is the secret.
      new Rule(Pattern.compile("(?i)(hooks\\.slack\\.com/(?:services|workflows)/)[^\\s\"'<>)]+"), "$1" + MASK),
      new Rule(Pattern.compile("(?i)(discord(?:app)?\\.com/api/webhooks/)[^\\s\"'<>)]+"), "$1" + MASK));

  private Redaction() {}

  /**
   * Returns {@code text} with everything that looks like a secret replaced by {@link #MASK}.
   *
   * <p>Each rule runs on the text as the rules before it left it; a rule whose regex cannot find a
   * match there is skipped, which {@link Prefilter} decides without a regex in one pass over the
   * text. Most texts are let through without running any regex.
   */
  public static String text(String text) {
    String out = text;
    int candidates = Prefilter.candidates(out);
    for (int i = 0; candidates != 0 && i < RULES.size(); i++) {
      if ((candidates & (1 << i)) == 0) {
        continue;
      }
      Rule rule = RULES.get(i);
      Matcher m = rule.pattern().matcher(out);
      if (m.find()) {
        out = m.replaceAll(rule.replacement());
        // The text changed: what later rules may match is decided again, on the new text.
        candidates = Prefilter.candidates(out) & (-1 << (i + 1));
      }
    }
    return out;
  }

  /**
   * Returns {@code text} with every rule applied in turn, each regex run whatever the text: what
   * {@link #text} must return, however {@link Prefilter} lets it skip regexes. For tests.
   */
  static String everyRule(String text) {
    String out = text;
    for (Rule rule : RULES) {
      out = rule.pattern().matcher(out).replaceAll(rule.replacement());
    }
    return out;
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
