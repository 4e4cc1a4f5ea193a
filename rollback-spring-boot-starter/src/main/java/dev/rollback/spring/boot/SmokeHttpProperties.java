package dev.rollback.spring.boot;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of {@code rollback.smoke.http.*}: the smoke tester is configured when at least one check is listed.
 * Its {@code connect-timeout} and {@code request-timeout} are those of {@link HttpTimeoutProperties}.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class SmokeHttpProperties extends HttpTimeoutProperties {
  /** The checks, run in order. */
  private final List<HttpCheckProperties> checks = new ArrayList<>();

  /** Returns the checks, run in order. */
  public List<HttpCheckProperties> getChecks() {
    return checks;
  }
}
