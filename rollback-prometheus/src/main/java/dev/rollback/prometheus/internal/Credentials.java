package dev.rollback.prometheus.internal;

import dev.rollback.prometheus.PrometheusAuth;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Authorization} header for a {@link PrometheusAuth}, and a redactor that removes every
 * form of the secret from text that is about to go into a message (a misbehaving proxy may echo
 * request headers in its error page).
 */
final class Credentials {
  private static final String MASK = "****";

  private final @Nullable String authorization;
  private final List<String> secrets;

  private Credentials(@Nullable String authorization, List<String> secrets) {
    this.authorization = authorization;
    // Longest first, so a secret that contains another is masked whole.
    this.secrets =
        secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  static Credentials of(PrometheusAuth auth) {
    if (auth instanceof PrometheusAuth.Basic b) {
      String pair = b.username() + ":" + b.password();
      String encoded = Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
      List<String> secrets = new ArrayList<>(List.of(encoded, pair, b.password()));
      return new Credentials("Basic " + encoded, secrets);
    }
    if (auth instanceof PrometheusAuth.Bearer t) {
      return new Credentials("Bearer " + t.token(), List.of(t.token()));
    }
    return new Credentials(null, List.of());
  }

  /** Returns the {@code Authorization} header value, or null to send none. */
  @Nullable String authorization() {
    return authorization;
  }

  /** Returns {@code text} with every occurrence of a secret replaced by {@code ****}. */
  String redact(String text) {
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    return out;
  }
}
