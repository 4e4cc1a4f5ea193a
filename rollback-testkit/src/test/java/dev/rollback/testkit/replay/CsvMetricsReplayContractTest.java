package dev.rollback.testkit.replay;

import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.TimeWindow;
import dev.rollback.testkit.TestRig;
import dev.rollback.testkit.contract.MetricsSourceContract;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

class CsvMetricsReplayContractTest extends MetricsSourceContract {
  static final Path INCIDENT = Path.of("src/test/resources/replay/checkout-incident.csv");
  static final Instant RECORDED = Instant.parse("2025-06-03T14:00:00Z");

  @Override
  protected MetricsSource source() {
    return CsvMetricsReplay.builder().file(INCIDENT).build();
  }

  @Override
  protected MetricQuery knownQuery() {
    return new MetricQuery("error_ratio", TestRig.CHECKOUT, "v2");
  }

  @Override
  protected TimeWindow windowWithData() {
    return new TimeWindow(RECORDED, RECORDED.plus(Duration.ofMinutes(10)), Duration.ofMinutes(1));
  }

  @Override
  protected TimeWindow windowWithoutData() {
    return new TimeWindow(RECORDED.plus(Duration.ofDays(1)), RECORDED.plus(Duration.ofDays(2)), Duration.ofMinutes(1));
  }

  @Override
  protected MetricQuery unknownQuery() {
    return new MetricQuery("no_such_metric", TestRig.CHECKOUT, null);
  }
}
