package dev.rollback.notify.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollback.notify.PagerDutyConfig;
import dev.rollback.spi.Notification;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.helpers.Redactor;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

/**
 * Sends each notification to the PagerDuty Events API v2 as a {@code trigger}, or as a {@code
 * resolve} when a run ends rolled back and the configuration asks for it. Thread-safe and
 * stateless: deduplication rests on the run's {@code dedup_key}.
 */
public final class PagerDutyNotifier implements Notifier {
  private final PagerDutyConfig config;
  private final URI endpoint;
  private final HttpDelivery delivery;

  /** Creates the notifier for {@code config}. */
  public PagerDutyNotifier(PagerDutyConfig config) {
    this.config = config;
    this.endpoint = URI.create(config.eventsUrl());
    this.delivery =
        new HttpDelivery(config.name(), config.delivery(), Redactor.of(List.of(config.routingKey())));
  }

  @Override
  public void send(Notification notification) throws InterruptedException {
    String key = config.routingKey().reveal();
    ObjectNode event =
        PagerDutyEvent.resolves(notification, config)
            ? PagerDutyEvent.resolve(notification, key)
            : PagerDutyEvent.trigger(notification, config, key);
    HttpRequest request =
        delivery.request(endpoint)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(event)))
            .build();
    delivery.send(request);
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String toString() {
    return "PagerDutyNotifier[" + config.name() + "]";
  }
}
