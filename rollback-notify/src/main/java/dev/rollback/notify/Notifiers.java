package dev.rollback.notify;

import dev.rollback.notify.internal.AudienceRouter;
import dev.rollback.notify.internal.PagerDutyNotifier;
import dev.rollback.notify.internal.SlackNotifier;
import dev.rollback.notify.internal.WebhookNotifier;
import dev.rollback.spi.Notifier;

/**
 * Creates the notifiers of this module. Each returned {@link Notifier} is thread-safe and makes one
 * delivery attempt per {@code send}, within the timeouts of its {@link DeliveryPolicy}: it returns
 * once the destination accepted the notification and otherwise throws a {@link
 * NotificationDeliveryException} whose message holds no secret, saying whether a later attempt may
 * succeed and what {@code Retry-After} the destination asked for. The engine does the retrying.
 */
public final class Notifiers {
  private Notifiers() {}

  /** Returns a notifier that posts Block Kit messages to a Slack incoming webhook. */
  public static Notifier slack(SlackConfig config) {
    return new SlackNotifier(config);
  }

  /** Returns a notifier that sends PagerDuty Events API v2 trigger and resolve events. */
  public static Notifier pagerDuty(PagerDutyConfig config) {
    return new PagerDutyNotifier(config);
  }

  /** Returns a notifier that posts the versioned, optionally signed JSON body to an endpoint. */
  public static Notifier webhook(WebhookConfig config) {
    return new WebhookNotifier(config);
  }

  /**
   * Returns a notifier that delivers each notification to every destination of its audience and
   * throws when any of them did not accept it; a retry of the same notification skips the
   * destinations that already accepted it.
   */
  public static Notifier routed(AudienceRoutes routes) {
    return new AudienceRouter(routes);
  }
}
