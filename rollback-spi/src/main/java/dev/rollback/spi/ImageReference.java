package dev.rollback.spi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A container image reference in the OCI distribution grammar: {@code
 * [registry[:port]/]repository[:tag][@digest]}, for example {@code
 * registry.example.com:5000/shop/checkout:1.4.2} or {@code checkout@sha256:…}.
 *
 * <p>The constructor rejects anything that is not a reference (a blank string, upper-case
 * repository, a tag longer than 128 characters, a malformed digest, more than {@value #MAX_LENGTH}
 * characters in all) with a message naming the rule. The length is checked first, so that
 * validation takes time and stack bounded by {@value #MAX_LENGTH} characters whatever the input.
 *
 * @param value the reference exactly as given
 */
public record ImageReference(String value) {
  /**
   * The longest reference: a name of 255 characters, a tag of 128 and a SHA-512 digest, with their
   * separators, fit in it.
   */
  public static final int MAX_LENGTH = 540;

  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String HOST =
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])";
  private static final String REMAINDER =
      "(?<path>"
          + PATH_COMPONENT
          + "(?:/"
          + PATH_COMPONENT
          + ")*)"
          + "(?::(?<tag>[\\w][\\w.-]{0,127}))?"
          + "(?:@(?<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?";
  private static final Pattern WITH_REGISTRY =
      Pattern.compile("(?<domain>" + HOST + "(?::[0-9]+)?)/" + REMAINDER);
  private static final Pattern WITHOUT_REGISTRY =
      Pattern.compile("(?<domain>(?!))?" + REMAINDER);

  /** Validates {@code value} against the OCI reference grammar. */
  public ImageReference {
    Checks.notBlank(value, "ImageReference.value");
    if (value.length() > MAX_LENGTH) {
      throw new InvalidValueException("ImageReference.value " + Checks.shown(value) + " has " + value.length()
          + " characters; an image reference has at most " + MAX_LENGTH);
    }
    Matcher m = match(value);
    if (m == null) {
      throw new InvalidValueException(
          "ImageReference.value "
              + Checks.shown(value)
              + " is not an OCI image reference: expected [registry[:port]/]repository[:tag][@digest]"
              + " with a lower-case repository, a tag of at most 128 word characters, '.' or '-',"
              + " and a digest of the form algorithm:hex");
    }
    String path = m.group("path");
    String domain = m.group("domain");
    int nameLength = path.length() + (domain == null ? 0 : domain.length() + 1);
    if (nameLength > 255) {
      throw new InvalidValueException(
          "ImageReference.value " + Checks.shown(value) + " has a name longer than 255 characters");
    }
  }

  /** Parses {@code value}; equivalent to the constructor. */
  public static ImageReference of(String value) {
    return new ImageReference(value);
  }

  /** Returns whether {@code value} is a well-formed image reference, without throwing. */
  public static boolean isValid(@Nullable String value) {
    return value != null && !value.isBlank() && value.length() <= MAX_LENGTH && match(value) != null;
  }

  /** Returns the registry host (with port), or {@code null} when the reference names none. */
  public @Nullable String registry() {
    return parsed().group("domain");
  }

  /** Returns the repository path, e.g. {@code shop/checkout}. */
  public String repository() {
    return parsed().group("path");
  }

  /** Returns the tag, or {@code null} when the reference has none. */
  public @Nullable String tag() {
    return parsed().group("tag");
  }

  /** Returns the digest, or {@code null} when the reference has none. */
  public @Nullable String digest() {
    return parsed().group("digest");
  }

  @Override
  public String toString() {
    return value;
  }

  private Matcher parsed() {
    Matcher m = match(value);
    if (m == null) {
      throw new IllegalStateException("validated in the constructor");
    }
    return m;
  }

  private static @Nullable Matcher match(String value) {
    Matcher m = WITH_REGISTRY.matcher(value);
    if (m.matches()) {
      // A first component without '.', ':' or "localhost" is part of the repository, not a registry.
      String domain = m.group("domain");
      if (domain.contains(".")
          || domain.contains(":")
          || domain.equals("localhost")
          || domain.startsWith("[")) {
        return m;
      }
    }
    Matcher plain = WITHOUT_REGISTRY.matcher(value);
    return plain.matches() ? plain : null;
  }
}
