package dev.rollback.spring.boot;

import dev.rollback.spi.helpers.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Settings of {@code rollback.notify.webhook.*}.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class WebhookProperties {
  /** The URL notifications are posted to, a secret; the notifier is configured when it is set. */
  private @Nullable Secret url;

  /** The notifier's name in journals and metrics. */
  private @Nullable String name;

  /** The HMAC key the body is signed with; never logged. */
  private @Nullable Secret signingSecret;

  /** Headers sent with every request; their values are secrets. */
  private final Map<String, Secret> headers = new LinkedHashMap<>();

  /** Returns the URL notifications are posted to, a secret; the notifier is configured when it is set. */
  public @Nullable Secret getUrl() {
    return url;
  }

  /** Sets the URL notifications are posted to, a secret; the notifier is configured when it is set. */
  public void setUrl(@Nullable Secret url) {
    this.url = url;
  }

  /** Returns the notifier's name in journals and metrics. */
  public @Nullable String getName() {
    return name;
  }

  /** Sets the notifier's name in journals and metrics. */
  public void setName(@Nullable String name) {
    this.name = name;
  }

  /** Returns the HMAC key the body is signed with; never logged. */
  public @Nullable Secret getSigningSecret() {
    return signingSecret;
  }

  /** Sets the HMAC key the body is signed with; never logged. */
  public void setSigningSecret(@Nullable Secret signingSecret) {
    this.signingSecret = signingSecret;
  }

  /** Returns headers sent with every request; their values are secrets. */
  public Map<String, Secret> getHeaders() {
    return headers;
  }
}
