package dev.rollback.notify;

import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.spi.helpers.Secret;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
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
 * <p>Immutable and thread-safe; {@link #toString()} does not show the routing key. Build with
 * {@link #builder(Secret)}; {@link Builder#build()} reports every broken rule at once.
 */
public final class PagerDutyConfig {
  /** The public Events API v2 endpoint. */
  public static final String DEFAULT_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

  private final String name;
  private final Secret routingKey;
  private final String eventsUrl;
  private final @Nullable String source;
  private final Map<RunOutcome, PagerDutySeverity> outcomeSeverities;
  private final boolean resolveWhenRolledBack;
  private final DeliveryPolicy delivery;

  private PagerDutyConfig(Builder b, Map<RunOutcome, PagerDutySeverity> outcomeSeverities) {
    this.name = Objects.requireNonNull(b.name);
    this.routingKey = Objects.requireNonNull(b.routingKey);
    this.eventsUrl = Objects.requireNonNull(b.eventsUrl);
    this.source = b.source;
    this.outcomeSeverities = outcomeSeverities;
    this.resolveWhenRolledBack = b.resolveWhenRolledBack;
    this.delivery = Objects.requireNonNull(b.delivery);
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
    return new Builder().routingKey(routingKey);
  }

  /** Returns a builder holding the values of {@code existing}. */
  public static Builder builder(PagerDutyConfig existing) {
    return new Builder()
        .routingKey(existing.routingKey)
        .name(existing.name)
        .eventsUrl(existing.eventsUrl)
        .source(existing.source)
        .outcomeSeverities(existing.outcomeSeverities)
        .resolveWhenRolledBack(existing.resolveWhenRolledBack)
        .delivery(existing.delivery);
  }

  /** Returns the notifier's name in journals, logs and exception messages. */
  public String name() {
    return name;
  }

  /** Returns the integration (routing) key of the PagerDuty service; a secret. */
  public Secret routingKey() {
    return routingKey;
  }

  /** Returns the Events API v2 endpoint; {@value #DEFAULT_EVENTS_URL} by default. */
  public String eventsUrl() {
    return eventsUrl;
  }

  /** Returns {@code payload.source}; null for the deployment ({@code cluster/namespace/name}). */
  public @Nullable String source() {
    return source;
  }

  /** Returns the severity for each {@link RunOutcome}; every outcome is mapped. Unmodifiable. */
  public Map<RunOutcome, PagerDutySeverity> outcomeSeverities() {
    return outcomeSeverities;
  }

  /** Returns whether a {@code ROLLED_BACK} run resolves the run's alert instead of triggering. */
  public boolean resolveWhenRolledBack() {
    return resolveWhenRolledBack;
  }

  /** Returns the timeouts of each delivery attempt. */
  public DeliveryPolicy delivery() {
    return delivery;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PagerDutyConfig c
        && c.name.equals(name)
        && c.routingKey.equals(routingKey)
        && c.eventsUrl.equals(eventsUrl)
        && Objects.equals(c.source, source)
        && c.outcomeSeverities.equals(outcomeSeverities)
        && c.resolveWhenRolledBack == resolveWhenRolledBack
        && c.delivery.equals(delivery);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, routingKey, eventsUrl, source, outcomeSeverities, resolveWhenRolledBack, delivery);
  }

  @Override
  public String toString() {
    return "PagerDutyConfig[name=" + name + ", routingKey=" + routingKey + ", eventsUrl=" + eventsUrl
        + ", source=" + source + ", outcomeSeverities=" + outcomeSeverities + ", resolveWhenRolledBack="
        + resolveWhenRolledBack + ", delivery=" + delivery + "]";
  }

  /** Builds a {@link PagerDutyConfig}; {@link #build()} validates and copies. Not thread-safe. */
  public static final class Builder {
    private @Nullable Secret routingKey;
    private @Nullable String name = "pagerduty";
    private @Nullable String eventsUrl = DEFAULT_EVENTS_URL;
    private @Nullable String source;
    private @Nullable Map<RunOutcome, PagerDutySeverity> outcomeSeverities = defaultOutcomeSeverities();
    private boolean resolveWhenRolledBack;
    private @Nullable DeliveryPolicy delivery = DeliveryPolicy.ofDefaults();

    private Builder() {}

    /** Sets {@link PagerDutyConfig#routingKey()}. */
    public Builder routingKey(@Nullable Secret value) {
      this.routingKey = value;
      return this;
    }

    /** Sets {@link PagerDutyConfig#name()}; default {@code pagerduty}. */
    public Builder name(@Nullable String value) {
      this.name = value;
      return this;
    }

    /** Sets {@link PagerDutyConfig#eventsUrl()}; default {@link #DEFAULT_EVENTS_URL}. */
    public Builder eventsUrl(@Nullable String value) {
      this.eventsUrl = value;
      return this;
    }

    /** Sets {@link PagerDutyConfig#source()}; default the deployment. */
    public Builder source(@Nullable String value) {
      this.source = value;
      return this;
    }

    /** Sets {@link PagerDutyConfig#outcomeSeverities()}; default {@link #defaultOutcomeSeverities()}. */
    public Builder outcomeSeverities(@Nullable Map<RunOutcome, PagerDutySeverity> value) {
      this.outcomeSeverities = value;
      return this;
    }

    /** Sets {@link PagerDutyConfig#resolveWhenRolledBack()}; default false. */
    public Builder resolveWhenRolledBack(boolean value) {
      this.resolveWhenRolledBack = value;
      return this;
    }

    /** Sets {@link PagerDutyConfig#delivery()}; default {@link DeliveryPolicy#ofDefaults()}. */
    public Builder delivery(@Nullable DeliveryPolicy value) {
      this.delivery = value;
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws InvalidConfigurationException listing every broken rule
     */
    public PagerDutyConfig build() {
      ConfigProblems p = ConfigProblems.of("PagerDutyConfig");
      p.notBlank("name", name);
      p.present("routingKey", routingKey);
      p.httpUri("eventsUrl", eventsUrl, false);
      if (source != null) {
        p.notBlank("source", source);
      }
      Map<RunOutcome, PagerDutySeverity> copy = new EnumMap<>(RunOutcome.class);
      Map<RunOutcome, PagerDutySeverity> given = outcomeSeverities;
      if (p.present("outcomeSeverities", given) && given != null) {
        for (RunOutcome outcome : RunOutcome.values()) {
          PagerDutySeverity severity = given.get(outcome);
          if (p.check(severity == null, "outcomeSeverities must map every outcome but misses " + outcome)
              && severity != null) {
            copy.put(outcome, severity);
          }
        }
      }
      p.present("delivery", delivery);
      p.throwIfAny();
      return new PagerDutyConfig(this, Collections.unmodifiableMap(copy));
    }
  }
}
