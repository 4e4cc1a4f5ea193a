package dev.rollback.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.Version;
import dev.rollback.spi.VersionRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link VersionRegistry}. Each test gets a fresh registry from {@link #registry()}.
 */
public abstract class VersionRegistryContract {

  /** Returns a fresh registry holding the fixtures below. */
  protected abstract VersionRegistry registry() throws Exception;

  /** Returns a deployment with at least two stable versions, the newer one current. */
  protected abstract DeploymentRef deploymentWithHistory();

  /** Returns a deployment that has only ever had one version. */
  protected abstract DeploymentRef deploymentWithOneVersion();

  /** Returns a deployment the registry does not know. */
  protected DeploymentRef unknownDeployment() {
    return DeploymentRef.of("contract", "nowhere", "no-such-deployment");
  }

  private RollbackManifest manifest(VersionRegistry registry, String runId) throws InterruptedException {
    DeploymentRef d = deploymentWithHistory();
    Version current = registry.currentVersion(d);
    Version previous = assertInstanceOf(PreviousVersion.Found.class, registry.previousStable(d, current)).version();
    return new RollbackManifest(RunId.of(runId), d, current, previous, ScaleDown.removeAll(), Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void currentVersionAnswersAValidVersion() throws Exception {
    Version current = registry().currentVersion(deploymentWithHistory());
    assertNotNull(current, "currentVersion must not answer null");
    assertEquals(current, new Version(current.id(), current.images()), "the answer is a valid value");
  }

  @Test
  void previousStableIsOlderThanAndDifferentFromTheCurrentVersion() throws Exception {
    VersionRegistry registry = registry();
    Version current = registry.currentVersion(deploymentWithHistory());
    PreviousVersion previous = registry.previousStable(deploymentWithHistory(), current);
    Version found = assertInstanceOf(PreviousVersion.Found.class, previous,
        "a deployment with history has a previous stable version").version();
    assertNotEquals(current.id(), found.id(), "the previous version is not the current one");
  }

  @Test
  void noPreviousVersionIsAnAnswerNotAThrow() throws Exception {
    VersionRegistry registry = registry();
    Version only = registry.currentVersion(deploymentWithOneVersion());
    PreviousVersion previous = registry.previousStable(deploymentWithOneVersion(), only);
    PreviousVersion.NoneAvailable none = assertInstanceOf(PreviousVersion.NoneAvailable.class, previous);
    assertNotNull(none.reason());
  }

  @Test
  void anUnknownDeploymentIsAThrowNamingIt() throws Exception {
    VersionRegistry registry = registry();
    Exception e = assertThrows(RuntimeException.class, () -> registry.currentVersion(unknownDeployment()));
    assertNotNull(e.getMessage(), "the exception says what failed");
  }

  @Test
  void aVersionMarkedFailedIsNeverOfferedAgainAndMarkingIsIdempotent() throws Exception {
    VersionRegistry registry = registry();
    RollbackManifest m = manifest(registry, "contract-mark-1");
    registry.markFailed(m, "contract test: pods never became ready");
    assertDoesNotThrow(() -> registry.markFailed(m, "contract test: pods never became ready"));
    PreviousVersion after = registry.previousStable(m.deployment(), m.from());
    if (after instanceof PreviousVersion.Found found) {
      assertNotEquals(m.to().id(), found.version().id(), "a version marked failed is not stable");
    }
  }

  @Test
  void recordingARollbackIsIdempotent() throws Exception {
    VersionRegistry registry = registry();
    RollbackManifest m = manifest(registry, "contract-record-1");
    Instant at = Instant.parse("2026-01-01T00:10:00Z");
    registry.recordRollback(m, at);
    assertDoesNotThrow(() -> registry.recordRollback(m, at));
  }
}
