package dev.rollback.notify.internal;

import dev.rollback.notify.SlackConfig;
import dev.rollback.spi.Notification;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.helpers.Redactor;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

/** Posts each notification to a Slack incoming webhook as a Block Kit message. Thread-safe. */
public final class SlackNotifier implements Notifier {
  private final SlackConfig config;
  private final URI webhook;
  private final HttpDelivery delivery;

  /** Creates the notifier for {@code config}. */
  public SlackNotifier(SlackConfig config) {
    this.config = config;
    this.webhook = URI.create(config.webhookUrl().reveal());
    this.delivery =
        new HttpDelivery(config.name(), config.delivery(), Redactor.of(List.of(config.webhookUrl())));
  }

  @Override
  public void send(Notification notification) throws InterruptedException {
    String body = Json.write(SlackMessage.render(notification, config.teamLeadMention()));
    HttpRequest request =
        delivery.request(webhook)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    delivery.send(request);
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String toString() {
    return "SlackNotifier[" + config.name() + "]";
  }
}
