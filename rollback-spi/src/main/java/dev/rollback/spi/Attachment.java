package dev.rollback.spi;

/**
 * A document a notification carries, e.g. the postmortem in Markdown.
 *
 * @param name a file name, e.g. {@code 20261127T071800Z-checkout-postmortem.md}
 * @param mediaType e.g. {@code text/markdown}
 * @param content the document
 */
public record Attachment(String name, String mediaType, String content) {
  /** Validates the fields. */
  public Attachment {
    Checks.notBlank(name, "Attachment.name");
    Checks.notBlank(mediaType, "Attachment.mediaType");
    Checks.present(content, "Attachment.content");
  }
}
