package dev.rollback.notify;

import dev.rollback.notify.internal.Problems;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
 * @param name the notifier's name in journals, logs and exception messages
 * @param url the endpoint; held as a secret because such URLs often embed a token
 * @param headers extra request headers, e.g. {@code Authorization}; values are secrets and never
 *     logged. Names must be HTTP tokens and must not be one the notifier or the HTTP client sets
 * @param signingSecret the shared HMAC-SHA256 key; null to send no signature
 * @param signatureHeader the header that carries the signature
 * @param includeAttachments whether the body carries attachment contents (e.g. the postmortem)
 * @param delivery timeouts and retries
 */
public record WebhookConfig(
    String name,
    Secret url,
    Map<String, Secret> headers,
    @Nullable Secret signingSecret,
    String signatureHeader,
    boolean includeAttachments,
    DeliveryPolicy delivery) {

  /** The default signature header. */
  public static final String DEFAULT_SIGNATURE_HEADER = "X-Rollback-Signature-256";

  private static final Set<String> RESERVED =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "content-type",
          "x-rollback-delivery");

  /** Validates every field, reports every broken rule at once, and copies the headers. */
  public WebhookConfig {
    Problems p = new Problems();
    p.notBlank(name, "WebhookConfig.name");
    if (p.present(url, "WebhookConfig.url")) {
      p.httpUri(url.reveal(), "WebhookConfig.url", true);
    }
    p.notBlank(signatureHeader, "WebhookConfig.signatureHeader");
    if (signatureHeader != null && !signatureHeader.isBlank()) {
      p.headerName(signatureHeader, "WebhookConfig.signatureHeader");
      p.check(RESERVED.contains(signatureHeader.toLowerCase(Locale.ROOT)),
          "WebhookConfig.signatureHeader '" + signatureHeader + "' is set by the notifier itself");
    }
    if (p.present(headers, "WebhookConfig.headers")) {
      Map<String, Secret> copy = new LinkedHashMap<>();
      headers.forEach((k, v) -> {
        if (p.check(k == null || v == null, "WebhookConfig.headers must not hold null names or values")) {
          p.headerName(k, "WebhookConfig.headers name");
          String lower = k.toLowerCase(Locale.ROOT);
          p.check(RESERVED.contains(lower),
              "WebhookConfig.headers name '" + k + "' is set by the notifier or the HTTP client");
          p.check(signatureHeader != null && lower.equalsIgnoreCase(signatureHeader),
              "WebhookConfig.headers name '" + k + "' is the signature header");
          copy.put(k, v);
        }
      });
      headers = Collections.unmodifiableMap(copy);
    }
    p.present(delivery, "WebhookConfig.delivery");
    p.throwIfAny();
  }

  /** Returns a configuration for {@code url} with every default: no headers, no signature. */
  public static WebhookConfig of(Secret url) {
    return builder(url).build();
  }

  /** Returns a builder for {@code url} holding the defaults. */
  public static Builder builder(Secret url) {
    return new Builder(url);
  }

  /** Builds a {@link WebhookConfig}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private final Secret url;
    private String name = "webhook";
    private final Map<String, Secret> headers = new LinkedHashMap<>();
    private @Nullable Secret signingSecret;
    private String signatureHeader = DEFAULT_SIGNATURE_HEADER;
    private boolean includeAttachments = true;
    private DeliveryPolicy delivery = DeliveryPolicy.ofDefaults();

    private Builder(Secret url) {
      this.url = url;
    }

    /** Sets {@link WebhookConfig#name()}; default {@code webhook}. */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** Adds a header; its value is treated as a secret. */
    public Builder header(String headerName, Secret value) {
      this.headers.put(headerName, value);
      return this;
    }

    /** Sets {@link WebhookConfig#signingSecret()}; default none. */
    public Builder signingSecret(@Nullable Secret value) {
      this.signingSecret = value;
      return this;
    }

    /** Sets {@link WebhookConfig#signatureHeader()}; default {@value WebhookConfig#DEFAULT_SIGNATURE_HEADER}. */
    public Builder signatureHeader(String value) {
      this.signatureHeader = value;
      return this;
    }

    /** Sets {@link WebhookConfig#includeAttachments()}; default true. */
    public Builder includeAttachments(boolean value) {
      this.includeAttachments = value;
      return this;
    }

    /** Sets {@link WebhookConfig#delivery()}; default {@link DeliveryPolicy#ofDefaults()}. */
    public Builder delivery(DeliveryPolicy value) {
      this.delivery = value;
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws InvalidConfigException listing every broken rule
     */
    public WebhookConfig build() {
      return new WebhookConfig(
          name, url, headers, signingSecret, signatureHeader, includeAttachments, delivery);
    }
  }
}
