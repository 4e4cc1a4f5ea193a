package dev.rollback.testkit.contract;

import dev.rollback.spi.DeploymentLock;
import dev.rollback.testkit.InMemoryDeploymentLock;
import dev.rollback.testkit.VirtualTime;
import java.time.Duration;

class InMemoryDeploymentLockContractTest extends DeploymentLockContract {
  private final VirtualTime time = VirtualTime.create();

  @Override
  protected DeploymentLock lock() {
    return InMemoryDeploymentLock.create(time.clock());
  }

  @Override
  protected void elapse(Duration duration) {
    time.advance(duration);
  }
}
