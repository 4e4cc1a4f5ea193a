package dev.rollback.testkit.contract;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.VersionRegistry;
import dev.rollback.testkit.InMemoryVersionRegistry;
import dev.rollback.testkit.Script;
import dev.rollback.testkit.TestRig;
import dev.rollback.testkit.VirtualTime;

class InMemoryVersionRegistryContractTest extends VersionRegistryContract {
  static final DeploymentRef FRESH = DeploymentRef.of("prod-eu-1", "shop", "fresh");

  @Override
  protected VersionRegistry registry() {
    return InMemoryVersionRegistry.create(Script.on(VirtualTime.create()))
        .history(TestRig.CHECKOUT, TestRig.V1, TestRig.V2)
        .history(FRESH, TestRig.V1);
  }

  @Override
  protected DeploymentRef deploymentWithHistory() {
    return TestRig.CHECKOUT;
  }

  @Override
  protected DeploymentRef deploymentWithOneVersion() {
    return FRESH;
  }
}
