/**
 * The rollback test kit: in-memory adapters on virtual time ({@code dev.rollback.testkit}),
 * contract tests for adapter authors ({@code dev.rollback.testkit.contract}), jqwik generators
 * ({@code dev.rollback.testkit.jqwik}) and metric replays ({@code dev.rollback.testkit.replay}).
 */
module dev.rollback.testkit {
  requires transitive dev.rollback.core;
  requires transitive org.junit.jupiter.api;
  requires transitive net.jqwik.api;
  requires transitive jdk.httpserver;
  requires static transitive org.jspecify;

  exports dev.rollback.testkit;
  exports dev.rollback.testkit.contract;
  exports dev.rollback.testkit.http;
  exports dev.rollback.testkit.jqwik;
  exports dev.rollback.testkit.replay;
}
