package dev.rollback.spring.boot;

import dev.rollback.spi.Notifier;
import java.util.List;

/**
 * The notifiers the starter built from {@code rollback.notify.*}, in fallback order (Slack,
 * PagerDuty, webhook). Not defined when the application has {@link Notifier} beans of its own,
 * which the engine then uses instead.
 *
 * @param notifiers the notifiers; empty when no notifier's secret is set
 */
public record RollbackNotifiers(List<Notifier> notifiers) {
  /** Copies the list. */
  public RollbackNotifiers {
    notifiers = List.copyOf(notifiers);
  }
}
