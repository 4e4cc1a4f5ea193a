/**
 * Notifiers for Slack, PagerDuty and signed webhooks, and routing by audience ({@code
 * dev.rollback.notify}); the implementations stay in the unexported {@code internal} package.
 */
module dev.rollback.notify {
  requires transitive dev.rollback.spi;
  requires java.net.http;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires static transitive org.jspecify;

  exports dev.rollback.notify;
}
