package dev.rollback.testkit.contract;

import dev.rollback.spi.RunStore;
import dev.rollback.testkit.InMemoryRunStore;

class InMemoryRunStoreContractTest extends RunStoreContract {
  @Override
  protected RunStore store() {
    return InMemoryRunStore.create();
  }
}
