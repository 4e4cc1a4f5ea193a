package dev.rollback.notify.internal;

import dev.rollback.notify.WebhookConfig;
import dev.rollback.spi.Notification;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.helpers.Redactor;
import dev.rollback.spi.helpers.Secret;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Posts each notification as the versioned JSON body, optionally HMAC-signed. Thread-safe. */
public final class WebhookNotifier implements Notifier {
  private final WebhookConfig config;
  private final URI endpoint;
  private final @Nullable HmacSigner signer;
  private final HttpDelivery delivery;

  /** Creates the notifier for {@code config}. */
  public WebhookNotifier(WebhookConfig config) {
    this.config = config;
    this.endpoint = URI.create(config.url().reveal());
    Secret signing = config.signingSecret();
    this.signer = signing == null ? null : new HmacSigner(signing);
    List<Secret> secrets = new ArrayList<>(config.headers().values());
    secrets.add(config.url());
    if (signing != null) {
      secrets.add(signing);
    }
    this.delivery = new HttpDelivery(config.name(), config.delivery(), Redactor.of(secrets));
  }

  @Override
  public void send(Notification notification) throws InterruptedException {
    byte[] body =
        Json.write(WebhookBody.render(notification, config.includeAttachments()))
            .getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request =
        delivery.request(endpoint)
            .header("Content-Type", "application/json; charset=utf-8")
            .setHeader("User-Agent", "rollback-notify")
            .header("X-Rollback-Delivery", WebhookBody.id(notification));
    config.headers().forEach((name, value) -> request.setHeader(name, value.reveal()));
    if (signer != null) {
      request.header(config.signatureHeader(), signer.sign(body));
    }
    delivery.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String toString() {
    return "WebhookNotifier[" + config.name() + "]";
  }
}
