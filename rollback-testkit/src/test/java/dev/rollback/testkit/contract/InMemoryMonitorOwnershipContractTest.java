package dev.rollback.testkit.contract;

import dev.rollback.spi.MonitorOwnership;
import dev.rollback.testkit.InMemoryMonitorOwnership;
import dev.rollback.testkit.VirtualTime;
import java.time.Duration;

class InMemoryMonitorOwnershipContractTest extends MonitorOwnershipContract {
  private final VirtualTime time = VirtualTime.create();

  @Override
  protected MonitorOwnership ownership() {
    return InMemoryMonitorOwnership.create(time.clock(), 8);
  }

  @Override
  protected void elapse(Duration duration) {
    time.advance(duration);
  }
}
