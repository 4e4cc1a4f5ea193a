package dev.rollback.notify.internal;

import dev.rollback.notify.AudienceRoutes;
import dev.rollback.notify.NotificationDeliveryException;
import dev.rollback.spi.Notification;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.NotifierException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each notification to every destination of its audience. It succeeds only when all of
 * them accepted; otherwise it throws one exception naming each destination that failed. It
 * remembers (for the last {@value #REMEMBERED} deliveries) which destinations already accepted a
 * notification, so the engine's retry of the same notification goes only to those that failed and
 * a chat channel is not posted twice. Its {@link NotificationDeliveryException#attempts()} counts
 * the destinations it tried in that call; the first failure is the cause, the others are
 * suppressed. It is {@linkplain NotificationDeliveryException#retryable() retryable} when any
 * failed destination's failure is, and carries the longest {@code Retry-After} they asked for.
 * Thread-safe.
 */
public final class AudienceRouter implements Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(AudienceRouter.class);
  static final int REMEMBERED = 4096;

  private record Delivered(Notification notification, Notifier destination) {}

  private final AudienceRoutes routes;
  private final Map<Delivered, Boolean> delivered =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Delivered, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** Creates the router for {@code routes}. */
  public AudienceRouter(AudienceRoutes routes) {
    this.routes = routes;
  }

  @Override
  public void send(Notification notification) throws InterruptedException {
    List<RuntimeException> failures = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    int tried = 0;
    for (Notifier destination : routes.destinations(notification.audience())) {
      Delivered key = new Delivered(notification, destination);
      if (alreadyDelivered(key)) {
        continue;
      }
      tried++;
      try {
        destination.send(notification);
        remember(key);
      } catch (RuntimeException e) {
        LOG.warn("{}: destination {} failed: {}", routes.name(), destination.name(), e.getMessage());
        failures.add(e);
        failed.add(destination.name() + " (" + e.getMessage() + ")");
      }
    }
    if (!failures.isEmpty()) {
      NotificationDeliveryException e =
          new NotificationDeliveryException(
              routes.name(), tried, -1, anyRetryable(failures), longestRetryAfter(failures),
              routes.name() + ": " + failed.size() + " destination(s) for "
                  + notification.audience() + " did not accept the notification: "
                  + String.join("; ", failed),
              failures.get(0));
      failures.subList(1, failures.size()).forEach(e::addSuppressed);
      throw e;
    }
  }

  /**
   * A repeat can help when any destination failed in a way worth retrying: an exception that is
   * not a {@link NotifierException} counts as retryable, as it does for the engine.
   */
  private static boolean anyRetryable(List<RuntimeException> failures) {
    return failures.stream().anyMatch(f -> !(f instanceof NotifierException n) || n.retryable());
  }

  /** Returns the longest wait any retryable destination asked for, or null when none asked. */
  private static @Nullable Duration longestRetryAfter(List<RuntimeException> failures) {
    Duration longest = null;
    for (RuntimeException f : failures) {
      if (f instanceof NotifierException n && n.retryable()) {
        Duration asked = n.retryAfter().orElse(null);
        if (asked != null && (longest == null || asked.compareTo(longest) > 0)) {
          longest = asked;
        }
      }
    }
    return longest;
  }

  private synchronized boolean alreadyDelivered(Delivered key) {
    return delivered.containsKey(key);
  }

  private synchronized void remember(Delivered key) {
    delivered.put(key, Boolean.TRUE);
  }

  @Override
  public String name() {
    return routes.name();
  }
}
