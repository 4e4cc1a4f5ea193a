/**
 * The rollback engine: {@code RollbackEngine} in {@code dev.rollback.core.engine}; the workflow
 * graph, the run results and the values they share in {@code dev.rollback.core}; detection (the
 * detectors and the {@code DeploymentMonitor} that runs them) in {@code dev.rollback.core.detect};
 * postmortems in {@code dev.rollback.core.postmortem}. The {@code internal} packages are not
 * exported, and no two packages depend on each other (a test in rollback-core checks it).
 */
module dev.rollback.core {
  requires transitive dev.rollback.spi;
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports dev.rollback.core;
  exports dev.rollback.core.engine;
  exports dev.rollback.core.detect;
  exports dev.rollback.core.postmortem;
}
