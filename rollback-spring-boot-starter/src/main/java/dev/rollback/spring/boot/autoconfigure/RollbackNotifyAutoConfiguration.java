package dev.rollback.spring.boot.autoconfigure;

import dev.rollback.notify.Notifiers;
import dev.rollback.notify.PagerDutyConfig;
import dev.rollback.notify.SlackConfig;
import dev.rollback.notify.WebhookConfig;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.helpers.Secret;
import dev.rollback.spring.boot.NotifyProperties;
import dev.rollback.spring.boot.PagerDutyProperties;
import dev.rollback.spring.boot.RollbackNotifiers;
import dev.rollback.spring.boot.RollbackProperties;
import dev.rollback.spring.boot.SlackProperties;
import dev.rollback.spring.boot.WebhookProperties;
import dev.rollback.spring.boot.internal.PropertyProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The Slack, PagerDuty and webhook notifiers from {@code rollback.notify.*}, when rollback-notify
 * is on the class path and the application has no {@link Notifier} beans of its own. Each is built
 * when its secret is set; secrets come from any property source (environment variables such as
 * {@code ROLLBACK_NOTIFY_SLACK_WEBHOOKURL} included) and are held as {@link Secret}s.
 */
@AutoConfiguration
@ConditionalOnClass(Notifiers.class)
@EnableConfigurationProperties(RollbackProperties.class)
public final class RollbackNotifyAutoConfiguration {

  /** Creates the configuration; Spring Boot does. */
  public RollbackNotifyAutoConfiguration() {}

  /** Returns the notifiers whose secrets are set, in the order Slack, PagerDuty, webhook. */
  @Bean
  @ConditionalOnMissingBean({Notifier.class, RollbackNotifiers.class})
  RollbackNotifiers rollbackNotifiers(RollbackProperties properties) {
    NotifyProperties p = properties.getNotify();
    List<Notifier> notifiers = new ArrayList<>();
    SlackProperties slack = p.getSlack();
    Secret slackUrl = slack.getWebhookUrl();
    if (slackUrl != null) {
      notifiers.add(Notifiers.slack(PropertyProblems.under("rollback.notify.slack").build(() -> {
        SlackConfig.Builder b = SlackConfig.builder(slackUrl).teamLeadMention(slack.getTeamLeadMention());
        if (slack.getName() != null) {
          b.name(slack.getName());
        }
        return b.build();
      })));
    }
    PagerDutyProperties pd = p.getPagerduty();
    Secret routingKey = pd.getRoutingKey();
    if (routingKey != null) {
      notifiers.add(Notifiers.pagerDuty(PropertyProblems.under("rollback.notify.pagerduty").build(() -> {
        PagerDutyConfig.Builder b = PagerDutyConfig.builder(routingKey).source(pd.getSource());
        if (pd.getName() != null) {
          b.name(pd.getName());
        }
        if (pd.getEventsUrl() != null) {
          b.eventsUrl(pd.getEventsUrl());
        }
        return b.build();
      })));
    }
    WebhookProperties hook = p.getWebhook();
    Secret url = hook.getUrl();
    if (url != null) {
      notifiers.add(Notifiers.webhook(PropertyProblems.under("rollback.notify.webhook").build(() -> {
        WebhookConfig.Builder b = WebhookConfig.builder(url).signingSecret(hook.getSigningSecret());
        if (hook.getName() != null) {
          b.name(hook.getName());
        }
        for (Map.Entry<String, Secret> header : hook.getHeaders().entrySet()) {
          b.header(header.getKey(), header.getValue());
        }
        return b.build();
      })));
    }
    return new RollbackNotifiers(notifiers);
  }
}
