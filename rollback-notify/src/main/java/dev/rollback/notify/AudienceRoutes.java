package dev.rollback.notify;

import dev.rollback.spi.Audience;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.helpers.ConfigProblems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which destinations {@link Notifiers#routed} delivers each {@link Audience}'s notifications to:
 * for example on-call to Slack and PagerDuty, team lead to a second Slack channel and the lead's
 * PagerDuty service.
 *
 * @param name the router's name in journals, logs and exception messages
 * @param onCall the destinations of {@link Audience#ON_CALL}; at least one
 * @param teamLead the destinations of {@link Audience#TEAM_LEAD}; when empty, team-lead
 *     notifications go to {@code onCall}, so that no escalation is dropped
 */
public record AudienceRoutes(String name, List<Notifier> onCall, List<Notifier> teamLead) {

  /**
   * Validates every field, reports every broken rule at once, and copies the lists.
   *
   * @throws dev.rollback.spi.helpers.InvalidConfigurationException listing every broken rule
   */
  public AudienceRoutes {
    ConfigProblems p = ConfigProblems.of("AudienceRoutes");
    p.notBlank("name", name);
    onCall = copy(p, onCall, "onCall");
    teamLead = copy(p, teamLead, "teamLead");
    p.check(onCall.isEmpty(), "onCall must name at least one notifier");
    p.throwIfAny();
  }

  private static List<Notifier> copy(ConfigProblems p, List<Notifier> list, String field) {
    if (!p.present(field, list)) {
      return List.of();
    }
    List<Notifier> copy = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Notifier n = list.get(i);
      if (p.present(field + "[" + i + "]", n)) {
        copy.add(n);
      }
    }
    return List.copyOf(copy);
  }

  /** Returns routes that send on-call notifications to {@code notifiers}, team-lead ones too. */
  public static AudienceRoutes of(Notifier... notifiers) {
    return new AudienceRoutes("routed", Arrays.asList(notifiers), List.of());
  }

  /** Returns a copy that sends team-lead notifications to {@code notifiers}. */
  public AudienceRoutes withTeamLead(Notifier... notifiers) {
    return new AudienceRoutes(name, onCall, Arrays.asList(notifiers));
  }

  /** Returns a copy named {@code newName}. */
  public AudienceRoutes withName(String newName) {
    return new AudienceRoutes(newName, onCall, teamLead);
  }

  /** Returns the destinations of {@code audience}. */
  public List<Notifier> destinations(Audience audience) {
    return audience == Audience.TEAM_LEAD && !teamLead.isEmpty() ? teamLead : onCall;
  }
}
