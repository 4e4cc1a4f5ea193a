package dev.rollback.notify;

import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.spi.helpers.Secret;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where and how {@link Notifiers#slack} posts to a Slack incoming webhook.
 *
 * <p>Immutable and thread-safe; {@link #toString()} does not show the webhook URL. Build with
 * {@link #builder(Secret)}; {@link Builder#build()} reports every broken rule at once.
 */
public final class SlackConfig {
  private final String name;
  private final Secret webhookUrl;
  private final @Nullable String teamLeadMention;
  private final DeliveryPolicy delivery;

  private SlackConfig(Builder b) {
    this.name = Objects.requireNonNull(b.name);
    this.webhookUrl = Objects.requireNonNull(b.webhookUrl);
    this.teamLeadMention = b.teamLeadMention;
    this.delivery = Objects.requireNonNull(b.delivery);
  }

  /** Returns a configuration named {@code slack} with no mention and the default delivery policy. */
  public static SlackConfig of(Secret webhookUrl) {
    return builder(webhookUrl).build();
  }

  /** Returns a builder for {@code webhookUrl} holding the defaults. */
  public static Builder builder(Secret webhookUrl) {
    return new Builder().webhookUrl(webhookUrl);
  }

  /** Returns a builder holding the values of {@code existing}. */
  public static Builder builder(SlackConfig existing) {
    return new Builder()
        .webhookUrl(existing.webhookUrl)
        .name(existing.name)
        .teamLeadMention(existing.teamLeadMention)
        .delivery(existing.delivery);
  }

  /**
   * Returns the notifier's name in journals, logs and exception messages, e.g. {@code slack} or
   * {@code slack-leads}.
   */
  public String name() {
    return name;
  }

  /**
   * Returns the incoming-webhook URL ({@code https://hooks.slack.com/services/…}); a secret, since
   * anyone holding it can post.
   */
  public Secret webhookUrl() {
    return webhookUrl;
  }

  /**
   * Returns the mrkdwn added to the escalation banner of team-lead notifications, e.g. {@code
   * <!subteam^S0123>} or {@code <@U0123>}; null for none.
   */
  public @Nullable String teamLeadMention() {
    return teamLeadMention;
  }

  /** Returns the timeouts of each delivery attempt. */
  public DeliveryPolicy delivery() {
    return delivery;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SlackConfig c
        && c.name.equals(name)
        && c.webhookUrl.equals(webhookUrl)
        && Objects.equals(c.teamLeadMention, teamLeadMention)
        && c.delivery.equals(delivery);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, webhookUrl, teamLeadMention, delivery);
  }

  @Override
  public String toString() {
    return "SlackConfig[name=" + name + ", webhookUrl=" + webhookUrl + ", teamLeadMention="
        + teamLeadMention + ", delivery=" + delivery + "]";
  }

  /** Builds a {@link SlackConfig}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private @Nullable Secret webhookUrl;
    private @Nullable String name = "slack";
    private @Nullable String teamLeadMention;
    private @Nullable DeliveryPolicy delivery = DeliveryPolicy.ofDefaults();

    private Builder() {}

    /** Sets {@link SlackConfig#webhookUrl()}: an absolute http(s) URL. */
    public Builder webhookUrl(@Nullable Secret value) {
      this.webhookUrl = value;
      return this;
    }

    /** Sets {@link SlackConfig#name()}; default {@code slack}. */
    public Builder name(@Nullable String value) {
      this.name = value;
      return this;
    }

    /** Sets {@link SlackConfig#teamLeadMention()}; default none. */
    public Builder teamLeadMention(@Nullable String value) {
      this.teamLeadMention = value;
      return this;
    }

    /** Sets {@link SlackConfig#delivery()}; default {@link DeliveryPolicy#ofDefaults()}. */
    public Builder delivery(@Nullable DeliveryPolicy value) {
      this.delivery = value;
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws InvalidConfigurationException listing every broken rule
     */
    public SlackConfig build() {
      ConfigProblems p = ConfigProblems.of("SlackConfig");
      p.notBlank("name", name);
      Secret url = webhookUrl;
      if (p.present("webhookUrl", url) && url != null) {
        p.httpUri("webhookUrl", url.reveal(), true);
      }
      if (teamLeadMention != null) {
        p.notBlank("teamLeadMention", teamLeadMention);
      }
      p.present("delivery", delivery);
      p.throwIfAny();
      return new SlackConfig(this);
    }
  }
}
