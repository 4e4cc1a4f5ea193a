package dev.rollback.testkit.contract;

import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.ScaleDown;
import dev.rollback.testkit.InMemoryClusterDriver;
import dev.rollback.testkit.Script;
import dev.rollback.testkit.TestRig;
import dev.rollback.testkit.VirtualTime;
import java.time.Duration;

class InMemoryClusterDriverContractTest extends ClusterDriverContract {
  private final VirtualTime time = VirtualTime.create();

  @Override
  protected ClusterDriver driver() {
    return InMemoryClusterDriver.create(Script.on(time)).running(TestRig.CHECKOUT, "v2");
  }

  @Override
  protected RollbackManifest manifest() {
    return new RollbackManifest(RunId.of("contract-1"), TestRig.CHECKOUT, TestRig.V2, TestRig.V1,
        ScaleDown.removeAll(), time.now());
  }

  @Override
  protected void letTheClusterProgress() {
    time.advance(Duration.ofSeconds(5));
  }
}
