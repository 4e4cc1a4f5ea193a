/**
 * The rollback engine: {@code RollbackEngine}, the workflow graph and the run results in {@code
 * dev.rollback.core}; detection in {@code dev.rollback.core.detect}; postmortems in {@code
 * dev.rollback.core.postmortem}. The {@code internal} packages are not exported.
 */
module dev.rollback.core {
  requires transitive dev.rollback.spi;
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports dev.rollback.core;
  exports dev.rollback.core.detect;
  exports dev.rollback.core.postmortem;
}
