/** Micrometer metrics and observations of runs and judgements ({@code dev.rollback.micrometer}). */
module dev.rollback.micrometer {
  requires transitive dev.rollback.core;
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports dev.rollback.micrometer;
}
