package dev.rollback.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Node;
import dev.rollback.core.NotificationRecord;
import dev.rollback.core.PublicationRecord;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.spi.NotificationKind;
import dev.rollback.testkit.jqwik.RollbackArbitraries;
import dev.rollback.testkit.jqwik.ScenarioScript;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 12: over arbitrary adapter behaviours and arbitrary throws (errors, sneaky checked
 * exceptions) from the callbacks that are not adapters (a listener, a notifier's name and send, a
 * postmortem publisher's name, locate and publish, the run id function) at any of their calls,
 * every run still ends at Notify on-call engineer then End, within its deadline, with its terminal
 * notification attempted, and every postmortem publisher's attempt recorded.
 */
class ThrowingCallbackProperties {
  private static final Trigger TRIGGER = Trigger.manual("prop@example.com", "generated callback faults");

  @Provide
  Arbitrary<ScenarioScript> scenarios() {
    return RollbackArbitraries.scenarios();
  }

  @Provide
  Arbitrary<List<FaultyCallbacks.Fault>> faults() {
    return RollbackArbitraries.callbackFaultLists();
  }

  @Property(tries = 600)
  void everyRunEndsAtItsTerminalNotificationWhateverACallbackThrows(
      @ForAll("scenarios") ScenarioScript scenario, @ForAll("faults") List<FaultyCallbacks.Fault> faults) {
    TestRig rig = TestRig.create();
    scenario.applyTo(rig.script());
    FaultyCallbacks callbacks = FaultyCallbacks.of(faults);
    rig.customize(callbacks::installOn);

    CompletableFuture<RunResult> future = rig.engine().start(TestRig.CHECKOUT, TRIGGER);
    rig.time().runUntilIdle();

    assertTrue(future.isDone(), "the run ended; thrown: " + callbacks.thrown());
    RunResult result = future.join();
    assertTrue(result.duration().compareTo(rig.engine().policy().overallDeadline()) <= 0,
        "took " + result.duration());
    List<Node> path = result.path();
    assertEquals(List.of(Node.NOTIFY_ON_CALL, Node.END), path.subList(path.size() - 2, path.size()));
    assertEquals(1, path.stream().filter(n -> n == Node.NOTIFY_ON_CALL).count());
    List<NotificationRecord> terminal = result.notifications().stream()
        .filter(r -> r.kind() == NotificationKind.RUN_FINISHED).toList();
    assertFalse(terminal.isEmpty(), "the terminal notification was attempted");
    assertTrue(terminal.stream().anyMatch(r -> r.delivered() || r.notifier().equals("log")),
        "the terminal notification was delivered, or written to the ERROR log: " + terminal);
    assertFalse(result.publications().isEmpty(), "the publisher's attempts are recorded");
    for (FaultyCallbacks.Fault fault : callbacks.thrown()) {
      if (fault.callback() == FaultyCallbacks.Callback.PUBLISHER_PUBLISH) {
        String thrownClass = fault.thrown().create("").getClass().getName();
        assertTrue(result.publications().stream().map(PublicationRecord::error)
                .anyMatch(e -> e != null && e.contains(thrownClass)),
            "the publisher's " + fault.thrown() + " is recorded: " + result.publications());
      }
    }
    assertTrue(rig.engine().inProgress(TestRig.CHECKOUT).isEmpty(), "the run is no longer in progress");
  }
}
