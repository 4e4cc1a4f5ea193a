package dev.rollback.spi;

import java.net.URI;

/**
 * A link a notification carries, e.g. to the postmortem.
 *
 * @param label what the link leads to
 * @param uri where it leads
 */
public record Link(String label, URI uri) {
  /** Validates both fields. */
  public Link {
    Checks.notBlank(label, "Link.label");
    Checks.present(uri, "Link.uri");
  }
}
