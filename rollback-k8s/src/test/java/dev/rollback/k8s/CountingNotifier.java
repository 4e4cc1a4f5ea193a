package dev.rollback.k8s;

import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.Notifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Passes notifications on and remembers each one delivered; shared by the engines of a test. */
final class CountingNotifier implements Notifier {
  private final Notifier delegate;
  private final List<Notification> delivered = new CopyOnWriteArrayList<>();

  CountingNotifier(Notifier delegate) {
    this.delegate = delegate;
  }

  @Override
  public void send(Notification notification) throws InterruptedException {
    delegate.send(notification);
    delivered.add(notification);
  }

  @Override
  public String name() {
    return "counting " + delegate.name();
  }

  long count(NotificationKind kind) {
    return delivered.stream().filter(n -> n.kind() == kind).count();
  }
}
