package dev.rollback.spring.boot;

import dev.rollback.core.detect.Judgement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Remembers when the monitor last came to a judgement, so that the health indicator can report how
 * far behind it is. Thread-safe.
 */
public final class MonitorLag implements JudgementListener {
  private final Clock clock;
  private final AtomicReference<@Nullable Instant> last = new AtomicReference<>();

  private MonitorLag(Clock clock) {
    this.clock = clock;
  }

  /** Returns a tracker that reads the time from {@code clock}. */
  public static MonitorLag on(Clock clock) {
    return new MonitorLag(Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public void accept(Judgement judgement) {
    Instant end = judgement.startedAt().plus(judgement.duration());
    last.accumulateAndGet(end, (a, b) -> a == null || b.isAfter(a) ? b : a);
  }

  /** Returns when the last judgement ended, if there was one. */
  public Optional<Instant> lastJudgement() {
    return Optional.ofNullable(last.get());
  }

  /** Returns the time since the last judgement ended, if there was one. */
  public Optional<Duration> lag() {
    return lastJudgement().map(at -> {
      Duration lag = Duration.between(at, clock.instant());
      return lag.isNegative() ? Duration.ZERO : lag;
    });
  }
}
