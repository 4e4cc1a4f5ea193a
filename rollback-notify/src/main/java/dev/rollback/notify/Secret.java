package dev.rollback.notify;

import java.util.Objects;

/**
 * A credential or a value that embeds one: a webhook URL, a routing key, a signing secret, a token.
 *
 * <p>{@link #toString()} never shows the value, so a secret can sit in a configuration record, a
 * log line or an exception message without leaking. Only {@link #reveal()} returns it; the adapters
 * call it when they build a request and nowhere else. Immutable and thread-safe.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps {@code value}.
   *
   * @throws InvalidConfigException if {@code value} is null or blank (the message does not show it)
   */
  public static Secret of(String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidConfigException(java.util.List.of("Secret.value must not be null or blank"));
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
  public boolean equals(Object other) {
    return other instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value);
  }
}
