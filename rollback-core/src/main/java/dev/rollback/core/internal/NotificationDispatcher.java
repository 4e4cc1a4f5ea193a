package dev.rollback.core.internal;

import dev.rollback.core.NotificationRecord;
import dev.rollback.core.RollbackPolicy;
import dev.rollback.core.TaskScheduler;
import dev.rollback.spi.Notification;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.NotifierException;
import dev.rollback.spi.helpers.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one notification through the configured notifiers in order: each is tried up to the
 * policy's attempts with backoff; the first delivery ends the chain. This is the one retry layer:
 * notifiers make one attempt per call. A {@link NotifierException} that is not {@linkplain
 * NotifierException#retryable() retryable} moves on to the next notifier at once; one carrying a
 * {@code Retry-After} waits at least that long, unless it asks for longer than the policy's longest
 * notification backoff (which the run's deadline reserves), when the next notifier is tried
 * instead. When every notifier fails the whole notification is logged at ERROR, and that too is
 * recorded. Nothing is lost silently.
 */
public final class NotificationDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rollback.notifications");

  private final List<Notifier> notifiers;
  private final RollbackPolicy policy;
  private final TaskScheduler scheduler;
  private final AdapterInvoker invoker;

  /** Creates a dispatcher over {@code notifiers}, tried in order. */
  public NotificationDispatcher(
      List<Notifier> notifiers, RollbackPolicy policy, TaskScheduler scheduler, AdapterInvoker invoker) {
    this.notifiers = List.copyOf(notifiers);
    this.policy = policy;
    this.scheduler = scheduler;
    this.invoker = invoker;
  }

  /**
   * Sends {@code notification}; {@code onRecord} sees every attempt as it ends, and {@code done}
   * receives all of them once the chain ends. Both run on the scheduler.
   */
  public void dispatch(
      Notification notification,
      Consumer<NotificationRecord> onRecord,
      Consumer<List<NotificationRecord>> done) {
    new Chain(notification, onRecord, done).attempt(0, 1);
  }

  private final class Chain {
    private final Notification notification;
    private final Consumer<NotificationRecord> onRecord;
    private final Consumer<List<NotificationRecord>> done;
    private final List<NotificationRecord> records = new ArrayList<>();

    Chain(
        Notification notification,
        Consumer<NotificationRecord> onRecord,
        Consumer<List<NotificationRecord>> done) {
      this.notification = notification;
      this.onRecord = onRecord;
      this.done = done;
    }

    void attempt(int index, int attempt) {
      if (index >= notifiers.size()) {
        giveUp();
        return;
      }
      Notifier notifier = notifiers.get(index);
      String name = nameOf(notifier);
      invoker.<Boolean>call(
          "Notifier '" + name + "'",
          () -> {
            notifier.send(notification);
            return Boolean.TRUE;
          },
          scheduler.clock().instant().plus(policy.notificationTimeout()),
          outcome -> {
            if (outcome instanceof CallOutcome.Answered<Boolean>) {
              record(new NotificationRecord(
                  notification.kind(), notification.audience(), name, attempt, now(), true, null));
              done.accept(List.copyOf(records));
              return;
            }
            CallOutcome.Failed<Boolean> failed = (CallOutcome.Failed<Boolean>) outcome;
            record(new NotificationRecord(
                notification.kind(), notification.audience(), name, attempt, now(), false, failed.message()));
            LOG.warn(
                "[{} run {}] {} notification attempt {} via {} failed: {}",
                notification.deployment(),
                notification.runId(),
                notification.kind(),
                attempt,
                name,
                failed.message());
            Duration wait = retryWait(failed.cause(), attempt, name);
            if (wait != null && attempt < policy.notifierAttempts()) {
              scheduler.schedule(wait, () -> attempt(index, attempt + 1));
            } else {
              attempt(index + 1, 1);
            }
          });
    }

    /**
     * Returns the wait before attempt {@code attempt + 1} of the same notifier, or null when the
     * failure says that trying it again cannot help soon enough.
     */
    private @Nullable Duration retryWait(@Nullable Throwable cause, int attempt, String name) {
      Duration backoff = policy.notificationBackoffAfter(attempt);
      if (!(cause instanceof NotifierException refusal)) {
        return backoff;
      }
      if (!refusal.retryable()) {
        LOG.warn("[{} run {}] {} refused the {} notification; not retrying it, trying the next notifier",
            notification.deployment(), notification.runId(), name, notification.kind());
        return null;
      }
      Duration asked = refusal.retryAfter().orElse(null);
      if (asked != null && Backoff.exceeds(asked, policy.notificationBackoffMax())) {
        LOG.warn("[{} run {}] {} asked to retry after {} s, longer than notificationBackoffMax {} s;"
                + " trying the next notifier", notification.deployment(), notification.runId(), name,
            asked.toSeconds(), policy.notificationBackoffMax().toSeconds());
        return null;
      }
      return asked != null && asked.compareTo(backoff) > 0 ? asked : backoff;
    }

    private void giveUp() {
      LOG.error(
          "[{} run {}] every notifier failed; the {} notification for {} follows so it is not lost: {}",
          notification.deployment(),
          notification.runId(),
          notification.kind(),
          notification.audience(),
          notification);
      record(new NotificationRecord(
          notification.kind(),
          notification.audience(),
          "log",
          1,
          now(),
          false,
          "every notifier failed; the notification was written to the ERROR log"));
      done.accept(List.copyOf(records));
    }

    private void record(NotificationRecord record) {
      records.add(record);
      onRecord.accept(record);
    }

    private java.time.Instant now() {
      return scheduler.clock().instant();
    }
  }

  /**
   * Sends {@code notification} now, on the calling thread, once per notifier in order until one
   * delivers, waiting at most the policy's notification timeout of real time for each: for a run
   * that the closing engine stops and nobody will resume. When every notifier fails the whole
   * notification is logged at ERROR. Returns every attempt.
   */
  public List<NotificationRecord> dispatchNow(Notification notification) {
    List<NotificationRecord> records = new ArrayList<>();
    for (Notifier notifier : notifiers) {
      String name = nameOf(notifier);
      String failure = invoker.callNow("Notifier '" + name + "'", () -> {
        notifier.send(notification);
        return Boolean.TRUE;
      }, policy.notificationTimeout());
      records.add(new NotificationRecord(notification.kind(), notification.audience(), name, 1,
          scheduler.clock().instant(), failure == null, failure));
      if (failure == null) {
        return List.copyOf(records);
      }
      LOG.warn("[{} run {}] {} notification via {} failed while the engine closed: {}",
          notification.deployment(), notification.runId(), notification.kind(), name, failure);
    }
    LOG.error(
        "[{} run {}] every notifier failed while the engine closed; the {} notification follows so it is not lost: {}",
        notification.deployment(), notification.runId(), notification.kind(), notification);
    records.add(new NotificationRecord(notification.kind(), notification.audience(), "log", 1,
        scheduler.clock().instant(), false, "every notifier failed; the notification was written to the ERROR log"));
    return List.copyOf(records);
  }

  /** The notifier's name; its class name when {@code name()} throws or answers null or blank. */
  private static String nameOf(Notifier notifier) {
    String name = UserCode.orElse("Notifier.name", notifier::name, "");
    return name.isBlank() ? notifier.getClass().getName() : name;
  }
}
