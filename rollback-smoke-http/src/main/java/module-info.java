/** The HTTP smoke tester ({@code dev.rollback.smoke.http}); its implementation is not exported. */
module dev.rollback.smoke.http {
  requires transitive dev.rollback.spi;
  requires java.net.http;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires static transitive org.jspecify;

  exports dev.rollback.smoke.http;
}
