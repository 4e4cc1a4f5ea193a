package dev.rollback.notify;

import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.spi.helpers.Secret;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where and how {@link Notifiers#webhook} posts notifications as JSON to an HTTP endpoint.
 *
 * <p>The body is the versioned document described in {@code WEBHOOK.md} ({@code schema_version}
 * 1): every field of the notification, with {@code facts} as an ordered list of name/value pairs.
 * Each request carries {@code Content-Type: application/json; charset=utf-8}, {@code
 * X-Rollback-Delivery} (the body's {@code id}, the same for every retry of one notification, for
 * receivers to deduplicate), the configured {@link #headers()}, and, with a {@link
 * #signingSecret()}, the header {@link #signatureHeader()} set to {@code sha256=} followed by the
 * lower-case hex HMAC-SHA256 of the exact body bytes under the secret.
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows no URL, header value or signing secret.
 * Build with {@link #builder(Secret)}; {@link Builder#build()} reports every broken rule at once.
 */
public final class WebhookConfig {
  /** The default signature header. */
  public static final String DEFAULT_SIGNATURE_HEADER = "X-Rollback-Signature-256";

  private static final Set<String> RESERVED =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "content-type",
          "x-rollback-delivery");

  private final String name;
  private final Secret url;
  private final Map<String, Secret> headers;
  private final @Nullable Secret signingSecret;
  private final String signatureHeader;
  private final boolean includeAttachments;
  private final DeliveryPolicy delivery;

  private WebhookConfig(Builder b, Map<String, Secret> headers) {
    this.name = Objects.requireNonNull(b.name);
    this.url = Objects.requireNonNull(b.url);
    this.headers = headers;
    this.signingSecret = b.signingSecret;
    this.signatureHeader = Objects.requireNonNull(b.signatureHeader);
    this.includeAttachments = b.includeAttachments;
    this.delivery = Objects.requireNonNull(b.delivery);
  }

  /** Returns a configuration for {@code url} with every default: no headers, no signature. */
  public static WebhookConfig of(Secret url) {
    return builder(url).build();
  }

  /** Returns a builder for {@code url} holding the defaults. */
  public static Builder builder(Secret url) {
    return new Builder().url(url);
  }

  /** Returns a builder holding the values of {@code existing}, its headers included. */
  public static Builder builder(WebhookConfig existing) {
    Builder b = new Builder()
        .url(existing.url)
        .name(existing.name)
        .signingSecret(existing.signingSecret)
        .signatureHeader(existing.signatureHeader)
        .includeAttachments(existing.includeAttachments)
        .delivery(existing.delivery);
    b.headers.putAll(existing.headers);
    return b;
  }

  /** Returns the notifier's name in journals, logs and exception messages. */
  public String name() {
    return name;
  }

  /** Returns the endpoint; held as a secret because such URLs often embed a token. */
  public Secret url() {
    return url;
  }

  /**
   * Returns the extra request headers, e.g. {@code Authorization}, in the order added; values are
   * secrets and never logged. Unmodifiable.
   */
  public Map<String, Secret> headers() {
    return headers;
  }

  /** Returns the shared HMAC-SHA256 key; null to send no signature. */
  public @Nullable Secret signingSecret() {
    return signingSecret;
  }

  /** Returns the header that carries the signature. */
  public String signatureHeader() {
    return signatureHeader;
  }

  /** Returns whether the body carries attachment contents (e.g. the postmortem). */
  public boolean includeAttachments() {
    return includeAttachments;
  }

  /** Returns the timeouts of each delivery attempt. */
  public DeliveryPolicy delivery() {
    return delivery;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof WebhookConfig c
        && c.name.equals(name)
        && c.url.equals(url)
        && c.headers.equals(headers)
        && Objects.equals(c.signingSecret, signingSecret)
        && c.signatureHeader.equals(signatureHeader)
        && c.includeAttachments == includeAttachments
        && c.delivery.equals(delivery);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, url, headers, signingSecret, signatureHeader, includeAttachments, delivery);
  }

  @Override
  public String toString() {
    return "WebhookConfig[name=" + name + ", url=" + url + ", headers=" + headers + ", signingSecret="
        + signingSecret + ", signatureHeader=" + signatureHeader + ", includeAttachments="
        + includeAttachments + ", delivery=" + delivery + "]";
  }

  /** Builds a {@link WebhookConfig}; {@link #build()} validates and copies. Not thread-safe. */
  public static final class Builder {
    private @Nullable Secret url;
    private @Nullable String name = "webhook";
    private final Map<String, @Nullable Secret> headers = new LinkedHashMap<>();
    private @Nullable Secret signingSecret;
    private @Nullable String signatureHeader = DEFAULT_SIGNATURE_HEADER;
    private boolean includeAttachments = true;
    private @Nullable DeliveryPolicy delivery = DeliveryPolicy.ofDefaults();

    private Builder() {}

    /** Sets {@link WebhookConfig#url()}: an absolute http(s) URL. */
    public Builder url(@Nullable Secret value) {
      this.url = value;
      return this;
    }

    /** Sets {@link WebhookConfig#name()}; default {@code webhook}. */
    public Builder name(@Nullable String value) {
      this.name = value;
      return this;
    }

    /**
     * Adds a header; its value is treated as a secret. Names must be HTTP tokens and must not be
     * one the notifier or the HTTP client sets.
     */
    public Builder header(String headerName, @Nullable Secret value) {
      this.headers.put(headerName, value);
      return this;
    }

    /** Sets {@link WebhookConfig#signingSecret()}; default none. */
    public Builder signingSecret(@Nullable Secret value) {
      this.signingSecret = value;
      return this;
    }

    /** Sets {@link WebhookConfig#signatureHeader()}; default {@value WebhookConfig#DEFAULT_SIGNATURE_HEADER}. */
    public Builder signatureHeader(@Nullable String value) {
      this.signatureHeader = value;
      return this;
    }

    /** Sets {@link WebhookConfig#includeAttachments()}; default true. */
    public Builder includeAttachments(boolean value) {
      this.includeAttachments = value;
      return this;
    }

    /** Sets {@link WebhookConfig#delivery()}; default {@link DeliveryPolicy#ofDefaults()}. */
    public Builder delivery(@Nullable DeliveryPolicy value) {
      this.delivery = value;
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws InvalidConfigurationException listing every broken rule
     */
    public WebhookConfig build() {
      ConfigProblems p = ConfigProblems.of("WebhookConfig");
      p.notBlank("name", name);
      Secret u = url;
      if (p.present("url", u) && u != null) {
        p.httpUri("url", u.reveal(), true);
      }
      String signature = signatureHeader;
      if (p.notBlank("signatureHeader", signature) && signature != null) {
        p.headerName("signatureHeader", signature);
        p.check(RESERVED.contains(signature.toLowerCase(Locale.ROOT)),
            "signatureHeader '" + signature + "' is set by the notifier itself");
      }
      Map<String, Secret> copy = new LinkedHashMap<>();
      headers.forEach((k, v) -> {
        if (p.check(k == null || v == null, "headers must not hold null names or values")
            && k != null && v != null) {
          p.headerName("headers name", k);
          String lower = k.toLowerCase(Locale.ROOT);
          p.check(RESERVED.contains(lower),
              "headers name '" + k + "' is set by the notifier or the HTTP client");
          p.check(signature != null && lower.equalsIgnoreCase(signature),
              "headers name '" + k + "' is the signature header");
          copy.put(k, v);
        }
      });
      p.present("delivery", delivery);
      p.throwIfAny();
      return new WebhookConfig(this, Collections.unmodifiableMap(copy));
    }
  }
}
