package dev.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunResultBuilderTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private static final Version V1 = Version.of("v1", "app", "registry.example.com/shop/checkout:1");
  private static final Version V2 = Version.of("v2", "app", "registry.example.com/shop/checkout:2");

  private static RunResult.Builder manual() {
    return RunResult.builder()
        .runId(RunId.of("rb-1"))
        .deployment(DeploymentRef.of("prod-eu", "shop", "checkout"))
        .trigger(Trigger.manual("alice", "bad release"))
        .outcome(RunOutcome.ROLLED_BACK)
        .startedAt(T0)
        .endedAt(T0.plusSeconds(90));
  }

  @Test
  void theBuilderMakesWhatTheCanonicalConstructorMakes() {
    ClusterNotice notice = new ClusterNotice("gitops", "suspended", "resume it");

    RunResult built = manual().from(V2).to(V1).notices(List.of(notice)).build();

    assertEquals(
        new RunResult(RunId.of("rb-1"), DeploymentRef.of("prod-eu", "shop", "checkout"),
            Trigger.manual("alice", "bad release"), RunOutcome.ROLLED_BACK, List.of(), V2, V1, null,
            null, null, null, List.of(), List.of(), T0, T0.plusSeconds(90), List.of(),
            List.of(notice)),
        built);
    assertEquals(Duration.ofSeconds(90), built.duration());
  }

  @Test
  void unsetOptionalFieldsAreNullAndListsEmpty() {
    RunResult r = manual().build();

    assertNull(r.from());
    assertNull(r.manifest());
    assertEquals(List.of(), r.journal());
    assertEquals(List.of(), r.notifications());
    assertEquals(List.of(), r.publications());
  }

  @Test
  void aCopiedBuilderChangesOnlyWhatIsSetAndListsAreCopied() {
    List<ClusterNotice> notices = new ArrayList<>();
    notices.add(new ClusterNotice("a", "first", null));
    RunResult first = manual().notices(notices).build();
    notices.add(new ClusterNotice("b", "second", null));

    RunResult failed = RunResult.builder(first).outcome(RunOutcome.ROLLBACK_FAILED).build();

    assertEquals(1, first.notices().size(), "the builder copied the list when it was set");
    assertEquals(RunOutcome.ROLLBACK_FAILED, failed.outcome());
    assertEquals(first, RunResult.builder(failed).outcome(RunOutcome.ROLLED_BACK).build());
    assertEquals(first.withPublications(List.of()), first);
  }

  @Test
  void aMissingRequiredFieldIsNamed() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> RunResult.builder().runId(RunId.of("rb-1")).build());

    assertEquals("RunResult.deployment", e.getMessage());
  }
}
