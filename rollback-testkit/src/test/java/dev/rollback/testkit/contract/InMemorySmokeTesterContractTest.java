package dev.rollback.testkit.contract;

import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.SmokeTester;
import dev.rollback.testkit.Behavior;
import dev.rollback.testkit.InMemorySmokeTester;
import dev.rollback.testkit.Op;
import dev.rollback.testkit.Script;
import dev.rollback.testkit.TestRig;
import dev.rollback.testkit.VirtualTime;
import java.time.Instant;

class InMemorySmokeTesterContractTest extends SmokeTesterContract {
  private final Script script = Script.on(VirtualTime.create());

  @Override
  protected SmokeTester tester() {
    return InMemorySmokeTester.create(script);
  }

  @Override
  protected RollbackManifest healthyManifest() {
    return new RollbackManifest(RunId.of("contract-1"), TestRig.CHECKOUT, TestRig.V2, TestRig.V1,
        ScaleDown.removeAll(), Instant.EPOCH);
  }

  @Override
  protected RollbackManifest brokenManifest() {
    script.then(Op.SMOKE, Behavior.answerNo());
    return healthyManifest();
  }
}
