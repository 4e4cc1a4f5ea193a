package dev.rollback.examples;

import dev.rollback.testkit.Behavior;
import dev.rollback.testkit.Op;
import dev.rollback.testkit.Script;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The scenarios the in-memory demo can play, one per outcome of the workflow. */
public enum DemoScenario {
  /** Everything works: v2 is rolled back to v1. */
  ROLLED_BACK("rolled-back", "everything works: checkout v2 is rolled back to v1") {
    @Override
    void script(Script script) {}
  },
  /** The registry knows no version before v2. */
  NO_PREVIOUS_VERSION("no-previous-version", "the registry knows no stable version before v2") {
    @Override
    void script(Script script) {
      script.then(Op.PREVIOUS_STABLE, Behavior.answerNo());
    }
  },
  /** v1 comes back, but one of its pods crash-loops. */
  PODS_UNHEALTHY("pods-unhealthy", "v1 is deployed but one of its pods crash-loops") {
    @Override
    void script(Script script) {
      script.then(Op.POD_HEALTH, Behavior.answerNo());
    }
  },
  /** v1 serves traffic, but a smoke check fails. */
  SMOKE_TESTS_FAIL("smoke-tests-fail", "traffic shifts to v1 but a smoke check fails") {
    @Override
    void script(Script script) {
      script.then(Op.SMOKE, Behavior.answerNo());
    }
  };

  private final String id;
  private final String description;

  DemoScenario(String id, String description) {
    this.id = id;
    this.description = description;
  }

  /** Scripts the in-memory adapters for this scenario. */
  abstract void script(Script script);

  /** Returns the name used on the command line. */
  public String id() {
    return id;
  }

  /** Returns what happens in this scenario. */
  public String description() {
    return description;
  }

  /** Returns the scenario named {@code id}, if there is one. */
  public static Optional<DemoScenario> byId(String id) {
    return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
  }

  /** Returns the valid names, comma-separated. */
  public static String names() {
    return Arrays.stream(values()).map(DemoScenario::id).collect(Collectors.joining(", "));
  }
}
