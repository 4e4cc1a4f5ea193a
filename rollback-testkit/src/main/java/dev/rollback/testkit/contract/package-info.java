/**
 * SPI contract tests: abstract JUnit 5 classes an adapter's own test extends by supplying the
 * adapter and a fixture. Each test states one rule of the SPI's javadoc: answers are valid values,
 * expected failures are values, state-changing calls are idempotent.
 *
 * <pre>{@code
 * class MyRegistryContractTest extends VersionRegistryContract {
 *   protected VersionRegistry registry() { return new MyRegistry(testDatabase); }
 *   protected DeploymentRef deploymentWithHistory() { return DeploymentRef.of("test", "shop", "checkout"); }
 *   protected DeploymentRef deploymentWithOneVersion() { return DeploymentRef.of("test", "shop", "fresh"); }
 * }
 * }</pre>
 */
@NullMarked
package dev.rollback.testkit.contract;

import org.jspecify.annotations.NullMarked;
