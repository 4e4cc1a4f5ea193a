package dev.rollback.prometheus.internal;

import dev.rollback.prometheus.PrometheusAuth;
import dev.rollback.spi.helpers.Redactor;
import dev.rollback.spi.helpers.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Authorization} header for a {@link PrometheusAuth}, and the {@link Redactor} that
 * removes every form of the secret from text that is about to go into a message (a misbehaving
 * proxy may echo request headers in its error page): the password, the {@code user:password} pair
 * and its Base64 encoding, or the bearer token.
 */
final class Credentials {
  private final @Nullable String authorization;
  private final Redactor redactor;

  private Credentials(@Nullable String authorization, List<String> secrets) {
    this.authorization = authorization;
    List<Secret> wrapped = new ArrayList<>();
    for (String s : secrets) {
      if (!s.isBlank()) { // a blank password is still covered by the pair and its encoding
        wrapped.add(Secret.of(s));
      }
    }
    this.redactor = Redactor.of(wrapped);
  }

  static Credentials of(PrometheusAuth auth) {
    if (auth instanceof PrometheusAuth.Basic b) {
      String pair = b.username() + ":" + b.password();
      String encoded = Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
      return new Credentials("Basic " + encoded, List.of(encoded, pair, b.password()));
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

  /** Returns the redactor of every form of the secret. */
  Redactor redactor() {
    return redactor;
  }
}
