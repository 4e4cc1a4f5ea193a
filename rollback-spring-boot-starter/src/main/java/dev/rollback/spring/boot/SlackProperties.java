package dev.rollback.spring.boot;

import dev.rollback.spi.helpers.Secret;
import org.jspecify.annotations.Nullable;

/**
 * Settings of {@code rollback.notify.slack.*}.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class SlackProperties {
  /** The incoming-webhook URL, a secret; the notifier is configured when it is set. */
  private @Nullable Secret webhookUrl;

  /** The notifier's name in journals and metrics. */
  private @Nullable String name;

  /** Who is mentioned when a team lead is paged, e.g. {@code <!subteam^S123>}. */
  private @Nullable String teamLeadMention;

  /** Returns the incoming-webhook URL, a secret; the notifier is configured when it is set. */
  public @Nullable Secret getWebhookUrl() {
    return webhookUrl;
  }

  /** Sets the incoming-webhook URL, a secret; the notifier is configured when it is set. */
  public void setWebhookUrl(@Nullable Secret webhookUrl) {
    this.webhookUrl = webhookUrl;
  }

  /** Returns the notifier's name in journals and metrics. */
  public @Nullable String getName() {
    return name;
  }

  /** Sets the notifier's name in journals and metrics. */
  public void setName(@Nullable String name) {
    this.name = name;
  }

  /** Returns who is mentioned when a team lead is paged, e.g. {@code <!subteam^S123>}. */
  public @Nullable String getTeamLeadMention() {
    return teamLeadMention;
  }

  /** Sets who is mentioned when a team lead is paged, e.g. {@code <!subteam^S123>}. */
  public void setTeamLeadMention(@Nullable String teamLeadMention) {
    this.teamLeadMention = teamLeadMention;
  }
}
