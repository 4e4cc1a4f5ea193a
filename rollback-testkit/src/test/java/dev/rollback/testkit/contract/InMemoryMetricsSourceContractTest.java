package dev.rollback.testkit.contract;

import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.TimeWindow;
import dev.rollback.testkit.InMemoryMetricsSource;
import dev.rollback.testkit.TestRig;
import java.time.Duration;
import java.time.Instant;

class InMemoryMetricsSourceContractTest extends MetricsSourceContract {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration STEP = Duration.ofMinutes(1);

  @Override
  protected MetricsSource source() {
    InMemoryMetricsSource source = InMemoryMetricsSource.create();
    for (int i = 0; i < 30; i++) {
      source.record("error_ratio", T0.plus(STEP.multipliedBy(i)), 0.001 * i);
    }
    return source;
  }

  @Override
  protected MetricQuery knownQuery() {
    return new MetricQuery("error_ratio", TestRig.CHECKOUT, "v2");
  }

  @Override
  protected TimeWindow windowWithData() {
    return new TimeWindow(T0.plus(STEP.multipliedBy(5)), T0.plus(STEP.multipliedBy(15)), STEP);
  }

  @Override
  protected TimeWindow windowWithoutData() {
    return new TimeWindow(T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(3)), STEP);
  }

  @Override
  protected MetricQuery unknownQuery() {
    return new MetricQuery("no_such_metric", TestRig.CHECKOUT, null);
  }
}
