/** The Prometheus {@code MetricsSource} ({@code dev.rollback.prometheus}); its fetcher is not exported. */
module dev.rollback.prometheus {
  requires transitive dev.rollback.spi;
  requires java.net.http;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires static transitive org.jspecify;

  exports dev.rollback.prometheus;
}
