package dev.rollback.testkit;

import dev.rollback.spi.Audience;
import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.Notifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Notifier} that keeps what it delivers. Every call follows the {@link Script} under
 * {@link Op#NOTIFY}; several recording notifiers on one script share its NOTIFY queue. Thread-safe.
 */
public final class RecordingNotifier implements Notifier {
  private final Script script;
  private final String name;
  private final List<Notification> delivered = new ArrayList<>();

  private RecordingNotifier(Script script, String name) {
    this.script = script;
    this.name = name;
  }

  /** Returns a notifier named {@code name} following {@code script}. */
  public static RecordingNotifier create(Script script, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("RecordingNotifier.name must not be blank");
    }
    return new RecordingNotifier(Objects.requireNonNull(script, "script"), name);
  }

  @Override
  public void send(Notification notification) throws InterruptedException {
    script.perform(Op.NOTIFY, name + ": " + notification.title(), () -> {
          synchronized (this) {
            delivered.add(notification);
          }
          return Boolean.TRUE;
        },
        null, () -> Script.invalid(Op.NOTIFY));
  }

  @Override
  public String name() {
    return name;
  }

  /** Returns every notification delivered, in order. */
  public synchronized List<Notification> delivered() {
    return List.copyOf(delivered);
  }

  /** Returns the notifications of {@code kind} delivered to {@code audience}. */
  public synchronized List<Notification> delivered(NotificationKind kind, Audience audience) {
    return delivered.stream().filter(n -> n.kind() == kind && n.audience() == audience).toList();
  }
}
