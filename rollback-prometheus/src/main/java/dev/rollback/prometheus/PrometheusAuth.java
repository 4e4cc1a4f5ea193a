package dev.rollback.prometheus;

import dev.rollback.spi.InvalidValueException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the source authenticates to Prometheus: not at all, HTTP basic, or a bearer token.
 *
 * <p>Immutable. {@link #toString()} never shows a password or token, and the source never logs
 * them or puts them in exception messages.
 */
public sealed interface PrometheusAuth
    permits PrometheusAuth.None, PrometheusAuth.Basic, PrometheusAuth.Bearer {

  /** Returns the absence of credentials. */
  static PrometheusAuth none() {
    return None.INSTANCE;
  }

  /**
   * Returns HTTP basic credentials.
   *
   * @throws InvalidValueException if the username is blank or contains ':' or a control
   *     character, or the password is empty or contains a control character
   */
  static PrometheusAuth basic(String username, String password) {
    return new Basic(username, password);
  }

  /**
   * Returns a bearer token, sent as {@code Authorization: Bearer <token>}.
   *
   * @throws InvalidValueException if the token is blank or contains whitespace or a control
   *     character
   */
  static PrometheusAuth bearer(String token) {
    return new Bearer(token);
  }

  /** No credentials. */
  final class None implements PrometheusAuth {
    private static final None INSTANCE = new None();

    private None() {}

    @Override
    public String toString() {
      return "none";
    }
  }

  /** HTTP basic credentials; {@link #toString()} shows the username only. */
  final class Basic implements PrometheusAuth {
    private final String username;
    private final String password;

    private Basic(@Nullable String username, @Nullable String password) {
      if (username == null || username.isBlank()) {
        throw new InvalidValueException("PrometheusAuth.basic username must not be blank");
      }
      if (username.indexOf(':') >= 0 || hasControl(username)) {
        // The username may appear in messages; the password never does.
        throw new InvalidValueException(
            "PrometheusAuth.basic username '"
                + username.replaceAll("\\p{Cntrl}", "?")
                + "' must not contain ':' or control characters");
      }
      if (password == null || password.isEmpty()) {
        throw new InvalidValueException("PrometheusAuth.basic password must not be empty");
      }
      if (hasControl(password)) {
        throw new InvalidValueException(
            "PrometheusAuth.basic password must not contain control characters");
      }
      this.username = username;
      this.password = password;
    }

    /** Returns the username. */
    public String username() {
      return username;
    }

    /** Returns the password; keep it out of logs. */
    public String password() {
      return password;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Basic b && b.username.equals(username) && b.password.equals(password);
    }

    @Override
    public int hashCode() {
      return Objects.hash(username, password);
    }

    @Override
    public String toString() {
      return "basic(" + username + ", password ****)";
    }
  }

  /** A bearer token; {@link #toString()} does not show it. */
  final class Bearer implements PrometheusAuth {
    private final String token;

    private Bearer(@Nullable String token) {
      if (token == null || token.isBlank()) {
        throw new InvalidValueException("PrometheusAuth.bearer token must not be blank");
      }
      if (hasControl(token) || token.chars().anyMatch(Character::isWhitespace)) {
        throw new InvalidValueException(
            "PrometheusAuth.bearer token must not contain whitespace or control characters");
      }
      this.token = token;
    }

    /** Returns the token; keep it out of logs. */
    public String token() {
      return token;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Bearer b && b.token.equals(token);
    }

    @Override
    public int hashCode() {
      return token.hashCode();
    }

    @Override
    public String toString() {
      return "bearer(****)";
    }
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(Character::isISOControl);
  }
}
