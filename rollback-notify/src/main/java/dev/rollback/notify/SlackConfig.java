package dev.rollback.notify;

import dev.rollback.notify.internal.Problems;
import org.jspecify.annotations.Nullable;

/**
 * Where and how {@link Notifiers#slack} posts to a Slack incoming webhook.
 *
 * @param name the notifier's name in journals, logs and exception messages, e.g. {@code slack} or
 *     {@code slack-leads}
 * @param webhookUrl the incoming-webhook URL ({@code https://hooks.slack.com/services/…}); a secret,
 *     since anyone holding it can post
 * @param teamLeadMention mrkdwn added to the escalation banner of team-lead notifications, e.g.
 *     {@code <!subteam^S0123>} or {@code <@U0123>}; null for none
 * @param delivery timeouts and retries
 */
public record SlackConfig(
    String name, Secret webhookUrl, @Nullable String teamLeadMention, DeliveryPolicy delivery) {

  /** Validates every field and reports every broken rule at once. */
  public SlackConfig {
    Problems p = new Problems();
    p.notBlank(name, "SlackConfig.name");
    if (p.present(webhookUrl, "SlackConfig.webhookUrl")) {
      p.httpUri(webhookUrl.reveal(), "SlackConfig.webhookUrl", true);
    }
    if (teamLeadMention != null) {
      p.notBlank(teamLeadMention, "SlackConfig.teamLeadMention");
    }
    p.present(delivery, "SlackConfig.delivery");
    p.throwIfAny();
  }

  /** Returns a configuration named {@code slack} with no mention and the default delivery policy. */
  public static SlackConfig of(Secret webhookUrl) {
    return builder(webhookUrl).build();
  }

  /** Returns a builder for {@code webhookUrl} holding the defaults. */
  public static Builder builder(Secret webhookUrl) {
    return new Builder(webhookUrl);
  }

  /** Builds a {@link SlackConfig}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private final Secret webhookUrl;
    private String name = "slack";
    private @Nullable String teamLeadMention;
    private DeliveryPolicy delivery = DeliveryPolicy.ofDefaults();

    private Builder(Secret webhookUrl) {
      this.webhookUrl = webhookUrl;
    }

    /** Sets {@link SlackConfig#name()}; default {@code slack}. */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** Sets {@link SlackConfig#teamLeadMention()}; default none. */
    public Builder teamLeadMention(@Nullable String value) {
      this.teamLeadMention = value;
      return this;
    }

    /** Sets {@link SlackConfig#delivery()}; default {@link DeliveryPolicy#ofDefaults()}. */
    public Builder delivery(DeliveryPolicy value) {
      this.delivery = value;
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws InvalidConfigException listing every broken rule
     */
    public SlackConfig build() {
      return new SlackConfig(name, webhookUrl, teamLeadMention, delivery);
    }
  }
}
