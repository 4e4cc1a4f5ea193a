package dev.rollback.smoke.http.testing;

import dev.rollback.spi.helpers.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A sleeper that records every requested delay and returns at once. */
public final class RecordingSleeper implements Sleeper {
  private final List<Duration> delays = new ArrayList<>();

  @Override
  public synchronized void sleep(Duration duration) throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("interrupted before sleeping");
    }
    delays.add(duration);
  }

  /** Returns the delays requested so far. */
  public synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }
}
