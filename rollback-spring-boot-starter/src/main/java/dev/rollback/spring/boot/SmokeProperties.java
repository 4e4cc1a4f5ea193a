package dev.rollback.spring.boot;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of {@code rollback.smoke.*}.
 *
 * <p>A mutable bean because Spring binds it; the library's own immutable settings are built from it.
 */
public final class SmokeProperties {
  /** The HTTP smoke tests. */
  @NestedConfigurationProperty
  private final SmokeHttpProperties http = new SmokeHttpProperties();

  /** Returns the HTTP smoke tests. */
  public SmokeHttpProperties getHttp() {
    return http;
  }
}
