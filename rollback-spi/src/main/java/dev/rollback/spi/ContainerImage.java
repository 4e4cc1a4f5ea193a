package dev.rollback.spi;

/**
 * One container of a version and the image it runs.
 *
 * @param container the container name, a DNS-1123 label
 * @param image the image the container runs
 */
public record ContainerImage(String container, ImageReference image) {
  /** Validates both fields. */
  public ContainerImage {
    Checks.dnsLabel(container, "ContainerImage.container");
    Checks.present(image, "ContainerImage.image");
  }

  /** Returns a container image, parsing {@code image} as an {@link ImageReference}. */
  public static ContainerImage of(String container, String image) {
    return new ContainerImage(container, ImageReference.of(image));
  }
}
