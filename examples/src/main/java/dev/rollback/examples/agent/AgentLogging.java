package dev.rollback.examples.agent;

/**
 * The agent's log defaults for slf4j-simple, the binding the examples ship: the library's and the
 * agent's loggers ({@code dev.rollback.*}) at INFO, other libraries at WARN, with UTC date and
 * time, on standard error. A {@code -Dorg.slf4j.simpleLogger...} property given on the command line
 * wins; with another slf4j binding on the class path these properties do nothing.
 */
final class AgentLogging {
  private AgentLogging() {}

  /** Sets the defaults; must run before the first logger is created. */
  static void defaults() {
    setIfAbsent("org.slf4j.simpleLogger.log.dev.rollback", "info");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
