package dev.rollback.spring.boot;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of {@code rollback.notify.*}: each notifier is configured when its secret is set, tried in the order Slack, PagerDuty, webhook.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class NotifyProperties {
  /** The Slack notifier. */
  @NestedConfigurationProperty
  private final SlackProperties slack = new SlackProperties();

  /** The PagerDuty notifier. */
  @NestedConfigurationProperty
  private final PagerDutyProperties pagerduty = new PagerDutyProperties();

  /** The webhook notifier. */
  @NestedConfigurationProperty
  private final WebhookProperties webhook = new WebhookProperties();

  /** Returns the Slack notifier. */
  public SlackProperties getSlack() {
    return slack;
  }

  /** Returns the PagerDuty notifier. */
  public PagerDutyProperties getPagerduty() {
    return pagerduty;
  }

  /** Returns the webhook notifier. */
  public WebhookProperties getWebhook() {
    return webhook;
  }
}
