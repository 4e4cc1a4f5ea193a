package dev.rollback.spring.boot;

import dev.rollback.spi.helpers.Secret;
import org.jspecify.annotations.Nullable;

/**
 * Settings of {@code rollback.notify.pagerduty.*}.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class PagerDutyProperties {
  /** The Events API v2 routing key, a secret; the notifier is configured when it is set. */
  private @Nullable Secret routingKey;

  /** The notifier's name in journals and metrics. */
  private @Nullable String name;

  /** The Events API URL. */
  private @Nullable String eventsUrl;

  /** The source field of events. */
  private @Nullable String source;

  /** Returns the Events API v2 routing key, a secret; the notifier is configured when it is set. */
  public @Nullable Secret getRoutingKey() {
    return routingKey;
  }

  /** Sets the Events API v2 routing key, a secret; the notifier is configured when it is set. */
  public void setRoutingKey(@Nullable Secret routingKey) {
    this.routingKey = routingKey;
  }

  /** Returns the notifier's name in journals and metrics. */
  public @Nullable String getName() {
    return name;
  }

  /** Sets the notifier's name in journals and metrics. */
  public void setName(@Nullable String name) {
    this.name = name;
  }

  /** Returns the Events API URL. */
  public @Nullable String getEventsUrl() {
    return eventsUrl;
  }

  /** Sets the Events API URL. */
  public void setEventsUrl(@Nullable String eventsUrl) {
    this.eventsUrl = eventsUrl;
  }

  /** Returns the source field of events. */
  public @Nullable String getSource() {
    return source;
  }

  /** Sets the source field of events. */
  public void setSource(@Nullable String source) {
    this.source = source;
  }
}
