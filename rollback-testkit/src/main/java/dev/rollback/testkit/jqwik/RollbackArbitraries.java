package dev.rollback.testkit.jqwik;

import dev.rollback.testkit.Behavior;
import dev.rollback.testkit.FaultyCallbacks;
import dev.rollback.testkit.Op;
import dev.rollback.testkit.Thrown;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** jqwik arbitraries for adapter behaviours and scenarios. */
public final class RollbackArbitraries {
  private RollbackArbitraries() {}

  /**
   * Returns behaviours weighted towards success, so that generated runs go deep into the workflow:
   * succeed, the workflow's "No", throw, hang, slow within {@code maxSlow}, malformed, interrupt,
   * and raise an error or a sneaky checked exception ({@link Thrown}).
   */
  public static Arbitrary<Behavior> behaviors(Duration maxSlow) {
    Arbitrary<Behavior> slow = Arbitraries.longs().between(0, maxSlow.toMillis())
        .map(ms -> Behavior.slow(Duration.ofMillis(ms)));
    Arbitrary<Behavior> fail = Arbitraries.of("connection refused", "500 Internal Server Error", "forbidden")
        .map(Behavior::fail);
    return Arbitraries.frequencyOf(
        Tuple.of(60, Arbitraries.just(Behavior.succeed())),
        Tuple.of(10, Arbitraries.just(Behavior.answerNo())),
        Tuple.of(7, fail),
        Tuple.of(5, Arbitraries.just(Behavior.hang())),
        Tuple.of(8, slow),
        Tuple.of(5, Arbitraries.just(Behavior.malformed())),
        Tuple.of(5, Arbitraries.just(Behavior.interrupt())),
        Tuple.of(4, Arbitraries.of(Thrown.class).map(Behavior::raise)));
  }

  /**
   * Returns one scripted throw of a callback that is not an adapter: which callback, which {@link
   * Thrown}, and at which of its calls (up to the number of times a run calls it).
   */
  public static Arbitrary<FaultyCallbacks.Fault> callbackFaults() {
    return Arbitraries.of(FaultyCallbacks.Callback.class).flatMap(callback -> {
      int calls = switch (callback) {
        case RUN_LISTENER -> 50; // about two events per step
        case NOTIFIER_NAME, NOTIFIER_SEND, PUBLISHER_PUBLISH -> 4;
        default -> 2;
      };
      return Combinators.combine(Arbitraries.of(Thrown.class), Arbitraries.integers().between(1, calls))
          .as((thrown, call) -> new FaultyCallbacks.Fault(callback, thrown, call));
    });
  }

  /**
   * Returns scripts for the lock ({@link Op#LOCK}) and the store ({@link Op#SAVE}): each of their
   * first calls (up to 40) succeeds or fails in any way, slow answers taking up to {@code maxSlow}
   * each, and with a fifth chance every later call fails as well (a backend that went down).
   */
  public static Arbitrary<ScenarioScript> durabilityScripts(Duration maxSlow) {
    Arbitrary<Behavior> failing = Arbitraries.oneOf(
        Arbitraries.just(Behavior.hang()),
        Arbitraries.just(Behavior.fail("backend unavailable")),
        Arbitraries.of(Thrown.class).map(Behavior::raise),
        Arbitraries.longs().between(0, maxSlow.toMillis()).map(ms -> Behavior.slow(Duration.ofMillis(ms))));
    Arbitrary<List<Behavior>> calls = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(Behavior.succeed())),
        Tuple.of(2, failing)).list().ofMinSize(1).ofMaxSize(40);
    return Combinators.combine(calls, calls, Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 4))
        .as((lock, save, lockDown, saveDown) -> {
          Map<Op, List<Behavior>> map = new EnumMap<>(Op.class);
          map.put(Op.LOCK, lockDown == 0 ? down(lock) : lock);
          map.put(Op.SAVE, saveDown == 0 ? down(save) : save);
          return new ScenarioScript(map);
        });
  }

  /** {@code calls}, then a failure on every later call, for as long as any run lasts. */
  private static List<Behavior> down(List<Behavior> calls) {
    List<Behavior> out = new java.util.ArrayList<>(calls);
    for (int i = 0; i < 400; i++) {
      out.add(Behavior.fail("backend down"));
    }
    return out;
  }

  /** Returns one to three scripted throws of callbacks ({@link #callbackFaults()}). */
  public static Arbitrary<List<FaultyCallbacks.Fault>> callbackFaultLists() {
    return callbackFaults().list().ofMinSize(1).ofMaxSize(3);
  }

  /** Returns behaviours with slow answers of up to 20 s (within the default step deadlines). */
  public static Arbitrary<Behavior> behaviors() {
    return behaviors(Duration.ofSeconds(20));
  }

  /**
   * Returns scenarios scripting the first one to three calls of every {@link Op} of the workflow's
   * adapters and notifiers (not {@link Op#LOCK} or {@link Op#SAVE}: see {@link #durabilityScripts()}).
   */
  public static Arbitrary<ScenarioScript> scenarios() {
    Op[] ops = java.util.Arrays.stream(Op.values()).filter(op -> op != Op.LOCK && op != Op.SAVE).toArray(Op[]::new);
    Arbitrary<List<Behavior>> perOp = behaviors().list().ofMinSize(1).ofMaxSize(3);
    return Combinators.combine(perOp.list().ofSize(ops.length), Arbitraries.just(ops))
        .as((lists, all) -> {
          Map<Op, List<Behavior>> map = new EnumMap<>(Op.class);
          for (int i = 0; i < all.length; i++) {
            map.put(all[i], lists.get(i));
          }
          return new ScenarioScript(map);
        });
  }
}
