package dev.rollback.spi.helpers;

import org.jspecify.annotations.Nullable;

/**
 * A credential or a value that embeds one: a webhook URL, a routing key, a signing secret, a bearer
 * token, a password.
 *
 * <p>{@link #toString()} never shows the value, so a secret can sit in a configuration, a log line
 * or an exception message without leaking. Only {@link #reveal()} returns it; adapters call it where
 * they build a request and nowhere else, and give their {@link Redactor} every secret they hold.
 * Immutable and thread-safe.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps {@code value}.
   *
   * @throws InvalidConfigurationException if {@code value} is null or blank (the message does not
   *     show it)
   */
  public static Secret of(@Nullable String value) {
    if (value == null || value.isBlank()) {
      throw ConfigProblems.of("Secret").add("Secret.value must not be null or blank").exception();
    }
    return new Secret(value);
  }

  /** Returns the secret value. Never log it or put it in a message. */
  public String reveal() {
    return value;
  }

  /** Returns {@code "****"}; never the value. */
  @Override
  public String toString() {
    return "****";
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
