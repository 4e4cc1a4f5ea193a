package dev.rollback.testkit.contract;

import dev.rollback.spi.MonitorStateStore;
import dev.rollback.testkit.InMemoryMonitorStateStore;

class InMemoryMonitorStateStoreContractTest extends MonitorStateStoreContract {
  @Override
  protected MonitorStateStore store() {
    return InMemoryMonitorStateStore.create();
  }
}
