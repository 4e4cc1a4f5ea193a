package dev.rollback.notify;

import dev.rollback.notify.internal.Problems;
import dev.rollback.spi.RunOutcome;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where and how {@link Notifiers#pagerDuty} sends PagerDuty Events API v2 events.
 *
 * <p>Every event of a run carries the {@code dedup_key} {@code rollback:<runId>}, so the engine's
 * retries and a resumed run update one alert instead of paging twice. A {@code ROLLBACK_ALERT} or
 * {@code ESCALATION} triggers with the notification's severity ({@code CRITICAL}, {@code WARNING},
 * {@code INFO} map to {@code critical}, {@code warning}, {@code info}); the terminal {@code
 * RUN_FINISHED} triggers with the severity {@link #outcomeSeverities()} gives its outcome. With
 * {@link #resolveWhenRolledBack()}, a run that ends {@code ROLLED_BACK} instead sends {@code
 * resolve} for its {@code dedup_key}, closing the alert an earlier trigger of the run opened
 * (PagerDuty ignores a resolve for a key with no open alert, so this holds after a resume too).
 *
 * @param name the notifier's name in journals, logs and exception messages
 * @param routingKey the integration (routing) key of the PagerDuty service; a secret
 * @param eventsUrl the Events API v2 endpoint; {@code https://events.pagerduty.com/v2/enqueue}
 * @param source {@code payload.source}; null for the deployment ({@code cluster/namespace/name})
 * @param outcomeSeverities the severity for each {@link RunOutcome}; every outcome must be mapped
 * @param resolveWhenRolledBack whether a {@code ROLLED_BACK} run resolves instead of triggering
 * @param delivery timeouts and retries
 */
public record PagerDutyConfig(
    String name,
    Secret routingKey,
    String eventsUrl,
    @Nullable String source,
    Map<RunOutcome, PagerDutySeverity> outcomeSeverities,
    boolean resolveWhenRolledBack,
    DeliveryPolicy delivery) {

  /** The public Events API v2 endpoint. */
  public static final String DEFAULT_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

  /** Validates every field, reports every broken rule at once, and copies the map. */
  public PagerDutyConfig {
    Problems p = new Problems();
    p.notBlank(name, "PagerDutyConfig.name");
    p.present(routingKey, "PagerDutyConfig.routingKey");
    p.httpUri(eventsUrl, "PagerDutyConfig.eventsUrl", false);
    if (source != null) {
      p.notBlank(source, "PagerDutyConfig.source");
    }
    if (p.present(outcomeSeverities, "PagerDutyConfig.outcomeSeverities")) {
      Map<RunOutcome, PagerDutySeverity> copy = new EnumMap<>(RunOutcome.class);
      for (RunOutcome outcome : RunOutcome.values()) {
        PagerDutySeverity severity = outcomeSeverities.get(outcome);
        if (p.check(
            severity == null,
            "PagerDutyConfig.outcomeSeverities must map every outcome but misses " + outcome)) {
          copy.put(outcome, severity);
        }
      }
      outcomeSeverities = Collections.unmodifiableMap(copy);
    }
    p.present(delivery, "PagerDutyConfig.delivery");
    p.throwIfAny();
  }

  /**
   * Returns the default severities: {@code ROLLED_BACK} info, {@code NEEDS_ATTENTION} error, {@code
   * ROLLBACK_FAILED} and {@code MANUAL_NEEDED} critical.
   */
  public static Map<RunOutcome, PagerDutySeverity> defaultOutcomeSeverities() {
    Map<RunOutcome, PagerDutySeverity> m = new EnumMap<>(RunOutcome.class);
    m.put(RunOutcome.ROLLED_BACK, PagerDutySeverity.INFO);
    m.put(RunOutcome.NEEDS_ATTENTION, PagerDutySeverity.ERROR);
    m.put(RunOutcome.ROLLBACK_FAILED, PagerDutySeverity.CRITICAL);
    m.put(RunOutcome.MANUAL_NEEDED, PagerDutySeverity.CRITICAL);
    return Map.copyOf(m);
  }

  /** Returns a configuration for {@code routingKey} with every default. */
  public static PagerDutyConfig of(Secret routingKey) {
    return builder(routingKey).build();
  }

  /** Returns a builder for {@code routingKey} holding the defaults. */
  public static Builder builder(Secret routingKey) {
    return new Builder(routingKey);
  }

  /** Builds a {@link PagerDutyConfig}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private final Secret routingKey;
    private String name = "pagerduty";
    private String eventsUrl = DEFAULT_EVENTS_URL;
    private @Nullable String source;
    private Map<RunOutcome, PagerDutySeverity> outcomeSeverities = defaultOutcomeSeverities();
    private boolean resolveWhenRolledBack;
    private DeliveryPolicy delivery = DeliveryPolicy.ofDefaults();

    private Builder(Secret routingKey) {
      this.routingKey = routingKey;
    }

    /** Sets {@link PagerDutyConfig#name()}; default {@code pagerduty}. */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** Sets {@link PagerDutyConfig#eventsUrl()}; default {@link #DEFAULT_EVENTS_URL}. */
    public Builder eventsUrl(String value) {
      this.eventsUrl = value;
      return this;
    }

    /** Sets {@link PagerDutyConfig#source()}; default the deployment. */
    public Builder source(@Nullable String value) {
      this.source = value;
      return this;
    }

    /** Sets {@link PagerDutyConfig#outcomeSeverities()}; default {@link #defaultOutcomeSeverities()}. */
    public Builder outcomeSeverities(Map<RunOutcome, PagerDutySeverity> value) {
      this.outcomeSeverities = value;
      return this;
    }

    /** Sets {@link PagerDutyConfig#resolveWhenRolledBack()}; default false. */
    public Builder resolveWhenRolledBack(boolean value) {
      this.resolveWhenRolledBack = value;
      return this;
    }

    /** Sets {@link PagerDutyConfig#delivery()}; default {@link DeliveryPolicy#ofDefaults()}. */
    public Builder delivery(DeliveryPolicy value) {
      this.delivery = value;
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws InvalidConfigException listing every broken rule
     */
    public PagerDutyConfig build() {
      return new PagerDutyConfig(
          name, routingKey, eventsUrl, source, outcomeSeverities, resolveWhenRolledBack, delivery);
    }
  }
}
